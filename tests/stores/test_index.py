import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import qa
from qa.core.config import DEFAULT_MODEL, DEFAULT_MODEL_SHA256, ROOT, Config
from qa.encoders.embedding import Encoder
from qa.stores.folder.index import load_index
from qa.stores.folder.files import build_lock, read_manifest
from qa.stores.manifest import FORMAT_VERSION, chunking_settings, staleness
from qa.answering.retrieval import get_searcher
from qa.text.sources import source_hash

from ..conftest import SEED, run_cli


def copy_of(built, tmp_path):
    """A private copy of the built index and its seeds, to damage freely."""
    shutil.copytree(built.seeds_dir, tmp_path / "seeds")
    shutil.copytree(built.index_dir, tmp_path / "index")
    return Config(seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "index")


def test_round_trip_and_manifest(built, article):
    loaded = load_index(built.index_dir)
    m = loaded.manifest
    assert m["model"] == DEFAULT_MODEL and m["model_sha256"] == DEFAULT_MODEL_SHA256
    assert m["dimension"] == 384 == loaded.vectors.d
    assert m["chunking"] == chunking_settings(built)
    # the seed's content hash, its sidecar (seeds/*.meta.yaml) included: sources.source_hash
    assert m["files"] == {SEED.name: source_hash(SEED, SEED.parent)}
    assert m["passages"] == len(loaded.passages) == loaded.vectors.ntotal
    assert m["built_at"] and m["format_version"] == FORMAT_VERSION
    assert {"vectors.faiss", "passages.jsonl"} <= set(m["sizes"]) == set(m["sha256"])
    for name, digest in m["sha256"].items():
        assert hashlib.sha256((built.index_dir / name).read_bytes()).hexdigest() == digest
    assert any(name.startswith("lexical/") for name in m["sizes"])
    for p in loaded.passages:
        assert article[p.start : p.end] == p.text
    # vectors are unit length: inner product is cosine
    v = loaded.vectors.reconstruct(0)
    assert abs(float((v * v).sum()) - 1) < 1e-4


def test_committed_index_matches_seeds():
    """Fails when seeds/ changes without `python -m qa build` being run and committed."""
    index_dir = ROOT / "index"
    manifest = read_manifest(index_dir)
    assert (
        staleness(
            manifest,
            seeds_dir=ROOT / "seeds",
            model=DEFAULT_MODEL,
            chunking=chunking_settings(Config()),
        )
        == ""
    )
    loaded = load_index(index_dir)
    assert loaded.manifest["seeds_dir"] == "seeds"
    # every article is listed with a title and its passages (a fresh clone's page shows them)
    for source, (_, count) in loaded.manifest["ranges"].items():
        assert loaded.articles[source].passages == count > 0 and loaded.articles[source].title


def test_an_article_list_without_passage_counts_is_caught(built, tmp_path):
    """An articles.jsonl written before the counts were kept (issue 18: a fresh clone
    listed "0 passages", and `qa check` passed it)."""
    import json
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(built.index_dir, copy)
    path = copy / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    path.write_text("".join(json.dumps({**r, "passages": 0}) + "\n" for r in rows))
    manifest = json.loads((copy / "manifest.json").read_text())  # sizes and sha256 agree
    from qa.core.store import file_sha256

    from qa.stores.folder.files import manifest_digest

    manifest["sizes"]["articles.jsonl"] = path.stat().st_size
    manifest["sha256"]["articles.jsonl"] = file_sha256(path)
    manifest["manifest_sha256"] = manifest_digest(manifest)
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(qa.IndexCorruptError, match="articles.jsonl"):
        load_index(copy)


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_stale_after_seeds_change(built, tmp_path, change):
    cfg = copy_of(built, tmp_path)
    seed = cfg.seeds_dir / SEED.name
    if change == "edit":
        seed.write_text(seed.read_text() + "\nA new paragraph.")
    elif change == "add":
        (cfg.seeds_dir / "more.md").write_text("Another article.")
    else:
        seed.unlink()
    with pytest.raises(qa.IndexStaleError, match="python -m qa build"):
        get_searcher(cfg.index_dir, config=cfg)


