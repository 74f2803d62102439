"""The Milvus store (Milvus Lite here) answers as the folder store does: same passages,
same scores, same refusals; incremental builds; the CLI; a server shared by two apps."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import qa
from qa.core.config import ROOT, Config
from qa.answering.retrieval import get_searcher

from benchmarks.app_process import RunningApp, free_port, wait_for_port

from ..conftest import run_cli
from ..corpus.questions import ANSWERABLE, NEAR_TOPIC, OFF_TOPIC
from ..questions import NEAR_TOPIC as SEED_NEAR
from ..questions import OFF_TOPIC as SEED_OFF
from ..questions import ON_TOPIC

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

CORPUS = ROOT / "tests" / "corpus"
QUESTIONS = (
    [q for q, *_ in ANSWERABLE]
    + list(NEAR_TOPIC)
    + list(OFF_TOPIC)
    + [q for q, _ in ON_TOPIC]
    + [q if isinstance(q, str) else q[0] for q in SEED_NEAR]
    + list(SEED_OFF)
)


def _seeds(folder):
    folder.mkdir()
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, folder)
    return folder


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The corpus (six files, one a copy of another) in both stores, built once."""
    root = tmp_path_factory.mktemp("milvus")
    files = Config(seeds_dir=_seeds(root / "seeds"), index_dir=root / "index")
    milvus = dataclasses.replace(files, store=f"milvus:{root / 'qa.db'}")
    qa.build_index(config=files)
    qa.build_index(config=milvus)
    return files, milvus


def _shape(hits):
    return [(h.source, h.start, h.end, h.also_in) for h in hits]


def test_same_passages_and_scores_as_the_folder(stores):
    files, milvus = stores
    for question in QUESTIONS:
        ours, theirs = (
            qa.retrieve(question, 5, config=files),
            qa.retrieve(question, 5, config=milvus),
        )
        assert _shape(ours) == _shape(theirs), question
        for a, b in zip(ours, theirs):
            assert abs(a.similarity - b.similarity) < 1e-4 and abs(a.lexical - b.lexical) < 1e-4


def test_bm25_is_the_folders_bm25(stores):
    """The engine's sparse inner products are bm25s's scores, scaled the same way."""
    files, milvus = stores
    a, b = get_searcher(config=files).index, get_searcher(config=milvus).index
    for question in QUESTIONS[:12]:
        mine, engine = a.lexical_top(question, "", 20), b.lexical_top(question, "", 20)
        assert mine.keys() == engine.keys(), question
        assert all(abs(mine[i] - engine[i]) < 1e-4 for i in mine)
    assert a.lexical_top("soldiers", "", 5)  # not vacuous


def test_same_refusals_and_answering_sentences(stores):
    files, milvus = stores
    refused = exact = 0
    for question in QUESTIONS:
        ours, theirs = qa.answer(question, config=files), qa.answer(question, config=milvus)
        assert bool(ours.hits) == bool(theirs.hits), question
        assert [h.answer_text for h in ours.hits] == [h.answer_text for h in theirs.hits]
        # the entities the build found are kept in Milvus too: the same exact answers
        assert [h.short_answer for h in ours.hits] == [h.short_answer for h in theirs.hits]
        exact += bool(ours.short_answer)
        refused += not ours.hits
    assert 0 < refused < len(QUESTIONS) and exact > 5


def test_incremental_build_adds_changes_and_deletes_by_file(tmp_path):
    seeds = _seeds(tmp_path / "seeds")
    store = f"milvus:{tmp_path / 'inc.db'}"
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "unused", store=store)
    first = qa.build_index(config=config)
    assert (
        "roof"
        not in qa.retrieve("When was the stadium's new roof finished?", 1, config=config)[0].text
    )
    (seeds / "rates.txt").unlink()
    (seeds / "match.txt").write_text(
        (seeds / "match.txt").read_text() + "\n\nThe stadium's new roof was finished in May.\n"
    )
    second = qa.build_index(config=config)
    match_passages = second.embedded
    assert 0 < match_passages < first.passages  # only the changed file was embedded
    hits = qa.retrieve("When was the stadium's new roof finished?", 3, config=config)
    # the open index saw the new build (its build_id)
    assert "roof" in hits[0].text and hits[0].source == "match.txt"
    words = get_searcher(config=config).index.words  # spelling repair's vocabulary
    assert words.known("stadium") and not words.known("eurostat")  # only rates.txt had it
    assert all(
        h.source != "rates.txt" for q, *_ in ANSWERABLE for h in qa.retrieve(q, 5, config=config)
    )
    # the same ranking as a full build of the same files (BM25 lengths aside: close)
    full = dataclasses.replace(config, collection="full")
    qa.build_index(config=full, full=True)
    for question in [q for q, *_ in ANSWERABLE]:
        a, b = qa.retrieve(question, 1, config=config), qa.retrieve(question, 1, config=full)
        assert (a[0].source, a[0].start) == (b[0].source, b[0].start), question
        assert abs(a[0].score - b[0].score) < 0.02


