"""The build on a Ray cluster (qa/distributed.py) makes what one machine makes: the same
passages, byte-identical int8 sentence and token rows, the same vectors (tolerance 0:
the ONNX encoder runs each text alone), the same answers; incrementally; with a worker
killed mid-build; and a build that fails leaves the store as it was.

Each build starts a local Ray cluster with 2 CPUs (`--ray local`, 6–8 s here)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import qa
from qa.core.config import ROOT, Config
from qa.stores.folder.index import load_index
from qa.answering.retrieval import get_searcher
from qa.stores.protocol import kind_for

from ..conftest import run_cli
from ..corpus.questions import ANSWERABLE

# Ray runs only in the builds' own processes (as `qa build --ray` runs it), never in
# pytest's: its cluster, reaper and exit hooks stay out of the test process.
if importlib.util.find_spec("ray") is None:
    pytest.skip("Ray is not installed (requirements-ray.txt)", allow_module_level=True)

XQUAD = ROOT.parent / "shared" / "eval" / "xquad" / "xquad_en_public.json"
CORPUS = ROOT / "tests" / "corpus"
ENCODE_ACTOR = "ray::MapWorker(MapBatches(_Encode))"
# `python -m qa ARGS` whose Ray sees its new local node's raylet unregistered at its first
# LOOKS checks, each one 31 s later: Ray gives up after 30 s (ray/_private/node.py), as on
# a machine too busy for the raylet's agents to start in time. Then it prints this
# process's children still running: a build leaves none.
SLOW_START = """
import json, os, sys, time
import ray._private.node as node, ray._private.services as services
looks, real = [0], services.get_node
def get_node(*args, **kwargs):
    if looks[0] < LOOKS:
        looks[0] += 1
        raise RuntimeError("the raylet has not registered yet")
    return real(*args, **kwargs)
class Clock:
    def __getattr__(self, name):
        return getattr(time, name)
    def monotonic(self):
        return time.monotonic() + 31 * looks[0]
services.get_node, node.time = get_node, Clock()
from qa.cli import main
code = main(sys.argv[1:])
left = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        parent = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
        line = open(f"/proc/{pid}/cmdline", "rb").read()  # empty for a zombie
    except (OSError, IndexError, ValueError):
        continue
    if parent == os.getpid() and line:
        left.append(line[:120].decode(errors="replace"))