def test_stale_for_another_model_or_chunking(built, tmp_path):
    cfg = copy_of(built, tmp_path)
    other = Config(seeds_dir=cfg.seeds_dir, index_dir=cfg.index_dir, model=str(tmp_path))
    with pytest.raises(qa.IndexStaleError, match="model"):
        get_searcher(cfg.index_dir, config=other)
    smaller = Config(seeds_dir=cfg.seeds_dir, index_dir=cfg.index_dir).with_ranking(
        chunk_tokens=128
    )
    with pytest.raises(qa.IndexStaleError, match="chunking"):
        get_searcher(cfg.index_dir, config=smaller)


@pytest.mark.parametrize(
    "damage",
    [
        "truncate-vectors",
        "delete-passages",
        "garble-manifest",
        "truncate-lexical",
        "garble-passages",
    ],
)
def test_damaged_files_give_one_clear_error(built, tmp_path, damage):
    cfg = copy_of(built, tmp_path)
    d = cfg.index_dir
    if damage == "truncate-vectors":
        data = (d / "vectors.faiss").read_bytes()
        (d / "vectors.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "delete-passages":
        (d / "passages.jsonl").unlink()
    elif damage == "garble-manifest":
        (d / "manifest.json").write_text("{not json")
    elif damage == "truncate-lexical":
        victim = next((d / "lexical").glob("*.npy"))
        victim.write_bytes(victim.read_bytes()[:10])
    else:
        size = (d / "passages.jsonl").stat().st_size
        (d / "passages.jsonl").write_bytes(b"x" * size)  # same size, not JSON
    with pytest.raises(qa.IndexCorruptError, match="python -m qa build") as e:
        get_searcher(cfg.index_dir, config=cfg)
    assert "\n" not in str(e.value)


def test_missing_index(tmp_path):
    with pytest.raises(qa.IndexMissingError, match="python -m qa build"):
        get_searcher(tmp_path / "nothing", config=Config(index_dir=tmp_path / "nothing"))


def test_interrupted_swap_is_recovered(built, tmp_path):
    """A build killed between its two renames leaves only index.old-<pid>: restored."""
    cfg = copy_of(built, tmp_path)
    os.rename(cfg.index_dir, tmp_path / "index.old-12345")
    hits = get_searcher(cfg.index_dir, config=cfg).search("How many soldiers?", 1)
    assert hits and cfg.index_dir.is_dir()


def test_build_killed_halfway_keeps_the_previous_index(built, tmp_path):
    cfg = copy_of(built, tmp_path)
    before = [h.text for h in get_searcher(cfg.index_dir, config=cfg).search("Who confirmed?", 3)]
    big = tmp_path / "big"
    big.mkdir()
    text = SEED.read_text()
    for i in range(150):  # ~1,000 passages: long enough to be killed while encoding
        (big / f"copy{i}.txt").write_text(text.replace("10,000", f"{10000 + i:,}"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa", "build", "--seeds", big, "--index", cfg.index_dir],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = ""
    while "Encoding" not in seen:  # the progress bar: encoding has begun
        chunk = proc.stderr.read(64)
        assert chunk, f"build ended before encoding: {seen}"
        seen += chunk
    time.sleep(1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    manifest = json.loads((cfg.index_dir / "manifest.json").read_text())
    assert set(manifest["files"]) == {SEED.name}
    from qa.answering.retrieval import forget

    forget(cfg.index_dir)
    after = [h.text for h in get_searcher(cfg.index_dir, config=cfg).search("Who confirmed?", 3)]
    assert after == before
    # the next build cleans the half-written folder away
    qa.build_index(config=cfg)
    assert not list(tmp_path.glob("index.tmp-*"))


def test_weights_are_checked(tmp_path):
    enc = Encoder(DEFAULT_MODEL)
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    enc.path = tmp_path
    with pytest.raises(qa.ModelError, match="reinstall"):
        enc.verify()


def test_nothing_to_index(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "empty.txt").write_text("  \n")
    with pytest.raises(qa.SeedsError, match="nothing could be indexed"):
        qa.build_index(tmp_path / "seeds", tmp_path / "index")
    assert not (tmp_path / "index").exists()


def test_unreadable_file_is_skipped_and_build_goes_on(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds)
    (seeds / "bad.txt").write_bytes(b"\xff\xfe\x00bad")
    summary = qa.build_index(seeds, tmp_path / "index")
    assert summary.files == 1 and summary.passages > 0
    assert any("bad.txt" in m for m in summary.skipped)
    # a skipped file is remembered, so the index is not reported stale because of it
    cfg = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    assert get_searcher(cfg.index_dir, config=cfg).search("soldiers", 1)


# ---------------------------------------------------------------- integrity (issue 8)


def garble_middle_record(index_dir):
    """Same size, one record in the middle no longer JSON: only a hash can tell."""
    path = index_dir / "passages.jsonl"
    lines = path.read_bytes().split(b"\n")
    middle = len(lines) // 2
    lines[middle] = b"{" + b"x" * (len(lines[middle]) - 1)
    path.write_bytes(b"\n".join(lines))


def test_garbled_record_in_the_middle_is_one_clear_error(built, tmp_path):
    cfg = copy_of(built, tmp_path)
    garble_middle_record(cfg.index_dir)
    out = run_cli("ask", "Who confirmed the fighting?", "--index", cfg.index_dir)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: passages.jsonl") and "python -m qa build" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    check = run_cli("check", "--index", cfg.index_dir)
    assert check.returncode == 1 and "sha256" in check.stderr and "Traceback" not in check.stderr


def test_zeroed_vector_is_detected(built, tmp_path):
    cfg = copy_of(built, tmp_path)
    path = cfg.index_dir / "vectors.faiss"
    data = bytearray(path.read_bytes())
    data[-384 * 4 :] = bytes(384 * 4)  # the last passage's vector, all zeros
    path.write_bytes(bytes(data))
    with pytest.raises(qa.IndexCorruptError, match="vectors.faiss.*sha256.*python -m qa build"):
        get_searcher(cfg.index_dir, config=cfg)


def test_quick_verification_finds_bad_records_as_they_are_read(built, tmp_path):
    """Large indexes are not hashed at each load: a damaged record must still be a named
    error when a question reaches it, never a JSONDecodeError."""
    cfg = copy_of(built, tmp_path)
    garble_middle_record(cfg.index_dir)
    loaded = load_index(cfg.index_dir, verify="quick", in_memory_bytes=0)
    with pytest.raises(qa.IndexCorruptError, match="passage record .* unreadable.*qa build"):
        list(loaded.passages)


def test_check_command_reports_a_sound_index(built):
    out = run_cli("check", "--index", built.index_dir, "--json")
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    assert row["passages"] == 7 and row["files"] >= 9 and row["stale"] == ""


TRUNCATE_UNDER_A_RUNNING_SEARCHER = """
import os, sys
from pathlib import Path
import qa
from qa.core.config import Config
index = Path(sys.argv[1])
cfg = Config(index_dir=index, seeds_dir=Path(sys.argv[2]), in_memory_mb=0, verify="quick")
print(len(qa.retrieve("Who confirmed the fighting?", config=cfg)), flush=True)
for name in ["passages.jsonl", "lexical/data.csc.index.npy", "lexical/indices.csc.index.npy"]:
    os.truncate(index / name, 100)  # in place: the same inode shrinks
for question in ["Who confirmed the fighting?", "When was the defense pact signed?"]:
    try:
        reply = qa.answer(question, config=cfg)
        print("answered", bool(reply.hits), reply.notes, flush=True)
    except qa.QAError as e:
        print("error:", e, flush=True)
print("alive")
"""


def test_files_truncated_in_place_under_on_demand_reads_never_kill(tmp_path):
    """Index files read on demand (forced here with in_memory_mb=0) were memory-mapped:
    truncating one in place killed the process with SIGBUS (exit 135). The files must
    span several pages for a map to fault: 20 articles."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(20):
        (seeds / f"a{i}.txt").write_text(SEED.read_text().replace("10,000", f"{10000 + i:,}"))
    qa.build_index(seeds, tmp_path / "index")
    assert (tmp_path / "index" / "passages.jsonl").stat().st_size > 8 * 4096
    out = subprocess.run(
        [sys.executable, "-c", TRUNCATE_UNDER_A_RUNNING_SEARCHER, tmp_path / "index", seeds],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, (out.returncode, out.stderr[-2000:])
    lines = out.stdout.splitlines()
    assert lines[0] == "3" and lines[-1] == "alive"
    assert any("truncated" in line and "python -m qa build" in line for line in lines[1:-1])
    assert "Traceback" not in out.stderr


# ---------------------------------------------------------------- one build at a time


def test_a_second_build_is_refused_while_one_runs(built, tmp_path):
    cfg = copy_of(built, tmp_path)
    with build_lock(cfg.index_dir):  # this process is the running build
        out = run_cli("build", "--seeds", cfg.seeds_dir, "--index", cfg.index_dir)
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert f"another build of {cfg.index_dir} is running (pid {os.getpid()})" in out.stderr
        with pytest.raises(qa.BuildBusyError):
            qa.build_index(config=cfg)
    assert qa.build_index(config=cfg).passages == 7  # free again


def test_leftovers_of_killed_builds_go_whatever_their_pid(built, tmp_path):
    """pid 1 in a container: a leftover index.old-<our pid> made the swap fail."""
    cfg = copy_of(built, tmp_path)
    for name in (f"index.old-{os.getpid()}", "index.old-1", "index.old", "index.tmp-abc"):
        (tmp_path / name / "lexical").mkdir(parents=True)
        (tmp_path / name / "lexical" / "x").write_text("left by a killed build")
    qa.build_index(config=cfg, full=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "index.lock", "seeds"]


def test_a_rebuild_landing_during_a_load_is_picked_up(built, tmp_path, monkeypatch):
    """The freshness stamp was read after loading: a rebuild finishing meanwhile was
    kept as if it were what had been loaded, and never picked up."""
    import qa.stores.folder.store as folder  # the folder store loads its files with index.load_index

    cfg = copy_of(built, tmp_path)
    real_load, landed = folder.load_index, []

    def load_while_a_rebuild_lands(*args, **kwargs):
        loaded = real_load(*args, **kwargs)
        if not landed:  # a real rebuild, by another "process", finishes right now
            landed.append(True)
            (cfg.seeds_dir / "submarines.txt").write_text(
                "The navy commissioned twelve new submarines in the Baltic Sea."
            )
            qa.build_index(config=cfg)
        return loaded

    monkeypatch.setattr(folder, "load_index", load_while_a_rebuild_lands)
    get_searcher(cfg.index_dir, config=cfg)
    hits = get_searcher(cfg.index_dir, config=cfg).search("How many submarines?", 1)
    assert "twelve new submarines" in hits[0].text


def test_one_faiss_thread_in_every_thread_that_answers(built):
    """omp_set_num_threads only sets the calling thread's count: Gradio's workers
    searched with every core."""
    import threading

    import faiss

    qa.retrieve("Who confirmed the fighting?", config=built)  # loaded here, not in the worker
    seen = []

    def worker():
        qa.retrieve("How many soldiers did North Korea send?", config=built)
        seen.append(faiss.omp_get_max_threads())

    faiss.omp_set_num_threads(2)  # what a fresh worker thread starts with on 2 cores
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [built.query_threads] == [1]
