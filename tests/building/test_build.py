"""Builds: incremental equals full, index types, what the manifest records."""

import shutil

import numpy as np
import pytest

import qa
from qa.core.config import Config
from qa.stores.folder.index import load_index
from qa.answering.retrieval import get_searcher
from qa.stores.folder.vectors import all_vectors

from ..conftest import SEED

EXTRA = (
    "Seoul said on Friday that it was watching the deployment closely. "
    "South Korean officials met their American counterparts in Washington."
)


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    (folder / "b.md").write_text("# Second\n\n" + SEED.read_text().split("\n", 4)[4])
    return folder


def contents(index_dir):
    loaded = load_index(index_dir)
    m = loaded.manifest
    sentences = [loaded.sentences.of(i) for i in range(len(loaded.passages))]
    tokens = [loaded.token_vectors(i) for i in range(len(loaded.passages))]
    return (
        list(loaded.passages),
        all_vectors(loaded.vectors),
        m["files"],
        m["ranges"],
        loaded.lexical.scores("North Korean soldiers defense pact"),
        sentences,
        tokens,
    )


def same(a, b):
    assert a[0] == b[0]  # passages, in order
    assert np.allclose(a[1], b[1], atol=1e-5)  # vectors (torch batching moves the last digits)
    assert a[2] == b[2] and a[3] == b[3]
    assert np.allclose(a[4], b[4])
    assert all(np.allclose(x, y, atol=1e-5) for x, y in zip(a[5], b[5], strict=True))
    assert all(np.array_equal(x, y) for x, y in zip(a[6], b[6], strict=True))  # tokens


def test_token_vectors_are_kept_one_per_wordpiece(seeds, tmp_path):
    """A unit vector per token the model read of each passage under its section ([CLS]
    and [SEP] left out), aligned with the tokenizer's offsets the answer uses."""
    from qa.encoders.embedding import get_encoder

    qa.build_index(seeds, tmp_path / "i")
    loaded = load_index(tmp_path / "i")
    assert loaded.manifest["token_vectors"] is True
    encoder = get_encoder()
    for i, p in enumerate(loaded.passages):
        tokens = loaded.token_vectors(i)
        assert tokens.shape == (len(encoder.token_offsets(p.document)), 384)
        assert np.allclose(np.linalg.norm(tokens, axis=1), 1, atol=0.02)  # int8


@pytest.mark.parametrize("setting, flat_max, kept", [("off", 50_000, False), ("auto", 2, False)])
def test_token_vectors_are_left_out_when_asked_or_large(seeds, tmp_path, setting, flat_max, kept):
    """ "off", or "auto" over flat_max passages: no token files and no reranking; the bold
    sentence then encodes the shown passages when asked, and answers alike."""
    cfg = Config(token_vectors=setting, flat_max=flat_max, index_type="flat")
    qa.build_index(seeds, tmp_path / "i", config=cfg)
    loaded = load_index(tmp_path / "i")
    assert loaded.manifest["token_vectors"] is kept and loaded.tokens is None
    assert not list((tmp_path / "i").glob("tokens*"))
    cfg = Config(token_vectors=setting, flat_max=flat_max, seeds_dir=seeds)
    reply = qa.answer(
        "How many soldiers did North Korea send?", index_dir=tmp_path / "i", config=cfg
    )
    assert "10,000" in reply.hits[0].answer_text and reply.hits[0].match == 0.0
    # a later build that keeps them again embeds every passage anew
    again = qa.build_index(seeds, tmp_path / "i", config=Config(index_type="flat"))
    assert again.embedded == again.passages and load_index(tmp_path / "i").tokens is not None


def test_unknown_token_vectors_setting_is_one_line(seeds, tmp_path):
    with pytest.raises(qa.ConfigError, match="token_vectors"):
        qa.build_index(seeds, tmp_path / "i", config=Config(token_vectors="maybe"))


