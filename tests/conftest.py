"""Shared, session-scoped fixtures: the real model, the real article, one built index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import qa
from benchmarks.app_process import RunningApp
from qa.core.config import ROOT, Config

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
SEED = ROOT / "seeds" / "000_3ae34f4a203fbd2d.txt"
# An article that tries to run script and inject Markdown: it must show as text.
HOSTILE = (
    "<script>alert(1)</script> Officials in **Pyongyang** shared a "
    "[link](http://example.com) and <img src=x onerror=alert(1)> about the submarine "
    "fleet. The submarine fleet has twelve boats."
)


# Text that a template engine would run: the page's article viewer must show it as text.
HOSTILE_TEMPLATE = (
    "The lighthouse keeper wrote ${alert(2)} and `${alert(3)}` and "
    "{{constructor.constructor('alert(4)')()}} in the log book. The lighthouse has ninety "
    "steps.\n"
)
# Two dated articles for the page's date filters and article list (front matter
# 2024-10-02; an HTML page 2024-09-16), on topics no other test asks about.
DATED = (
    ROOT / "tests" / "app_articles" / "harbour.md",
    ROOT / "tests" / "app_articles" / "orchard.html",
)


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
    from qa.encoders.embedding import get_encoder

    return get_encoder()


def run_cli(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def copy_seed(seeds: Path) -> None:
    """The seed article into `seeds`, with its sidecar (its headline), as seeds/ has it."""
    shutil.copy(SEED, seeds)
    shutil.copy(SEED.with_name(SEED.name + ".meta.yaml"), seeds)


@pytest.fixture(scope="session")
def running(tmp_path_factory):
    """The app on a free loopback port for the whole session, started with no index (it
    must build one) over the article and a hostile one."""
    root = tmp_path_factory.mktemp("app")
    seeds = root / "seeds"
    seeds.mkdir()
    copy_seed(seeds)
    (seeds / "hostile.md").write_text(HOSTILE)
    for dated in DATED:  # dated articles, for the date filters and the article list
        shutil.copy(dated, seeds)
    (seeds / "templates.md").write_text(HOSTILE_TEMPLATE)
    app = RunningApp(seeds, root / "index", root / "app.log", extra=["--mcp"])
    yield app
    app.stop()


@pytest.fixture(scope="session")
def server(running) -> str:
    return running.url


@pytest.fixture(scope="session")
def uploading(tmp_path_factory):
    """A second app, started with --allow-upload over the article and one dated article,
    uploads limited to 1 MB (QA_MAX_FILE_MB): the page can add and delete articles."""
    root = tmp_path_factory.mktemp("upload-app")
    seeds = root / "seeds"
    seeds.mkdir()
    copy_seed(seeds)
    shutil.copy(DATED[0], seeds)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QA_MAX_FILE_MB", "1")
        app = RunningApp(seeds, root / "index", root / "app.log", extra=["--allow-upload"])
    app.seeds = seeds
    yield app
    app.stop()
