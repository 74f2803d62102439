"""What kind of answer a question wants, and where a sentence offers one.

"How many soldiers…?" wants a number, "When…?" a date, "Who…?" a person, an organisation
or a people, "Where…?" a place. A sentence holding one that the question does not already
say is likelier to be the answer (a soft signal in the bold sentence's score, never a
filter: many answers are no entity), and that span is the exact answer
(Hit.short_answer). The spans are the passages' entities, found at build time
(entities.py); a question's kinds come from its own words (English: the model is).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.words.lexical import TOKEN

_NUMBER = re.compile(
    r"\bhow (?:many|much|far|old|large|big|high|tall|fast|often|deep|wide|heavy|severe)\b"
    r"|\bwhat (?:percentage|percent|proportion|number|amount|fraction|size|share|level"
    r"|rate|toll|price|cost|figure)\b|\b(?:number|count) of\b|\btoll\b",
    re.I,
)
_DURATION = re.compile(r"\bhow long\b", re.I)  # "six years": a number and a date to spaCy
_DATE = re.compile(
    # "When…?", "And when…?", "Since when…?", but not "How old was he when he played?"
    r"^\W*(?:\w+\s+)?when\b|\b(?:since|until|till) when\b"
    r"|\b(?:what|which) (?:year|decade|century|date|month|day|time|period|era|week)\b",
    re.I,
)
_WHO = re.compile(r"^\W*(?:\w+\s+)?(?:who|whom|whose)\b|\b(?:by|against|with) whom\b", re.I)
_PLACE = re.compile(
    r"^\W*(?:\w+\s+)?where\b|\b(?:which|what) (?:city|country|countries|state|place|region"
    r"|county|town|village|location|continent|river|island|area|border|province|capital"
    r"|front|part of)\b",
    re.I,
)
_ORGANIZATION = re.compile(
    r"\b(?:which|what) (?:company|companies|team|group|organi[sz]ation|agency|party|bank"
    r"|club|army|unit|units|government|ministry|institution|newspaper|broadcaster)\b",
    re.I,
)
_PERSON = re.compile(
    r"\b(?:which|what) (?:person|man|woman|people|player|president|king|queen|leader"
    r"|author|official|minister|general|commander|scorer|coach|spokesman|spokeswoman)\b",
    re.I,
)
# The same question words in the other languages a multilingual index is tested with
# (languages.py): Russian, Ukrainian, German, Spanish, French, Korean, Chinese. Only
# words no English question holds (no "qui", "de", "من": relative pronouns, "from").
_ELSEWHERE = {
    "number": re.compile(
        r"(?i:\b(?:сколько|скільки|wie viele?|wie hoch|cuánt[oa]s?|combien)\b)|몇|얼마|多少|几"
    ),
    "date": re.compile(
        r"(?i:\b(?:когда|коли|wann|seit wann|cuándo|quand)\b)|언제|什么时候|何时|哪一年|哪年"
    ),
    "person": re.compile(r"(?i:\b(?:кто|кого|хто|wer|wen|wem|quién|quiénes)\b)|누가|누구|谁"),
    "place": re.compile(r"(?i:\b(?:где|куда|де|куди|wo|wohin|dónde|où)\b)|어디|哪里|在哪"),
}
# what a wh-word's kind takes among the entities' kinds (entities.KINDS), best first:
# "Who sang…?" → a person where the sentence names one, else "Who confirmed…?" → the
# White House
_TAKES = {
    "number": {"number": 0, "quantity": 0},
    "duration": {"date": 0, "quantity": 0},  # "six years", "18 weeks": no sum of money
    "date": {"date": 0},
    "person": {"person": 0, "organization": 1, "group": 2},
    "place": {"place": 0},
    "organization": {"organization": 0, "group": 1},
}


def kinds(question: str) -> frozenset[str]:
    """ "number", "duration", "date", "person", "place", "organization": what it asks for
    (none for most "What…?" and "How…?" questions)."""
    found = set()
    if _NUMBER.search(question):
        found.add("number")
    if _DURATION.search(question):
        found.add("duration")
    if _DATE.search(question):
        found.add("date")
    if _WHO.search(question) or _PERSON.search(question):
        found.add("person")
    if _PLACE.search(question):
        found.add("place")
    if _ORGANIZATION.search(question):
        found.add("organization")
    found.update(kind for kind, words in _ELSEWHERE.items() if words.search(question))
    return frozenset(found)


def wanted_entity_kinds(wanted: frozenset[str]) -> dict[str, int]:
    """Each entity kind the wanted kinds take → its rank (0 best)."""
    ranks: dict[str, int] = {}
    for w in wanted:
        for kind, rank in _TAKES.get(w, {}).items():
            ranks[kind] = min(rank, ranks.get(kind, rank))
    return ranks


def typed_spans(
    entities: Sequence[tuple[int, int, str]],
    start: int,
    end: int,
    text: str,
    offset: int,
    question: str,
    wanted: frozenset[str],
) -> list[tuple[int, int]]:
    """The entities inside `start..end` (a sentence) of a wanted kind that the question
    does not already say, as absolute (start, end), of the best kind the sentence holds
    ("Who…?": people before organisations). `text` holds them from `offset` on."""
    takes = wanted_entity_kinds(wanted)
    inside = [
        (a, b, kind)
        for a, b, kind in entities
        if kind in takes
        and start <= a
        and b <= end
        and not _all_said(text[a - offset : b - offset], question)
    ]
    if not inside:
        return []
    best = min(takes[kind] for _, _, kind in inside)
    out: list[tuple[int, int, str]] = []
    for a, b, kind in inside:
        if takes[kind] != best:
            continue
        if out and out[-1][2] == kind and _JOINED.fullmatch(text[out[-1][1] - offset : a - offset]):
            out[-1] = (out[-1][0], b, kind)  # "the White House and the Pentagon": one answer
        else:
            out.append((a, b, kind))
    return [(a, b) for a, b, _ in out]


# what joins two answers into one ("A and B", "A, B", "A and the B")
_JOINED = re.compile(r",? (?:and|or) (?:the )?|, ", re.I)


def _all_said(entity: str, question: str) -> bool:
    """Whether the question says every word of the entity already (or has none)."""
    said = {m.group().lower() for m in TOKEN.finditer(question)}
    words = [m.group().lower() for m in TOKEN.finditer(entity)]
    return not words or all(_said(w, said) for w in words)


def _said(word: str, said: set[str]) -> bool:
    """Whether the question says `word`, or a form of it: "Korea" in "North Korean"."""
    if word in said:
        return True
    return len(word) >= 4 and any(
        len(w) >= 4 and (w.startswith(word) or word.startswith(w)) for w in said
    )


def nearest(
    spans: Sequence[tuple[int, int]], sentence: str, offset: int, question_stems: set[str]
) -> tuple[int, int] | None:
    """The span closest to the words the sentence (at `offset`) shares with the question:
    the answer sits beside what the question names ("sent 10,000 soldiers"); the first
    span when the sentence shares none."""
    from qa.words.lexical import stems

    if not spans:
        return None
    anchors = [
        offset + m.start()
        for m in TOKEN.finditer(sentence)
        if set(stems(m.group())) & question_stems
    ]
    if not anchors:
        return spans[0]

    def distance(span: tuple[int, int]) -> int:
        a, b = span
        return min(0 if a <= x < b else min(abs(x - a), abs(x - b)) for x in anchors)

    return min(spans, key=distance)
