"""Names by meaning: a country's capital, demonym or other name stands for the country.

News readers write "Pyongyang" for North Korea, "Kyiv" for Ukraine, "American" where the
article says "US". The near-topic rule (chat.decide) refuses questions naming something
no article mentions; a name that refers to a country the articles do mention must not
count as absent. What refers to what comes from data, not from our guesses: countryinfo's
capitals, demonyms, official and alternative names for 250 countries. What is truly
absent stays absent: "Seoul" is South Korea, and "South Korea" is not "North Korea".

The model's own judgement (does leaving the name out move the question away from the
best passage?) was measured and cannot do this: "NATO" pulls towards the article's
passages as hard as "Kyiv" does (0.18 vs 0.14), so it would let absent names through.
Leaders and institutions ("Kim Jong Un", "the Kremlin") have no such data and stay names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# Two-letter codes are English words ("IN", "IT", "NO", "AM"): only these two are meant
# as country names often enough to count.
_CODES = {"united states": ("US", "U.S."), "united kingdom": ("UK", "U.K.")}
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lower-cased alias → the name lists of the countries it may stand for."""
    from countryinfo import all_countries

    table: dict[str, list[tuple[str, ...]]] = {}
    for country in all_countries():
        info = country.info()
        name = str(info.get("name", ""))
        names = [
            name,
            *(s for s in info.get("altSpellings", []) if len(s) > 2),
            *_CODES.get(name.lower(), ()),
        ]
        names = tuple(dict.fromkeys(n for n in names if n and _LETTERS.search(n)))
        refer = {*names, *_strings(info.get("capital")), *_strings(info.get("demonym"))}
        for alias in refer:
            if _LETTERS.search(alias):
                table.setdefault(alias.lower(), []).append(names)
    return {k: tuple(v) for k, v in table.items()}


def _strings(value) -> list[str]:
    """countryinfo gives a string, a list of them (several capitals) or nothing."""
    if isinstance(value, str):
        return [value] if value else []
    return [v for v in value or () if isinstance(v, str) and v]


def standing_for(name: str, mentioned: Callable[[str], bool]) -> str:
    """The name the articles use for the country that `name` stands for ("Pyongyang" →
    "North Korea"), or "" when it stands for none they mention. `mentioned(words)` says
    whether the articles use every word of a name."""
    key = name.lower().replace("’", "'")
    candidates = _table().get(key) or _table().get(re.sub(r"(?:'s|s)$", "", key)) or ()
    for names in candidates:  # "Americans" → American → United States
        for n in names:
            if mentioned(n):
                return n
    return ""
