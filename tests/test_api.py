"""qa.Index, the public centre: open, build, retrieve, answer, health, verify; the
module-level functions are shims over it."""

import dataclasses
import shutil
import subprocess
import sys

import pytest

import qa
from qa.core.config import ROOT


def test_open_answers_like_the_shims(built):
    index = qa.Index.open(built.index_dir, built)
    question = "How many soldiers did North Korea send to Russia?"
    assert index.answer(question) == qa.answer(question, config=built)
    assert index.retrieve(question, 2) == qa.retrieve(question, 2, config=built)
    assert "10,000" in index.answer(question).hits[0].answer_text


def test_the_shims_use_the_index_and_config_they_are_given(tmp_path):
    # another article than the committed index/ holds, and k=1: a shim that fell back to
    # the defaults would answer from the seed article, with more hits
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "tests" / "corpus" / "rates.txt", seeds)
    config = qa.Config(seeds_dir=seeds, index_dir=tmp_path / "index", k=1)
    qa.build_index(config=config)
    question = "At what level did the ECB keep its deposit rate?"
    index = qa.Index.open(config.index_dir, config)
    assert [h.source for h in qa.retrieve(question, config=config)] == ["rates.txt"]
    assert qa.retrieve(question, config=config) == index.retrieve(question)
    assert qa.answer(question, config=config) == index.answer(question)
    by_folder = qa.retrieve(question, 2, index_dir=config.index_dir)
    assert by_folder and {h.source for h in by_folder} == {"rates.txt"}


def test_answer_takes_k_from_the_config(built):
    """qa.answer used to hard-code k=3, so QA_K did nothing there."""
    question = "How many soldiers did North Korea send to Russia?"
    assert len(qa.answer(question, config=built).hits) > 1  # several relevant passages
    one = dataclasses.replace(built, k=1)
    assert len(qa.Index.open(built.index_dir, one).answer(question).hits) == 1
    assert len(qa.answer(question, config=one).hits) == 1
    assert len(qa.retrieve("soldiers", config=one)) == 1


def test_build_then_open_health_and_verify(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    config = qa.Config(seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "elsewhere")
    index = qa.Index.build(tmp_path / "seeds", tmp_path / "index", config)
    assert index.last_build.passages == 7 and index.location == tmp_path / "index"
    health = index.health()
    assert health.ok and health.problem == "" and health.passages == 7
    assert health.encoder.startswith("onnx-int8:") and health.built_at
    assert index.verify().stale == "" and index.verify().files >= 10
    (tmp_path / "index" / "vectors.faiss").write_bytes(b"garbage")
    assert not index.health().ok and "vectors.faiss" in index.health().problem
    with pytest.raises(qa.IndexCorruptError):
        index.verify()


def test_open_says_what_is_wrong_at_once(tmp_path):
    with pytest.raises(qa.IndexMissingError, match="python -m qa build"):
        qa.Index.open(tmp_path / "none", qa.Config(index_dir=tmp_path / "none"))


def test_importing_qa_stays_light():
    code = "import sys, qa; print(any(m in sys.modules for m in ('qa.api', 'numpy', 'faiss')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
    assert "Index" in qa.__all__ and qa.Index.__name__ == "Index"


def test_retrieve_ranks_only_and_answer_picks_the_sentence(built):
    """retrieve's hits carry no answering sentence (documented: choosing one is
    answer's work, ~0.8 ms a hit); answer's do, inside the passage."""
    question = "How many soldiers did North Korea send to Russia?"
    hits = qa.retrieve(question, 3, config=built)
    assert len(hits) == 3 and all(h.answer_text == "" and h.answer_start is None for h in hits)
    best = qa.answer(question, config=built).hits[0]
    assert best.text == hits[0].text and "10,000" in best.answer_text
    assert (
        best.text[best.answer_start - best.start : best.answer_end - best.start] == best.answer_text
    )