print(json.dumps(left))
sys.exit(code)
"""


def _seeds(folder):
    """The test corpus and the 32 XQuAD articles (one file each): ~200 passages, enough
    for the encoding to take a few seconds on two workers."""
    folder.mkdir(parents=True)
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, folder)
    data = json.loads(XQUAD.read_text(encoding="utf-8"))["data"]
    questions = []
    for n, article in enumerate(data):
        text = "\n\n".join(p["context"] for p in article["paragraphs"])
        (folder / f"xquad-{n:02d}.txt").write_text(f"# {article['title']}\n\n{text}\n")
        questions.append(article["paragraphs"][0]["qas"][0]["question"])
    return folder, [q for q, _, _ in ANSWERABLE] + questions


def _files(index_dir) -> dict[str, bytes]:
    """Every file of a folder index but its manifest (which records times and an id) and
    bm25s's files, whose word ids follow Python's per-process string hashing (two local
    builds differ there too): _bm25 compares what they score instead."""
    return {
        p.relative_to(index_dir).as_posix(): p.read_bytes()
        for p in sorted(index_dir.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and p.parent.name != "lexical"
    }


def _bm25(index_dir, questions) -> list:
    lexical = load_index(index_dir).lexical
    return [lexical.scores(q).tolist() for q in questions]


def _ray_build(seeds, *where, killer=None, env=None) -> dict:
    """`qa build --ray local` over seeds into `where` (--index DIR or --store S), as an
    operator runs it, in a session of its own: Ray's reaper ends the process group of the
    cluster it started, which must not be pytest's. `killer(process)` runs meanwhile."""
    build = subprocess.Popen(
        [sys.executable, "-m", "qa", "build", "--json", "--ray", "local", "--ray-workers", "2"]
        + ["--seeds", str(seeds), *map(str, where)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=env,
    )
    if killer:
        killer(build)
    out, err = build.communicate(timeout=600)
    return {"returncode": build.returncode, "stderr": err, **(json.loads(out) if out else {})}


def _answers(config, questions):
    return [qa.answer(q, config=config).to_json() for q in questions]


def _processes(prefix: str, inside: str = "") -> list[int]:
    """Processes whose command line (a Ray worker's title) starts with prefix (and holds
    `inside`)."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    line = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if line.startswith(prefix) and inside in line:
                found.append(int(pid))
    return found


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """The corpus built on this machine (folder store)."""
    root = tmp_path_factory.mktemp("distributed")
    seeds, questions = _seeds(root / "seeds")
    config = Config(seeds_dir=seeds, index_dir=root / "local")
    qa.build_index(config=config)
    return config, questions


def test_a_ray_build_is_the_local_build_byte_for_byte(local, tmp_path):
    config, questions = local
    on_ray = dataclasses.replace(config, index_dir=tmp_path / "ray")
    summary = _ray_build(config.seeds_dir, "--index", on_ray.index_dir)
    assert summary["returncode"] == 0, summary["stderr"][-2000:]
    assert summary["embedded"] == summary["passages"] > 150
    ours, theirs = _files(config.index_dir), _files(on_ray.index_dir)
    assert sorted(ours) == sorted(theirs)
    for name in ours:  # passages, articles, vectors.faiss, int8 sentence and token rows...
        assert ours[name] == theirs[name], name
    assert _bm25(config.index_dir, questions) == _bm25(on_ray.index_dir, questions)
    a, b = get_searcher(config=config).index, get_searcher(config=on_ray).index
    assert np.array_equal(
        np.stack([a.vector(i) for i in range(a.size)]),
        np.stack([b.vector(i) for i in range(b.size)]),
    )
    assert _answers(config, questions) == _answers(on_ray, questions)


def test_without_token_vectors_the_workers_keep_theirs_and_the_index_is_the_same(local, tmp_path):
    """The path of large builds (token vectors off above flat_max): token rows stay on the
    workers, and the index is still the local one."""
    config, questions = local
    here = dataclasses.replace(config, index_dir=tmp_path / "here", token_vectors="off")
    qa.build_index(config=here)
    env = dict(os.environ, QA_TOKEN_VECTORS="off")
    summary = _ray_build(config.seeds_dir, "--index", tmp_path / "ray", env=env)
    assert summary["returncode"] == 0, summary["stderr"][-2000:]
    assert not (tmp_path / "ray" / "tokens.npy").exists()
    assert _files(tmp_path / "ray") == _files(here.index_dir)


def test_a_worker_killed_mid_build_is_retried_and_changes_nothing(local, tmp_path):
    config, _ = local
    killed = []

    def kill_an_encoder(build):
        deadline = time.monotonic() + 300
        while not killed and build.poll() is None and time.monotonic() < deadline:
            # an actor that is encoding a batch now (".submit" in its title)
            for pid in _processes(ENCODE_ACTOR + ".submit"):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.01)

    summary = _ray_build(config.seeds_dir, "--index", tmp_path / "ray", killer=kill_an_encoder)
    assert killed, "no encoding worker was seen to kill"
    assert summary["returncode"] == 0, summary["stderr"][-2000:]
    assert _files(tmp_path / "ray") == _files(config.index_dir)


def test_incremental_ray_build_into_milvus_sends_only_changed_files(local, tmp_path):
    """Into the distributed store, twice, beside the same two builds made locally: the
    second sends only the changed and new files, drops the deleted one, and answers as
    the local store does (Milvus's incremental BM25 statistics drift alike: milvus_build.py)."""
    pytest.importorskip("milvus_lite")
    config, questions = local
    seeds = tmp_path / "seeds"
    shutil.copytree(config.seeds_dir, seeds)
    here = Config(seeds_dir=seeds, store=f"milvus:{tmp_path / 'here.db'}")
    on_ray = dataclasses.replace(here, store=f"milvus:{tmp_path / 'ray.db'}")
    qa.build_index(config=here)
    # (this process opens ray.db only at the end: Milvus Lite serves one process a file)
    first = _ray_build(seeds, "--store", on_ray.store)
    assert first["returncode"] == 0, first["stderr"][-3000:]

    (seeds / "xquad-03.txt").write_text("# Changed\n\nThe harbour opened a new pier on Monday.\n")
    (seeds / "xquad-04.txt").unlink()
    shutil.copy(seeds / "korea.txt", seeds / "korea-again.txt")
    summary = _ray_build(seeds, "--store", on_ray.store)
    assert summary["returncode"] == 0, summary["stderr"][-3000:]
    # This process's first look at the store names the build there: its meta collection
    # is loaded before it is read (a read before the load failed, and the index was then
    # loaded twice).
    kind = kind_for(on_ray)
    stamp, manifest = kind.stamp(on_ray), kind.read_manifest(on_ray)
    assert stamp == manifest["build_id"], "the first look at the store missed its build"
    articles = get_searcher(config=on_ray).index.articles
    assert "xquad-04.txt" not in articles
    assert summary["embedded"] == (
        articles["xquad-03.txt"].passages + articles["korea-again.txt"].passages
    )
    assert qa.build_index(config=here).embedded == summary["embedded"]
    assert _answers(on_ray, questions) == _answers(here, questions)
    assert _answers(here, questions[:8]) != _answers(config, questions[:8])  # it changed


def _slow_start(looks: int, *args) -> subprocess.CompletedProcess:
    code = SLOW_START.replace("LOOKS", str(looks))
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        start_new_session=True,  # as _ray_build
    )


def test_a_local_cluster_slow_to_start_is_started_again(tmp_path):
    """Ray gives a new local node a fixed 30 s to start its raylet: a start that took
    longer is made once more, and the processes it left running end."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CORPUS / "korea.txt", seeds)
    args = ["build", "--json", "--ray", "local", "--ray-workers", "1", "--seeds", seeds]
    built = _slow_start(1, *args, "--index", tmp_path / "index")
    assert built.returncode == 0, built.stderr[-3000:]
    out = built.stdout.splitlines()
    assert json.loads(out[0])["embedded"] > 0
    assert "did not start in Ray's 30 s; starting it again" in built.stderr, built.stderr[-3000:]
    assert json.loads(out[-1]) == [], f"left running by the build: {out[-1]}"
    assert (tmp_path / "index" / "manifest.json").exists()

    failed = _slow_start(2, *args, "--index", tmp_path / "never")
    assert failed.returncode == 1, failed.stderr[-3000:]
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("error: the local Ray cluster did not start (Exception: The "), last
    assert "Traceback" not in failed.stderr, failed.stderr[-3000:]
    left = failed.stdout.splitlines()[-1]
    assert json.loads(left) == [], f"left running by the build: {left}"
    assert not (tmp_path / "never").exists()


def test_a_build_whose_cluster_dies_leaves_the_store_as_it_was(local, tmp_path):
    """The cluster's raylet killed while the workers encode: the build fails and the
    index is the one before, file for file."""
    config, _ = local
    index = tmp_path / "index"
    shutil.copytree(config.index_dir, index)
    before = {p.name: p.read_bytes() for p in index.rglob("*") if p.is_file()}

    def kill_the_raylet(build):
        deadline = time.monotonic() + 300
        while build.poll() is None and time.monotonic() < deadline:
            if _processes(ENCODE_ACTOR + ".submit"):
                for pid in _processes("/", inside="/raylet/raylet"):
                    os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.01)

    summary = _ray_build(config.seeds_dir, "--full", "--index", index, killer=kill_the_raylet)
    assert summary["returncode"] != 0
    assert "Traceback" not in summary["stderr"], summary["stderr"][-3000:]
    assert {p.name: p.read_bytes() for p in index.rglob("*") if p.is_file()} == before


def test_a_cluster_that_does_not_answer_is_one_line(tmp_path, built):
    started = time.monotonic()
    result = run_cli("build", "--index", str(tmp_path / "i"), "--ray", "ray://127.0.0.1:1")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: the Ray cluster at")
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "i").exists()
    bad = run_cli("build", "--ray", "somewhere")
    assert bad.returncode == 1 and "must be local, auto or ray://" in bad.stderr
    negative = run_cli("build", "--ray", "local", "--ray-workers", "-1")
    assert negative.returncode == 1 and "must be 0 (every CPU) or more" in negative.stderr
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    nothing = run_cli("build", "--index", tmp_path / "j", "--ray", "auto", env=env)
    assert nothing.returncode == 1, nothing.stderr
    assert nothing.stderr.strip().splitlines()[-1].startswith("error: cannot connect to the Ray")
    assert "Traceback" not in nothing.stderr and not (tmp_path / "j").exists()


def test_the_torch_encoder_is_refused_before_any_cluster_starts(built, tmp_path):
    """torch pads each batch to its longest text: its vectors would depend on how the
    passages were shared out, so only the ONNX export builds on Ray."""
    config = dataclasses.replace(built, index_dir=tmp_path / "i", encoder="torch", ray="local")
    with pytest.raises(qa.ClusterError, match="bundled ONNX export, not torch"):
        qa.build_index(config=config)
    assert not (tmp_path / "i").exists()


def test_without_ray_installed_the_build_says_how_to_get_it(built, tmp_path):
    code = (
        "import sys; sys.modules['ray'] = None\n"  # as if Ray were not installed
        "import dataclasses, qa\n"
        f"c = qa.Config(seeds_dir=qa.Config().seeds_dir, index_dir={str(tmp_path)!r}, ray='local')\n"
        "try:\n    qa.build_index(config=c)\n"
        "except qa.QAError as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.startswith(
        "ClusterError Ray is not installed: pip install -r requirements-ray"
    )


def test_with_qa_ray_set_only_building_imports_ray(built):
    """QA_RAY names how to build; `qa ask` and the page under it never import Ray."""
    code = (
        "import sys\nfrom qa.cli import main\n"
        f"main(['ask', 'How many soldiers?', '--index', {str(built.index_dir)!r}])\n"
        "print('ray' in sys.modules)\n"
    )
    env = dict(os.environ, QA_RAY="local", QA_SEEDS_DIR=str(built.seeds_dir))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr[-2000:]


def test_answering_never_imports_ray(built):
    code = (
        "import sys, qa\n"
        f"c = qa.Config(seeds_dir={str(built.seeds_dir)!r}, index_dir={str(built.index_dir)!r})\n"
        "qa.answer('How many soldiers?', config=c)\n"
        "import qa_web.layout\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'ray'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr[-2000:]
