import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.text.chunking import _windows, chunk_text
from qa.text.paragraphs import is_heading, split_blocks, split_sentences
from qa.encoders.embedding import get_encoder
from qa.text.sources import chunk_file

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def sentences(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.fixture(scope="module")
def passages(article, encoder):
    return chunk_text(article, "a.txt", encoder.count_tokens)


def test_offsets_are_exact_on_the_article(article, passages):
    assert passages
    for p in passages:
        assert article[p.start : p.end] == p.text
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Kim met the U.S. envoy. He left.", ["Mr. Kim met the U.S. envoy.", "He left."]),
        (
            "North Korea sent 10,000 soldiers. Russia agreed.",
            ["North Korea sent 10,000 soldiers.", "Russia agreed."],
        ),
        (
            "“They have never been in combat before.” He continued.",
            ["“They have never been in combat before.”", "He continued."],
        ),
        ('He said "It is over." Then he left!', ['He said "It is over."', "Then he left!"]),
        (
            "The U.S. Army said so. Dr. Lee agreed at 3.5 p.m. today.",
            ["The U.S. Army said so.", "Dr. Lee agreed at 3.5 p.m. today."],
        ),
        ("Is it in force? Yes. It is.", ["Is it in force?", "Yes.", "It is."]),
    ],
)
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
        assert text[p.start : p.end] == p.text
        assert encoder.count_tokens([p.text])[0] + 2 <= 256
        assert TERMINAL.search(p.text)
    for a, b in itertools.pairwise(got):
        assert a.sentences[-1] == b.sentences[0]  # exactly one shared sentence
        assert a.sentences[-2] not in b.sentences
    covered = {s for p in got for s in p.sentences}
    assert len(covered) == 60  # nothing dropped


def test_a_sentence_longer_than_the_window_is_split_not_truncated(encoder):
    text = " ".join(f"word{i}" for i in range(400)) + "."
    got = chunk_text(text, "x.txt", encoder.count_tokens, max_tokens=64)
    assert all(encoder.count_tokens([p.text])[0] + 2 <= 64 for p in got)
    assert " ".join(p.text for p in got) == text


def test_no_window_holds_only_its_neighbours_last_sentence():
    # Sharing sentence 1 would leave no room for sentence 2: [0, 1], [1], [2] made a
    # passage that repeated one sentence of the passage before it.
    assert [list(w) for w in _windows([100, 150, 200], 254, 1)] == [[0, 1], [2]]
    assert [list(w) for w in _windows([100] * 4, 254, 1)] == [[0, 1], [1, 2], [2, 3]]


def test_hard_wrapped_paragraph_is_one_paragraph():
    text = "This line is wrapped\nin the middle of a sentence and\ngoes on here.\n\nNext one."
    blocks = split_blocks(text)
    assert [(text[b.start : b.end], b.heading) for b in blocks] == [
        ("This line is wrapped\nin the middle of a sentence and\ngoes on here.", False),
        ("Next one.", False),
    ]


# ---------------------------------------------------------------- lists

NAVY = (
    "Navy\n\nThe fleet is growing.\n\n- The submarine fleet has twelve boats\n"
    "- The frigate squadron has four ships\n"
)


def test_a_list_is_body_text_under_the_heading_above_it(encoder):
    got = chunk_text(NAVY, "navy.txt", encoder.count_tokens)
    indexed = " ".join(p.text for p in got)
    assert "- The submarine fleet has twelve boats" in indexed
    assert "- The frigate squadron has four ships" in indexed
    assert [p.section for p in got] == ["Navy", "Navy"]
    assert [p.paragraph for p in got] == [1, 2]
    spoken = [NAVY[a:b] for p in got for a, b in p.sentences]
    assert spoken == [
        "The fleet is growing.",
        "- The submarine fleet has twelve boats",
        "- The frigate squadron has four ships",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "- The submarine fleet has twelve boats",
        "* The frigate squadron",
        "• Four ships",
        "1. Twelve boats",
        "12) Four ships",
        "  - indented item",
    ],
)
def test_a_list_item_is_never_a_heading(line):
    assert not is_heading(line)


