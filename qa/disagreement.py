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

from .types import Hit

_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)*"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|"
    r"dozens?|several)\b",
    re.I,
)
# Years and dates are not the figures a report revises ("in 2024", "on 16 September",
# "by 5 October", "March 3"): a number next to a month's name, or a year, is left out.
_DATE_LIKE = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s*$", re.I)  # "September 16"
_MONTH_AFTER = re.compile(rf"^\s*{_MONTHS}\b", re.I)  # "16 September"


def quantities(sentence: str) -> frozenset[str]:
    """The quantities a sentence states, normalised ("3,000" → "3000", "Several" →
    "several")."""
    found = set()
    for m in _QUANTITY.finditer(sentence):
        word = m.group().lower()
        if word[0].isdigit():
            word = word.replace(",", "")
            before, after = sentence[max(0, m.start() - 12) : m.start()], sentence[m.end() :]
            if _DATE_LIKE.match(word) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
                continue
        found.add(word)
    return frozenset(found)


def differing(hits: list[Hit]) -> list[Hit] | None:
    """The hits newest first when dated articles among them state different quantities
    in their answering sentences; None when they agree (or say no figure, or are
    undated, or come from one article)."""
    dated = [h for h in hits if h.published and h.answer_text and quantities(h.answer_text)]
    stated = {(h.source, h.published[:10], quantities(h.answer_text)) for h in dated}
    if len({s for s, _, _ in stated}) < 2 or len({d for _, d, _ in stated}) < 2:
        return None
    if len({q for _, _, q in stated}) < 2:
        return None  # the same figures in every article
    return sorted(hits, key=lambda h: h.published[:10] or "0000", reverse=True)


def note_for(ordered: list[Hit]) -> str:
    """ "The articles differ: “A” (2024-10-05) and “B” (2024-09-16); newest first.\""""
    seen, named = set(), []
    for h in ordered:
        if h.published and h.source not in seen:
            seen.add(h.source)
            named.append(f"“{h.title or h.source}” ({h.published[:10]})")
    return f"The articles differ: {', '.join(named[:-1])} and {named[-1]} give different figures; newest first."
