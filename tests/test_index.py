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
from qa.build import chunking_settings
from qa.config import DEFAULT_MODEL, DEFAULT_MODEL_SHA256, ROOT, Config
from qa.embedding import Encoder
from qa.index import load_index, read_manifest, staleness
from qa.retrieval import get_searcher

from .conftest import SEED


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
    assert m["files"] == {SEED.name: hashlib.sha256(SEED.read_bytes()).hexdigest()}
    assert m["passages"] == len(loaded.passages) == loaded.vectors.ntotal
    assert m["built_at"] and m["format_version"] == 1
    assert {"vectors.faiss", "passages.jsonl"} <= set(m["sizes"])
    assert any(name.startswith("lexical/") for name in m["sizes"])
    for p in loaded.passages:
        assert article[p.start:p.end] == p.text
    # vectors are unit length: inner product is cosine
    v = loaded.vectors.reconstruct(0)
    assert abs(float((v * v).sum()) - 1) < 1e-4


def test_committed_index_matches_seeds():
    """Fails when seeds/ changes without `python -m qa build` being run and committed."""
    index_dir = ROOT / "index"
    manifest = read_manifest(index_dir)
    assert staleness(manifest, seeds_dir=ROOT / "seeds", model=DEFAULT_MODEL,
                     chunking=chunking_settings(Config())) == ""
    assert load_index(index_dir).manifest["seeds_dir"] == "seeds"


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
    smaller = Config(seeds_dir=cfg.seeds_dir, index_dir=cfg.index_dir, chunk_tokens=128)
    with pytest.raises(qa.IndexStaleError, match="chunking"):
        get_searcher(cfg.index_dir, config=smaller)


@pytest.mark.parametrize("damage", ["truncate-vectors", "delete-passages", "garble-manifest",
                                    "truncate-lexical", "garble-passages"])
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
    proc = subprocess.Popen([sys.executable, "-m", "qa", "build", "--seeds", big, "--index",
                             cfg.index_dir], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    seen = ""
    while "Batches" not in seen:  # the progress bar: encoding has begun
        chunk = proc.stderr.read(64)
        assert chunk, f"build ended before encoding: {seen}"
        seen += chunk
    time.sleep(1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    manifest = json.loads((cfg.index_dir / "manifest.json").read_text())
    assert set(manifest["files"]) == {SEED.name}
    from qa.retrieval import forget

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