def test_checking_a_store_reads_qa_seeds_dir_as_answering_does(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("rates.txt", "match.txt"):
        shutil.copy(CORPUS / name, seeds)
    config = Config(
        seeds_dir=seeds, index_dir=tmp_path / "unused", store=f"milvus:{tmp_path / 's.db'}"
    )
    qa.build_index(config=config)
    assert not qa.Index.at(None, config).verify().stale
    elsewhere = tmp_path / "elsewhere"  # the seeds as another machine has them: one gone
    shutil.copytree(seeds, elsewhere)
    (elsewhere / "rates.txt").unlink()
    monkeypatch.setenv("QA_SEEDS_DIR", str(elsewhere))
    assert "rates.txt" in qa.Index.at(None, config).verify().stale


def test_cli_builds_asks_and_checks_a_milvus_store(tmp_path):
    store = f"milvus:{tmp_path / 'cli.db'}"
    built = run_cli("build", "--seeds", _seeds(tmp_path / "seeds"), "--store", store, "--json")
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["passages"] > 0
    asked = run_cli("ask", "How many soldiers did North Korea send?", "--store", store, "--json")
    assert asked.returncode == 0, asked.stderr
    assert "10,000" in json.loads(asked.stdout.splitlines()[0])["text"]
    checked = run_cli("check", "--store", store)
    assert checked.returncode == 0 and "passages, as the manifest says" in checked.stdout


def test_a_wrong_store_is_one_clear_line(tmp_path):
    # refused when used: stores register themselves, above the settings (qa/stores.py)
    with pytest.raises(qa.ConfigError, match="milvus:PATH.db"):
        qa.Index.open(None, Config(store="ftp://example.com"))
    out = run_cli("ask", "Who?", "--store", "postgres://x")
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    missing = run_cli("ask", "Who?", "--store", f"milvus:{tmp_path / 'empty.db'}")
    assert missing.returncode == 1 and "python -m qa build" in missing.stderr
    assert "Traceback" not in missing.stderr
    # the app does not build a shared store: it says what to do and exits
    app = subprocess.run(
        [sys.executable, "app.py", "--store", f"milvus:{tmp_path / 'none.db'}", "--port", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert app.returncode == 1 and "python -m qa build" in app.stderr
    assert "Traceback" not in app.stderr


def test_one_milvus_server_serves_two_app_processes(tmp_path):
    """`milvus-lite server` on loopback; two apps answer from its one collection."""
    from gradio_client import Client

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "milvus_lite",
            "server",
            "--data-dir",
            str(tmp_path / "data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    apps = []
    try:
        wait_for_port(port, server, seconds=60)
        store = f"http://127.0.0.1:{port}"
        seeds = _seeds(tmp_path / "seeds")
        qa.build_index(config=Config(seeds_dir=seeds, store=store))
        apps = [
            RunningApp(
                seeds, tmp_path / "unused", tmp_path / f"app{i}.log", extra=["--store", store]
            )
            for i in range(2)
        ]

        def ask(url):
            return Client(url, verbose=False).predict(
                "How many soldiers did North Korea send?", api_name="/chat"
            )

        replies = [ask(app.url) for app in apps]
        assert all("10,000" in r and "korea.txt" in r for r in replies), replies
        assert replies[0] == replies[1]
        start = len(apps[0].log.read_text())
        server.kill()  # while six people ask: one line per failed question, in the reply
        server.wait(timeout=30)  # and in the log (it was 15,356 lines for 52 questions)
        with ThreadPoolExecutor(6) as pool:
            failed = list(pool.map(lambda _: ask(apps[0].url), range(12)))
        assert all(r.startswith("⚠️") and "did not answer" in r for r in failed), failed
        log = apps[0].log.read_text()[start:]
        lines = log.splitlines()
        assert "Traceback" not in log and "answering from memory" not in log, log[-3000:]
        assert len(lines) == 12 and all("did not answer" in line for line in lines), lines
        with pytest.raises(qa.QAError, match="did not answer"):  # one line, no traceback
            qa.retrieve("How many soldiers?", config=Config(seeds_dir=seeds, store=store))
    finally:
        for app in apps:
            app.stop()
        server.terminate()
        server.wait(timeout=30)


def test_a_passage_of_many_short_sentences_fits(tmp_path):
    """~120 sentences in one 256-token passage: its sentence vectors are ~65 KB of
    base64, over one VARCHAR's limit."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "list.txt").write_text("Yes. " * 400 + "\n")
    config = Config(seeds_dir=seeds, store=f"milvus:{tmp_path / 'many.db'}")
    qa.build_index(config=config)
    index = get_searcher(config=config).index
    first = index.passage(0)
    assert len(first.sentences) * (384 + 4) * 4 / 3 > 65535  # base64 of int8 rows + scales
    assert index.sentence_vectors(0).shape == (len(first.sentences), 384)
    assert qa.answer("Yes?", config=config).hits[0].answer_text == "Yes."
