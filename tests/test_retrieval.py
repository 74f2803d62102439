"""Retrieval and answers on the real article with the real model."""
import subprocess
import sys

import pytest

import qa
from qa.config import ROOT

from .questions import OFF_TOPIC, ON_TOPIC


@pytest.mark.parametrize("question, words", ON_TOPIC, ids=[q for q, _ in ON_TOPIC])
def test_top_passage_holds_the_answer(built, question, words):
    hits = qa.retrieve(question, k=3, index_dir=built.index_dir, config=built)
    assert any(w in hits[0].text for w in words), hits[0].text


@pytest.mark.parametrize("question, words", ON_TOPIC, ids=[q for q, _ in ON_TOPIC])
def test_on_topic_questions_are_answered(built, question, words):
    reply = qa.answer(question, index_dir=built.index_dir, config=built)
    assert reply.covered and reply.hits
    assert any(w in reply.hits[0].text for w in words)


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_get_no_hits(built, question):
    reply = qa.answer(question, index_dir=built.index_dir, config=built)
    assert reply.hits == () and not reply.covered
    assert "do not cover" in reply.message


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


@pytest.mark.parametrize("question, sentence_words", [
    ("How many soldiers did North Korea send to Russia?", ["10,000"]),
    ("When did the defense pact come into force?", ["came into force"]),
    ("What did Zelensky say?", ["significant extent"]),
    ("When did the Ukrainian army invade Kursk?", ["invaded the Kursk region in August"]),
    ("Which ranks are affected?", ["all ranks"]),
    # the quote is two sentences, and both answer it
    ("Have these troops been in combat before?", ["never been in combat", "battle-hardened"]),
])
def test_answer_sentence_is_the_one_holding_the_answer(built, question, sentence_words):
    reply = qa.answer(question, config=built)
    best = reply.hits[0]
    assert best.start <= best.answer_start < best.answer_end <= best.end
    assert any(w in best.answer_text for w in sentence_words), best.answer_text
    text = (built.seeds_dir / best.source).read_text(encoding="utf-8")
    assert text[best.answer_start:best.answer_end] == best.answer_text


def test_answers_never_repeat_a_passage(built):
    reply = qa.answer("North Korean soldiers in Kursk", k=3, config=built)
    spans = [(h.source, h.start, h.end) for h in reply.hits]
    assert len(spans) == len(set(spans))
    for a in reply.hits:
        for b in reply.hits:
            assert a is b or not (a.start < b.end and b.start < a.end)


def test_typos_are_repaired_and_said(built):
    reply = qa.answer("How many soliders did North Koera send?", config=built)
    assert "10,000" in reply.hits[0].text
    assert any("soldiers" in n and "soliders" in n for n in reply.notes)


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01\n\t"])
def test_empty_questions_are_refused_clearly(built, bad):
    with pytest.raises(qa.QuestionError, match="empty"):
        qa.answer(bad, config=built)
    with pytest.raises(qa.QuestionError):
        qa.retrieve(bad, config=built)


def test_very_long_question_is_shortened_with_a_note(built):
    reply = qa.answer("How many soldiers did North Korea send? " * 3000, config=built)
    assert any("shortened" in n for n in reply.notes)
    assert reply.hits


def test_import_loads_no_model():
    code = "import sys, qa; print('torch' in sys.modules, 'faiss' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"]


def test_public_api():
    assert set(qa.__all__) >= {"build_index", "retrieve", "answer", "Hit", "Answer", "QAError"}
    assert all(hasattr(qa, name) for name in qa.__all__)
