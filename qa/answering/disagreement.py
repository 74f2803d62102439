"""When dated articles disagree: "several hundred casualties" in one report, "3,000" in a
newer one. The reply then shows both, newest first, and says they differ — instead of
silently preferring whichever ranked higher.

Two answers disagree when their answering sentences come from articles published on
different dates and state different quantities (numbers, or number words such as
"several hundred"). A sentence that states no quantity disagrees with nothing: this
looks only at the figures news reports revise.
"""

from __future__ import annotations

import re

from qa.text.documents import quoted
from qa.core.types import Hit

# A figure: thousands grouped by commas ("10,000"), by thin or plain spaces ("10 000", as
# French and SI style write them) or by dots ("10.000", German style), or a decimal
# ("3.5"). A group of exactly three digits after a space or dot is a thousands group;
# "10 000" is one figure, not "10" and "0".
_GROUPED = r"\d{1,3}(?:(?:[,.]|[ \u00a0\u202f])\d{3}(?!\d))+"
_NUMBER = rf"(?:{_GROUPED}|\d+(?:[.,]\d+)*)"
_UNITS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(), 0)
    if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Words that state an amount without a figure: kept as they are ("several hundred").
_VAGUE = frozenset("several dozen dozens hundreds thousands millions billions few many".split())
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, *_VAGUE], key=len, reverse=True))
# A quantity: a figure or number words, possibly followed by scale words ("1.5 million",
# "three thousand", "twenty-five", "several hundred").
# "and" joins number words only after a scale ("two hundred and fifty"): "between two
# and three" stays two quantities.
_SMALL = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_AFTER_SCALE = "(?:" + "|".join(f"(?<={w})" for w in _SCALES) + ")"
_QUANTITY = re.compile(
    rf"(?:{_NUMBER}|\b(?:{_WORD})\b)"
    rf"(?:[\s-]+(?:{_WORD})\b|{_AFTER_SCALE}\s+and\s+(?:{_SMALL})\b(?:-(?:{_SMALL})\b)?)*",
    re.I,
)
# Years and dates are not the figures a report revises ("in 2024", "on 16 September",
# "by 5 October", "March 3"): a number next to a month's name, or a year, is left out.
_DATE_LIKE = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s*$", re.I)  # "September 16"
_MONTH_AFTER = re.compile(rf"^\s*{_MONTHS}\b", re.I)  # "16 September"


def value_of(quantity: str) -> str:
    """A stated quantity, normalised so that the same figure in two spellings is one:
    "3,000" / "3 000" / "3.000" / "three thousand" / "3 thousand" → "3000", "two hundred
    and fifty" → "250", "1.5 million" → "1500000", "Twelve" → "12"; vague amounts stay words ("several hundred")."""
    words = re.findall(rf"{_NUMBER}|[a-z]+", quantity.lower())
    if any(w in _VAGUE for w in words):
        return " ".join(words)
    total = current = 0.0
    for w in words:
        if w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0.0
        else:
            current += _figure(w) if w[0].isdigit() else _UNITS.get(w, _TENS.get(w, 0))
    number = total + current
    return str(int(number)) if number == int(number) else str(number)


def _figure(digits: str) -> float:
    """ "10,000", "10 000", "10.000" → 10000.0; "3.5" → 3.5."""
    if re.fullmatch(_GROUPED, digits):
        return float(re.sub(r"\D", "", digits))
    return float(digits.replace(",", ""))


def quantities(sentence: str) -> frozenset[str]:
    """The quantities a sentence states, normalised (value_of)."""
    found = set()
    for m in _QUANTITY.finditer(sentence):
        word = m.group().lower()
        if word[0].isdigit():
            first = re.match(_NUMBER, word).group()  # "1,800" is a figure, "1800" a year
            before, after = sentence[max(0, m.start() - 12) : m.start()], sentence[m.end() :]
            if _DATE_LIKE.match(first) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
                continue
        found.add(value_of(word))
    return frozenset(found)


def differing(hits: list[Hit]) -> list[Hit] | None:
    """The hits newest first when dated articles among them state different quantities
    in their answering sentences; None when they agree (or say no figure, or are
    undated, or come from one article).

    Reports agree when one's figures include the other's: "One official said about
    3,000 people were evacuated" ({1, 3000}) agrees with "About 3,000 people were
    evacuated" ({3000}); "several hundred" and "3,000" differ."""
    dated = [h for h in hits if h.published and h.answer_text and quantities(h.answer_text)]
    stated = {(h.source, h.published[:10], quantities(h.answer_text)) for h in dated}
    if len({s for s, _, _ in stated}) < 2 or len({d for _, d, _ in stated}) < 2:
        return None
    figures = list({q for _, _, q in stated})
    if all(a <= b or b <= a for a in figures for b in figures):
        return None  # the same figures, or one report's within another's
    return sorted(hits, key=lambda h: h.published[:10] or "0000", reverse=True)


def note_for(ordered: list[Hit]) -> str:
    """ "The articles differ: “A” (2024-10-05) and “B” (2024-09-16); newest first.\""""
    seen, named = set(), []
    for h in ordered:
        if h.published and h.source not in seen:
            seen.add(h.source)
            named.append(f"{quoted(h.title or h.source)} ({h.published[:10]})")
    return f"The articles differ: {', '.join(named[:-1])} and {named[-1]} give different figures; newest first."
