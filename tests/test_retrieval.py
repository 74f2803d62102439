"""qa.retrieve on the real article with the real model: hybrid ranking, exact spans."""
import subprocess
import sys

import pytest

import qa
from qa.config import ROOT

from .questions import ON_TOPIC


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
        assert text[hit.start:hit.end] == hit.text
        assert hit.source == "000_3ae34f4a203fbd2d.txt" and hit.paragraph >= 1


def test_import_loads_no_model():
    code = "import sys, qa; print('torch' in sys.modules, 'faiss' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"]


def test_public_api():
    assert set(qa.__all__) >= {"build_index", "retrieve", "answer", "Hit", "Answer", "QAError"}
    assert all(hasattr(qa, name) for name in qa.__all__)
