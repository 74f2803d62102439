"""Faults: builds killed at random points, a full or read-only disk, files breaking or
being rebuilt under a running searcher."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

import qa
from qa.core.config import ROOT, Config
from qa.stores.folder.files import STEPS
from qa.answering.retrieval import forget, get_searcher

from ..conftest import SEED

QUESTION = "Who confirmed that North Korean forces were fighting?"


@pytest.fixture
def live(built, tmp_path):
    """A private copy of the built index and seeds, and what it answers now."""
    shutil.copytree(built.seeds_dir, tmp_path / "seeds")
    shutil.copytree(built.index_dir, tmp_path / "index")
    cfg = Config(seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "index")
    before = [h.text for h in get_searcher(cfg.index_dir, config=cfg).search(QUESTION, 3)]
    return cfg, before


def answers(cfg):
    forget(cfg.index_dir)
    return [h.text for h in get_searcher(cfg.index_dir, config=cfg).search(QUESTION, 3)]


def big_seeds(folder, copies=150):
    folder.mkdir()
    text = SEED.read_text()
    for i in range(copies):  # ~1,000 passages: the build runs for a while
        (folder / f"copy{i}.txt").write_text(text.replace("10,000", f"{10000 + i:,}"))
    return folder


KILL_AT_STEP = """
import os, signal, sys
import qa
import qa.stores.folder.files
step, seeds, index = sys.argv[1:]
qa.stores.folder.files.on_step = lambda name: name == step and os.kill(os.getpid(), signal.SIGKILL)
qa.build_index(seeds, index)
"""
NEW_ARTICLE = "The navy commissioned twelve new submarines in the Baltic Sea this spring."


@pytest.mark.parametrize("step", STEPS)
def test_build_killed_at_each_step_leaves_a_whole_index(live, tmp_path, step):
    """A kill point at every step of the write and the swap: afterwards the index is
    either the old one or the new one, whole, and the next build cleans up. (Making the
    swap non-atomic — delete the old folder, then rename — fails this test.)"""
    cfg, before = live
    seeds = tmp_path / "new-seeds"
    shutil.copytree(cfg.seeds_dir, seeds)
    (seeds / "submarines.txt").write_text(NEW_ARTICLE)
    out = subprocess.run(
        [sys.executable, "-c", KILL_AT_STEP, step, seeds, cfg.index_dir],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == -signal.SIGKILL, out.stderr[-2000:]
    swapped = STEPS.index(step) >= STEPS.index("new renamed in")
    cfg_now = Config(seeds_dir=seeds if swapped else cfg.seeds_dir, index_dir=cfg.index_dir)
    assert answers(cfg_now) == before  # the article's answers, from a whole index
    qa.verify_index(cfg.index_dir, config=cfg_now)  # every file matches its sha256
    forget(cfg.index_dir)
    hits = get_searcher(cfg.index_dir, config=cfg_now).search("How many submarines?", 1)
    assert ("twelve new submarines" in hits[0].text) == swapped
    qa.build_index(seeds, cfg.index_dir)  # the next build finishes and cleans up
    assert sorted(p.name for p in cfg.index_dir.parent.iterdir() if p.name.startswith("index")) == [
        "index",
        "index.lock",
    ]


def _mount(*args) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB file system: room for the article's index, not for a bigger one."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)):
        pytest.skip("needs root to mount a small file system")
    yield where
    subprocess.run(["umount", str(where)])


def test_disk_full_is_a_clear_error_and_the_old_index_stays(built, small_disk, tmp_path):
    shutil.copytree(built.index_dir, small_disk / "index")
    cfg = Config(seeds_dir=built.seeds_dir, index_dir=small_disk / "index")
    before = answers(cfg)
    big = big_seeds(tmp_path / "big", copies=40)
    out = subprocess.run(
        [sys.executable, "-m", "qa", "build", "--seeds", big, "--index", cfg.index_dir],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    error = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert error and "No space left" in error[0] and "previous index is untouched" in error[0]
    assert answers(cfg) == before
    assert not list(small_disk.glob("index.tmp-*"))


def test_read_only_index_folder_is_a_clear_error(live, tmp_path):
    cfg, before = live
    parent = cfg.index_dir.parent
    (cfg.seeds_dir / "more.txt").write_text("A new article about something else entirely.")
    os.chmod(parent, 0o555)
    bound = False
    try:
        probe = parent / ".probe"
        try:
            probe.touch()
            probe.unlink()
            writable = True
        except OSError:
            writable = False
        if writable:  # root ignores permissions: make the folder a read-only mount
            bound = _mount("--bind", str(parent), str(parent)) and _mount(
                "-o", "remount,bind,ro", str(parent)
            )
            if not bound:
                pytest.skip("cannot make a read-only folder here")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "qa",
                "build",
                "--seeds",
                cfg.seeds_dir,
                "--index",
                cfg.index_dir,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert "cannot write the index" in out.stderr and "Read-only" in out.stderr
    finally:
        if bound:
            subprocess.run(["umount", str(parent)])
        os.chmod(parent, 0o755)
    (cfg.seeds_dir / "more.txt").unlink()
    assert answers(cfg) == before


def test_files_damaged_under_a_running_searcher(live):
    cfg, before = live
    get_searcher(cfg.index_dir, config=cfg)
    (cfg.index_dir / "vectors.faiss").write_bytes(b"garbage")
    reply = qa.answer(QUESTION, config=cfg)
    assert reply.hits and "White House" in reply.hits[0].text
    assert any("Answering from memory" in n and "vectors.faiss" in n for n in reply.notes)
    qa.build_index(config=cfg, full=True)
    reply = qa.answer(QUESTION, config=cfg)
    assert reply.hits and not any("memory" in n for n in reply.notes)


def test_rebuild_while_answering(live):
    cfg, _ = live
    get_searcher(cfg.index_dir, config=cfg)
    errors, answered, stop = [], [], threading.Event()

    def ask_forever():
        while not stop.is_set():
            try:
                reply = qa.answer("How many soldiers did North Korea send?", config=cfg)
                answered.append(bool(reply.hits))
            except Exception as e:  # noqa: BLE001 - any failure is what we look for
                errors.append(repr(e))

    workers = [threading.Thread(target=ask_forever) for _ in range(3)]
    for w in workers:
        w.start()
    (cfg.seeds_dir / "submarines.txt").write_text(
        "The navy commissioned twelve new submarines in the Baltic Sea this spring."
    )
    qa.build_index(config=cfg)
    time.sleep(0.5)
    stop.set()
    for w in workers:
        w.join()
    assert not errors and answered and all(answered)
    reply = qa.answer("How many submarines did the navy commission?", config=cfg)
    assert reply.hits and "twelve new submarines" in reply.hits[0].text


def test_answering_from_memory_is_logged_once_and_only_when_it_answers(live, caplog):
    """The warning used to be logged at every question, answered or not (50 of them
    while a Milvus server was down and every reply was an error); now once per problem,
    when an answer actually came from the copy in memory."""
    import logging

    cfg, _ = live
    get_searcher(cfg.index_dir, config=cfg)
    (cfg.index_dir / "vectors.faiss").write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING, logger="qa.answering.retrieval"):
        for _ in range(3):
            assert qa.answer(QUESTION, config=cfg).hits
    said = [r.getMessage() for r in caplog.records if "answering from memory" in r.getMessage()]
    assert len(said) == 1 and "vectors.faiss" in said[0], said
