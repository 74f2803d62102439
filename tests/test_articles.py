"""Several articles (tests/corpus/): the right one is chosen, the one saved twice is shown
once citing both files, and questions about none of them are refused."""

import shutil

import pytest

import qa
from qa.core.config import ROOT, Config

from .corpus.questions import ANSWERABLE, NEAR_TOPIC, OFF_TOPIC


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Config:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(
        ROOT / "tests" / "corpus",
        root / "seeds",
        ignore=shutil.ignore_patterns("*.py", "__pycache__"),
    )
    config = Config(seeds_dir=root / "seeds", index_dir=root / "index")
    qa.build_index(config=config)
    return config


@pytest.mark.parametrize("question, source, words", ANSWERABLE, ids=[q for q, _, _ in ANSWERABLE])
def test_the_right_article_answers(corpus, question, source, words):
    top = qa.retrieve(question, k=1, config=corpus)[0]
    assert source in (top.source, *top.also_in), top.citation


def test_an_article_saved_twice_is_shown_once_citing_both(corpus):
    reply = qa.answer("How many sandbags were filled in Pirna?", config=corpus)
    assert reply.hits and len({h.text for h in reply.hits}) == len(reply.hits)
    first = reply.hits[0]
    assert {first.source, *first.also_in} == {"floods.txt", "floods-wire-copy.txt"}


@pytest.mark.parametrize("question", NEAR_TOPIC + OFF_TOPIC)
def test_questions_about_none_of_them_are_not_answered_plainly(corpus, question):
    reply = qa.answer(question, config=corpus)
    assert not reply.covered or reply.missing, [h.citation for h in reply.hits]