def test_incremental_builds_equal_full_rebuilds(seeds, tmp_path):
    inc, full = tmp_path / "inc", tmp_path / "full"
    first = qa.build_index(seeds, inc)
    assert first.embedded == first.passages
    # add a file: only its passages are embedded
    (seeds / "c.txt").write_text(EXTRA)
    added = qa.build_index(seeds, inc)
    assert added.embedded == 1 and added.passages == first.passages + 1
    qa.build_index(seeds, full, full=True)
    same(contents(inc), contents(full))
    # change one file, delete another
    (seeds / "c.txt").write_text(EXTRA + " A third sentence was added.")
    (seeds / "b.md").unlink()
    changed = qa.build_index(seeds, inc)
    assert changed.embedded == 1
    qa.build_index(seeds, full, full=True)
    same(contents(inc), contents(full))
    assert set(load_index(inc).manifest["files"]) == {"a.txt", "c.txt"}


def test_full_flag_re_embeds_everything(seeds, tmp_path):
    qa.build_index(seeds, tmp_path / "i")
    again = qa.build_index(seeds, tmp_path / "i", full=True)
    assert again.embedded == again.passages


def test_other_chunking_is_not_reused(seeds, tmp_path):
    qa.build_index(seeds, tmp_path / "i")
    cfg = Config().with_ranking(chunk_tokens=64)
    again = qa.build_index(seeds, tmp_path / "i", config=cfg)
    assert again.embedded == again.passages


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_index_types_answer_alike(seeds, tmp_path, kind):
    cfg = Config(seeds_dir=seeds, index_dir=tmp_path / kind, index_type=kind)
    qa.build_index(config=cfg)
    m = load_index(cfg.index_dir).manifest
    assert m["index_type"] == kind
    hits = get_searcher(cfg.index_dir, config=cfg).search("When was the defense pact signed?", 3)
    assert "defense pact" in hits[0].text


def test_auto_picks_flat_for_small_corpora(seeds, tmp_path):
    qa.build_index(seeds, tmp_path / "i")
    assert load_index(tmp_path / "i").manifest["index_type"] == "flat"
    cfg = Config(flat_max=5)
    qa.build_index(seeds, tmp_path / "j", config=cfg, full=True)
    assert load_index(tmp_path / "j").manifest["index_type"] == "ivf"


def test_unknown_index_type_is_a_clear_error(seeds, tmp_path):
    with pytest.raises(qa.ConfigError, match="index_type"):
        qa.build_index(seeds, tmp_path / "i", config=Config(index_type="btree"))


def test_hostile_seeds_folder(tmp_path):
    """Binary, empty, huge, non-UTF-8 files and links out of the folder: each skipped with
    a message naming it; the rest is indexed."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "good.txt")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seeds / "nul.md").write_text("Looks like text\x00but is not.")
    (seeds / "empty.txt").write_text("")
    (seeds / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    (seeds / "huge.txt").write_text("Word. " * 400_000)  # 2.4 MB
    outside = tmp_path / "secret.txt"
    outside.write_text("The secret code is 1234.")
    (seeds / "link.txt").symlink_to(outside)
    (seeds / "inside.txt").symlink_to(seeds / "good.txt")  # a link within the folder is fine
    summary = qa.build_index(seeds, tmp_path / "index", config=Config(max_file_mb=1))
    assert summary.files == 2  # good.txt and inside.txt
    why = "\n".join(summary.skipped)
    for name, reason in [
        ("binary.txt", "UTF-8"),
        ("nul.md", "binary"),
        ("empty.txt", "empty"),
        ("latin1.txt", "UTF-8"),
        ("huge.txt", "limit"),
        ("link.txt", "outside the seeds folder"),
    ]:
        assert any(name in m and reason in m for m in summary.skipped), (name, why)
    cfg = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    hits = get_searcher(cfg.index_dir, config=cfg).search("secret code", 10)
    assert all("secret" not in h.text for h in hits)
    assert all(not h.source.startswith("/") for h in hits)


def test_messages_about_skipped_files_come_in_file_order(tmp_path):
    """A file refused before reading (too large) and one skipped after (no text) are
    reported in the order of the files, as the build met them."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a-empty.md").write_text("# Only a heading\n")
    (seeds / "b-large.txt").write_text("word " * 300_000)  # 1.5 MB
    shutil.copy(SEED, seeds / "c.txt")
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "i", max_file_mb=1.0)
    skipped = qa.build_index(config=config).skipped
    assert [m.split()[1] for m in skipped] == ["a-empty.md", "b-large.txt"]
