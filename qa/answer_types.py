"""What kind of answer a question wants, and whether a sentence offers one.

"How many soldiers…?" wants a number, "When…?" a date, "Who…?" a name, "Where…?" a place:
a sentence that holds one which the question does not already say is likelier to be the
answer. On XQuAD-public (half A: tuning; half B: the check), adding this to the
answering sentence's score moved the right choice from 0.833 to 0.838 on half B, and
with the neighbouring-sentence match (chat.with_answer_sentences) to 0.848 (the gold
paragraph given). English question words only: the model is English.
"""

from __future__ import annotations

import re

from .lexical import TOKEN

_NUMBER = re.compile(
    r"\bhow (?:many|much|long|far|old|large|big|high|tall|fast|often|deep|wide|heavy)\b"
    r"|\bwhat (?:percentage|percent|proportion|number|amount|fraction|size)\b",
    re.I,
)
_DATE = re.compile(
    r"\bwhen\b|\b(?:what|which) (?:year|decade|century|date|month|day|time|period|era)\b",
    re.I,
)
_NAME = re.compile(
    r"^\W*(?:who|whom|whose|where)\b"
    r"|\b(?:which|what) (?:person|man|woman|people|player|president|king|leader|author"
    r"|company|team|group|organi[sz]ation|city|country|state|place|region|county|town"
    r"|location|continent|river|island)\b|\bin which\b",
    re.I,
)
_MONTHS = frozenset(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands million millions billion billions "
    "dozen dozens half several".split()
)
_ERA = frozenset("century centuries decade decades bc ad bce ce".split())


def kinds(question: str) -> frozenset[str]:
    """ "number", "date", "name": what the question asks for (none for "What…?")."""
    found = set()
    if _NUMBER.search(question):
        found.add("number")
    if _DATE.search(question):
        found.add("date")
    if _NAME.search(question):
        found.add("name")
    return frozenset(found)


def offers(sentence: str, question: str, wanted: frozenset[str]) -> bool:
    """Does the sentence hold something of a wanted kind that the question does not say
    already: a number, a year or month, a capitalised word inside the sentence?"""
    if not wanted:
        return False
    said = {m.group().lower() for m in TOKEN.finditer(question)}
    for m in TOKEN.finditer(sentence):
        word, low = m.group(), m.group().lower()
        if low in said:
            continue
        if "number" in wanted and (word[0].isdigit() or low in _NUMBER_WORDS):
            return True
        if "date" in wanted and (re.fullmatch(r"\d{1,4}s?", word) or low in _MONTHS or low in _ERA):
            return True
        if "name" in wanted and word[0].isupper() and m.start() > 0:
            return True
    return False
