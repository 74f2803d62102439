"""qa.retrieve on the real article with the real model: hybrid ranking, exact spans."""

import shutil
import subprocess
import sys

import pytest

import qa
from qa.core.config import ROOT, Config

from ..conftest import SEED
from ..questions import ON_TOPIC


@pytest.mark.parametrize("question, words", ON_TOPIC, ids=[q for q, _ in ON_TOPIC])
def test_top_passage_holds_the_answer(built, question, words):
    hits = qa.retrieve(question, k=3, index_dir=built.index_dir, config=built)
    assert any(w in hits[0].text for w in words), hits[0].text


def test_retrieve_returns_k_hits_best_first(built):
    hits = qa.retrieve("What is the capital of France?", k=3, config=built)
    assert len(hits) == 3  # retrieve always ranks, relevant or not
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    many = qa.retrieve("soldiers", k=50, config=built)
    assert len(many) == len({(h.source, h.start) for h in many}) == 7  # every passage once


def test_hits_cite_exact_spans(built):
    text = (built.seeds_dir / "000_3ae34f4a203fbd2d.txt").read_text(encoding="utf-8")
    for hit in qa.retrieve("When was the defense pact signed?", k=3, config=built):
        assert text[hit.start : hit.end] == hit.text
        assert hit.source == "000_3ae34f4a203fbd2d.txt" and hit.paragraph >= 1


def test_import_loads_no_model():
    code = "import sys, qa; print('torch' in sys.modules, 'faiss' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"]


def test_public_api():
    assert set(qa.__all__) >= {"build_index", "retrieve", "answer", "Hit", "Answer", "QAError"}
    assert all(hasattr(qa, name) for name in qa.__all__)


def test_identical_files_give_each_passage_once_citing_every_file(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("a.txt", "copy/b.txt", "c.txt"):
        (seeds / name).parent.mkdir(exist_ok=True)
        shutil.copy(SEED, seeds / name)
    (seeds / "c.txt").write_text(SEED.read_text() + "\nA paragraph only c.txt has.\n")
    cfg = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    qa.build_index(config=cfg)
    hits = qa.retrieve("How many soldiers did North Korea send?", k=3, config=cfg)
    assert len({h.text for h in hits}) == 3  # no passage twice
    assert hits[0].source == "a.txt" and hits[0].also_in == ("c.txt", "copy/b.txt")
    assert "(also in c.txt, copy/b.txt)" in hits[0].citation
    every = qa.retrieve("soldiers", k=50, config=cfg)
    assert len(every) == 8  # the article's 7 passages once, and c.txt's own paragraph
    reply = qa.answer("How many soldiers did North Korea send?", config=cfg)
    assert len({h.text for h in reply.hits}) == len(reply.hits) and reply.hits[0].also_in


def test_reranking_by_token_matching_moves_the_answer_up(built):
    """ "Who verified that the foreign fighters were in battle?" shares almost no word
    with the article, and cosine and BM25 rank the casualty estimate first. Word by
    word, "verified" finds "confirmed" and "battle" finds "fighting": the passage on
    what the White House confirmed comes first."""

    question = "Who verified that the foreign fighters were in battle?"
    plain = built.with_ranking(token_weight=0.0)
    before = qa.retrieve(question, k=3, config=plain)
    after = qa.retrieve(question, k=3, config=built)
    assert "White House" not in before[0].text and "White House" in after[0].text
    assert all(h.match == 0.0 for h in before) and all(0 < h.match <= 1 for h in after)
    w = built.ranking.token_weight
    for h in after:  # the final score is the fusion the README gives
        hybrid = (
            1 - built.ranking.lexical_weight
        ) * h.similarity + built.ranking.lexical_weight * h.lexical
        assert h.score == pytest.approx((1 - w) * hybrid + w * h.match, abs=2e-4)
    assert [h.score for h in after] == sorted((h.score for h in after), reverse=True)