def test_a_list_is_one_paragraph_with_one_sentence_per_item():
    text = (
        "The fleet includes:\n- The submarine fleet has\n  twelve boats\n"
        "* The frigate squadron has four ships\n• Two tankers\n1. One carrier.\n"
        "2) Three etc.\n3. A No.\n4. Last item"
    )
    blocks = split_blocks(text)
    assert [(text[b.start : b.end], b.heading) for b in blocks] == [
        ("The fleet includes:", False),
        (text[text.index("- The") :], False),
    ]
    items = sentences(text[text.index("- The") :])
    assert items == [
        "- The submarine fleet has\n  twelve boats",
        "* The frigate squadron has four ships",
        "• Two tankers",
        "1. One carrier.",
        "2) Three etc.",
        "3. A No.",
        "4. Last item",
    ]


def test_a_line_after_a_list_is_not_part_of_it():
    text = "- First item\n- Second item\nFleet\nThe fleet is growing."
    blocks = [(text[b.start : b.end], b.heading) for b in split_blocks(text)]
    assert blocks == [
        ("- First item\n- Second item", False),
        ("Fleet", True),
        ("The fleet is growing.", False),
    ]


# ---------------------------------------------------------------- the window, always


def _missed(text, passages):
    """Offsets of the non-space characters that no passage holds."""
    covered = bytearray(len(text))
    for p in passages:
        covered[p.start : p.end] = b"\1" * (p.end - p.start)
    return {i for i, c in enumerate(text) if not covered[i] and not c.isspace()}


def _window_ok(encoder, p, max_tokens):
    section = encoder.count_tokens([p.section])[0] + 1 if p.section else 0
    return section + encoder.count_tokens([p.text])[0] + 2 <= max_tokens


@pytest.mark.parametrize(
    "word",
    [
        "https://example.com/" + "/".join(["news", "north-korea-soldiers-russia", "2024"] * 60),
        "".join(chr(65 + (i * 7) % 26) + chr(97 + i % 26) + "0+/"[i % 3] for i in range(1500)),
        "日本語" * 300,
        "가나다라마바사아자차"
        * 4,  # NFD makes each syllable two wordpieces: more than its characters
    ],
    ids=["url", "base64", "cjk", "hangul"],
)
@pytest.mark.parametrize("max_tokens", [32, 256])
def test_an_over_long_word_is_cut_inside_the_word(encoder, word, max_tokens):
    text = f"Short heading\n\nThe link is {word} and more.\n"
    got = chunk_text(text, "w.txt", encoder.count_tokens, max_tokens=max_tokens)
    assert all(_window_ok(encoder, p, max_tokens) for p in got)
    assert all(text[p.start : p.end] == p.text for p in got)
    assert all(i < len("Short heading") for i in _missed(text, got))
    if encoder.count_tokens([word])[0] > max_tokens - 2:
        assert len(got) > 1


def test_a_heading_longer_than_a_quarter_of_the_window_is_body_text(encoder):
    long = "# " + " ".join(f"Heading word {i}" for i in range(40))
    text = f"# Navy\n\n{long}\n\nThe fleet is growing. It has twelve boats."
    got = chunk_text(text, "h.md", encoder.count_tokens, max_tokens=64)
    assert all(_window_ok(encoder, p, 64) for p in got)
    assert all(p.section == "Navy" for p in got)  # the section stays as before
    assert got[-1].text == "The fleet is growing. It has twelve boats."
    assert got[-1].paragraph == 2
    assert "Heading word 39" in " ".join(p.text for p in got[:-1])


# ---------------------------------------------------------------- properties

ENCODER = get_encoder()  # the tokenizer alone (fast); hypothesis wants no function fixtures
WORDS = [
    "soldiers",
    "Kursk",
    "fleet",
    "the",
    "of",
    "10,000",
    "3.5",
    "Mr.",
    "U.S.",
    "No. 5",
    "café",
    "naïve",
    "Zürich",
    "straße",
    "שלום",
    "مرحبا",
    "😀",
    "日本",
    "서울",
    "e.g.",
    "(Reuters)",
    "“quoted”",
    "it's",
    "approx.",
    "Dr.",
    "x\u200by",
    "—",
]
NAMES = [
    "Navy",
    "Russian counteroffensive in Kursk region",
    "Économie",
    "Seoul talks",
    "Ряд событий",
    "Les forces navales",
    "שלום עולם",
]


@st.composite
def sentence(draw, lo=3, hi=14):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=lo, max_size=hi))
    return (
        words[0].capitalize()
        + " "
        + " ".join(words[1:])
        + draw(st.sampled_from([".", "?", "!", ".”", "…", ""]))
    )


