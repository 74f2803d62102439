import re

import pytest

from qa.chunking import chunk_text, is_heading, split_blocks, split_sentences

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def sentences(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.fixture(scope="module")
def passages(article, encoder):
    return chunk_text(article, "a.txt", encoder.count_tokens)


def test_offsets_are_exact_on_the_article(article, passages):
    assert passages
    for p in passages:
        assert article[p.start:p.end] == p.text
        for a, b in p.sentences:
            assert p.start <= a < b <= p.end
            assert article[a:b].strip() == article[a:b]


def test_passages_end_at_sentence_ends(passages):
    for p in passages:
        assert TERMINAL.search(p.text), p.text[-40:]
        assert p.sentences[-1][1] == p.end


def test_heading_is_section_not_passage(article, passages):
    heading = "Russian counteroffensive in Kursk region"
    assert heading in article
    assert all(p.text != heading for p in passages)
    after = [p for p in passages if p.start > article.index(heading)]
    before = [p for p in passages if p.end < article.index(heading)]
    assert after and all(p.section == heading for p in after)
    assert before and all(p.section == "" for p in before)


def test_paragraphs_are_numbered_from_one(article, passages):
    assert passages[0].paragraph == 1
    paragraphs = [line for line in article.splitlines() if line.strip() and not is_heading(line)]
    assert max(p.paragraph for p in passages) == len(paragraphs)


@pytest.mark.parametrize("text, expected", [
    ("Mr. Kim met the U.S. envoy. He left.", ["Mr. Kim met the U.S. envoy.", "He left."]),
    ("North Korea sent 10,000 soldiers. Russia agreed.",
     ["North Korea sent 10,000 soldiers.", "Russia agreed."]),
    ("“They have never been in combat before.” He continued.",
     ["“They have never been in combat before.”", "He continued."]),
    ('He said "It is over." Then he left!', ['He said "It is over."', "Then he left!"]),
    ("The U.S. Army said so. Dr. Lee agreed at 3.5 p.m. today.",
     ["The U.S. Army said so.", "Dr. Lee agreed at 3.5 p.m. today."]),
    ("Is it in force? Yes. It is.", ["Is it in force?", "Yes.", "It is."]),
])
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_article_sentences_do_not_split_on_numbers_or_quotes(article):
    got = sentences(article.splitlines()[0])
    assert got[0] == "North Korea is said to have sent 10,000 soldiers to Russia for support."
    assert len(got) == 2


def test_long_paragraph_becomes_overlapping_windows_within_the_model_window(encoder):
    sentence = "The envoy from the U.S. said that {} soldiers had crossed the river near Kursk."
    text = " ".join(sentence.format(i) for i in range(60))
    got = chunk_text(text, "long.txt", encoder.count_tokens, max_tokens=256)
    assert len(got) > 1
    for p in got:
        assert text[p.start:p.end] == p.text
        assert encoder.count_tokens([p.text])[0] + 2 <= 256
        assert TERMINAL.search(p.text)
    for a, b in zip(got, got[1:]):
        assert a.sentences[-1] == b.sentences[0]  # exactly one shared sentence
        assert a.sentences[-2] not in b.sentences
    covered = {s for p in got for s in p.sentences}
    assert len(covered) == 60  # nothing dropped


def test_a_sentence_longer_than_the_window_is_split_not_truncated(encoder):
    text = " ".join(f"word{i}" for i in range(400)) + "."
    got = chunk_text(text, "x.txt", encoder.count_tokens, max_tokens=64)
    assert all(encoder.count_tokens([p.text])[0] + 2 <= 64 for p in got)
    assert " ".join(p.text for p in got) == text


def test_hard_wrapped_paragraph_is_one_paragraph():
    text = "This line is wrapped\nin the middle of a sentence and\ngoes on here.\n\nNext one."
    blocks = split_blocks(text)
    assert [(text[b.start:b.end], b.heading) for b in blocks] == [
        ("This line is wrapped\nin the middle of a sentence and\ngoes on here.", False),
        ("Next one.", False),
    ]
