"""Figures in other spellings are one figure: "10,000", "10 000", "10.000" and "two
hundred and fifty" never make two reports "differ"; a real revision still does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qa
from qa.core.config import Config
from qa.answering.disagreement import note_for, quantities

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spelled(n: int) -> str:
    """1 ≤ n < 10^6 in British English words: 250 → "two hundred and fifty"."""

    def below_thousand(m: int) -> str:
        hundreds, rest = divmod(m, 100)
        small = ""
        if rest:
            small = _UNITS[rest] if rest < 20 else _TENS[rest // 10]
            small += f"-{_UNITS[rest % 10]}" if rest >= 20 and rest % 10 else ""
        if not hundreds:
            return small
        return f"{_UNITS[hundreds]} hundred" + (f" and {small}" if small else "")

    thousands, rest = divmod(n, 1000)
    if not thousands:
        return below_thousand(rest)
    head = f"{below_thousand(thousands)} thousand"
    if not rest:
        return head
    return f"{head} and {below_thousand(rest)}" if rest < 100 else f"{head} {below_thousand(rest)}"


@given(st.integers(1_000, 99_999_999), st.sampled_from([",", " ", ".", "\u00a0", "\u202f"]))
def test_a_figure_grouped_in_thousands_is_one_figure_whatever_the_separator(n, separator):
    grouped = f"{n:,}".replace(",", separator)
    assert quantities(f"Officials said {grouped} people had left.") == {str(n)}, grouped


@given(st.integers(1, 999_999))
def test_a_figure_in_words_is_the_figure_in_digits(n):
    words = spelled(n)
    assert quantities(f"About {words} soldiers were sent.") == {str(n)}, words


def test_and_joins_number_words_only_after_a_scale():
    assert quantities("Between two and three ships sank.") == {"2", "3"}
    assert quantities("One hundred and one ships sank.") == {"101"}
    assert quantities("It rose by 3.5 percent.") == {"3.5"}


REPORTS = {
    "early.md": ("2024-10-05", "About {a} soldiers have been sent to Russia, officials said."),
    "later.md": ("2024-11-02", "About {b} soldiers have been sent to Russia, officials said."),
}


def _reports(root, a: str, b: str) -> Config:
    seeds = root / "seeds"
    seeds.mkdir()
    for name, (date, text) in REPORTS.items():
        body = text.format(a=a, b=b)
        (seeds / name).write_text(f"---\ntitle: {name}\ndate: {date}\n---\n{body}\n")
    config = Config(seeds_dir=seeds, index_dir=root / "index")
    qa.build_index(config=config)
    return config


@pytest.mark.parametrize(
    "a, b, differ",
    [
        ("10,000", "10 000", False),
        ("10,000", "10.000", False),
        ("250", "two hundred and fifty", False),
        ("10,000", "12,000", True),  # a real revision is still said
    ],
)
def test_dated_reports_differ_only_when_their_figures_do(tmp_path, a, b, differ):
    config = _reports(tmp_path, a, b)
    reply = qa.answer("How many soldiers have been sent to Russia?", config=config)
    said = [n for n in reply.notes if n.startswith("The articles differ")]
    assert {h.source for h in reply.hits} == set(REPORTS), reply.hits
    assert bool(said) == differ, (a, b, reply.notes, [h.answer_text for h in reply.hits])


def test_a_title_that_is_a_quotation_is_not_quoted_twice_in_the_note():
    def report(title: str, published: str) -> qa.Hit:
        return qa.Hit(
            "It said 10,000.", "a.txt" + published, 1, "", 0, 15, 0.5,
            title=title, published=published,
        )  # fmt: skip

    note = note_for([report("“We will win”, he said", "2024-10-05"), report("Plain", "2024-09-16")])
    assert note.startswith("The articles differ: “We will win”, he said (2024-10-05) and “Plain”")
    assert "““" not in note