@st.composite
def long_word(draw):
    n = draw(st.integers(20, 400))
    return draw(
        st.sampled_from(
            [
                "https://example.com/" + "/".join(["a-path", "x=1&y=2"] * n),
                "".join("aZ9+/"[(i * i) % 5] + "QmFzZTY0"[i % 8] for i in range(n * 4)),
                "日本語" * n,
                "가나다라" * (n // 10 + 1),
                "😀" * n,
                "ab" * n * 3,
            ]
        )
    )


@st.composite
def part(draw):
    kind = draw(
        st.sampled_from(
            ["heading", "markdown", "paragraph", "list", "long", "word", "separator", "wrapped"]
        )
    )
    if kind == "heading":
        return draw(st.sampled_from(NAMES))
    if kind == "markdown":
        return "#" * draw(st.integers(1, 3)) + " " + draw(sentence(1, 40)).rstrip(".?!…”")
    if kind == "paragraph":
        return " ".join(draw(st.lists(sentence(), min_size=1, max_size=6)))
    if kind == "list":
        marker = draw(st.sampled_from(["- ", "* ", "• ", "{}. ", "{}) "]))
        items = draw(st.lists(sentence(), min_size=1, max_size=6))
        lines = [marker.format(i + 1) + s for i, s in enumerate(items)]
        if draw(st.booleans()):  # a continuation line
            lines.insert(1, "  and " + draw(sentence()).lower())
        return "\n".join(lines)
    if kind == "long":
        return draw(sentence(150, 400))
    if kind == "word":
        return f"See {draw(long_word())} here."
    if kind == "separator":
        return draw(st.sampled_from(["***", "—", "- - -", "* * *"]))
    return "\n".join(draw(st.lists(sentence(), min_size=2, max_size=4)))


@st.composite
def article_text(draw):
    parts = draw(st.lists(part(), min_size=1, max_size=10))
    seps = draw(
        st.lists(
            st.sampled_from(["\n\n", "\n\n", "\n", "\n \n\n"]),
            min_size=len(parts),
            max_size=len(parts),
        )
    )
    text = "".join(p + s for p, s in zip(parts, seps))
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))


def _title(raw):
    return raw.strip().lstrip("#").strip()


def _spaces_cost_one(texts):
    """A tokenizer whose counts do not add up: a text costs one more per space, so
    windows packed from counted parts are over; only counting them whole shows it."""
    return [n + t.count(" ") for n, t in zip(ENCODER.count_tokens(texts), texts)]


@settings(max_examples=200, deadline=None, database=None)
@given(
    text=article_text(),
    max_tokens=st.integers(32, 256),
    count=st.sampled_from([ENCODER.count_tokens, ENCODER.count_tokens, _spaces_cost_one]),
)
def test_every_character_is_indexed_within_the_window(text, max_tokens, count):
    got = chunk_text(text, "p.txt", count, max_tokens=max_tokens)
    for p in got:
        assert text[p.start : p.end] == p.text
        section = count([p.section])[0] + 1 if p.section else 0
        assert section + count([p.text])[0] + 2 <= max_tokens, (p.section, p.text)
        assert p.sentences[0][0] == p.start and p.sentences[-1][1] == p.end
        for (a, b), (c, _) in zip(p.sentences, p.sentences[1:] + ((p.end, p.end),)):
            assert p.start <= a < b <= c and text[a:b].strip() == text[a:b]
    missed = _missed(text, got)
    for block in split_blocks(text):
        raw = text[block.start : block.end]
        if block.heading and count([_title(raw)])[0] <= (max_tokens - 2) // 4:
            assert all(p.text != raw.strip() for p in got)
            assert not any(p.start < block.end and block.start < p.end for p in got), raw
            continue
        if not any(c.isalnum() for c in raw):
            continue  # a separator such as "***"
        assert not missed & set(range(block.start, block.end)), raw[:80]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "unit",
    [
        "Mr. Kim met the U.S. envoy at 3.5 p.m. in Kursk. No. 5 said so, etc. and left! ",
        "aGVsbG8gd29y+bGQ/",  # one whitespace-free word
    ],
)
def test_two_megabytes_on_one_line_do_not_hang(tmp_path, encoder, unit):
    text = unit * (2_000_000 // len(unit))
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    got, why, _ = chunk_file(tmp_path / "big.txt", "big.txt", encoder.count_tokens, 256)
    assert not why and not _missed(text, got)
    counts = encoder.count_tokens([p.text for p in got])
    assert max(counts) + 2 <= 256
    # a word over 100 characters is one unknown token to BERT, whatever its length: it is
    # cut, so no passage holds more than ~254 pieces of 100 characters
    assert max(len(p.text) for p in got) <= 254 * 101
