"""`python app.py` in its own process on a free loopback port, for the benchmarks that
talk to it (startup, load): the same as tests/conftest.py's RunningApp, without
importing the test suite."""

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
    """`python app.py --port P --index DIR` on a free loopback port, its output in a log
    file; returns once the port is open. `stop()` ends it."""

    def __init__(self, seeds: Path, index: Path, log: Path, seconds: float = 180):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {
            "HF_HUB_OFFLINE": "1",  # the default, as the tests have it
            **os.environ,
            "QA_SEEDS_DIR": str(seeds),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "GRADIO_TEMP_DIR": str(log.parent / "gradio-uploads"),
        }
        self._out = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(self.port), "--index", str(index)],
            cwd=ROOT,
            env=env,
            stdout=self._out,
            stderr=self._out,
            text=True,
        )
        try:
            self._wait_for_port(seconds)
        except BaseException:
            self.stop()
            raise

    def _wait_for_port(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited early with status {self.proc.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise TimeoutError("the app did not open its port")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self._out.close()
