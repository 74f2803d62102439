"""`python app.py` in its own process on a free loopback port, for the benchmarks that
talk to it (startup, load) and for the tests (tests/conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from .corpus import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningApp:
    """`python app.py --port P --index DIR [extra]` on a free loopback port, its output in
    `log`; returns once the port is open. `stop()` ends it."""

    def __init__(
        self, seeds: Path, index: Path, log: Path, extra: tuple = (), seconds: float = 180
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.uploads = log.parent / "gradio-uploads"  # where Gradio keeps uploaded files
        env = {
            "HF_HUB_OFFLINE": "1",  # the default, as the tests have it
            **os.environ,
            "QA_SEEDS_DIR": str(seeds),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "GRADIO_TEMP_DIR": str(self.uploads),
        }
        self._out = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(self.port), "--index", str(index), *extra],
            cwd=ROOT,
            env=env,
            stdout=self._out,
            stderr=self._out,
            text=True,
        )
        try:
            wait_for_port(self.port, self.proc, seconds)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self._out.close()


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 180) -> None:
    """Returns once something listens on the loopback port; an error if `proc` exits or
    the time runs out first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the process exited early with status {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing opened port {port} in {seconds:g} s")
