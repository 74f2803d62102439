"""Shared, session-scoped fixtures: the real model, the real article, one built index."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import qa
from qa.config import ROOT, Config

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
SEED = ROOT / "seeds" / "000_3ae34f4a203fbd2d.txt"


@pytest.fixture(scope="session")
def article() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("qa")


@pytest.fixture(scope="session")
def config(workdir) -> Config:
    seeds = workdir / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    return Config(seeds_dir=seeds, index_dir=workdir / "index")


@pytest.fixture(scope="session")
def built(config) -> Config:
    """An index of the real article, built once for the session."""
    qa.build_index(config=config)
    return config


@pytest.fixture(scope="session")
def encoder():
    from qa.embedding import get_encoder

    return get_encoder()


def run_cli(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early with status {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.25)
    raise TimeoutError("the app did not open its port")
