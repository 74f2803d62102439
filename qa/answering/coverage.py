"""Which words of a question the found passages do not cover: `unanswered` (the
caveat "may not answer", or a refusal when a name is among them) and
`stands_for_mentioned` (a capital or demonym of a country the articles do mention).
Words are matched by the encoder's own token vectors, in context (tokens.py)."""

from __future__ import annotations

import re

import numpy as np

from qa.words.aliases import standing_for
from qa.core.config import Config
from qa.words.lexical import STOPWORDS, names, words
from qa.answering.retrieval import Query, Searcher
from qa.words.tokens import word_matches
from qa.core.types import Hit


def unanswered(
    searcher: Searcher, query: Query, missing: tuple[str, ...], hits: list[Hit], config: Config
) -> list[tuple[str, bool]]:
    """Of the question's words that no article uses, those no token of the hits'
    passages matches closely (cosine ≥ min_word_match, in context: "sending" finds
    "sent", "wounded" finds "injured"), as (what to name, is it a name). The words of a
    name count together and are named whole ("Kim Jong Un", "South Korea"). Numbers
    must be said as they are: "2024" is not "2022", however alike their tokens."""
    if not missing:
        return []
    tokens = np.concatenate([searcher.token_states(h).vectors for h in hits])
    matched = {bare(w): m for w, m in word_matches(query.asked, tokens).items()}
    score = {w: 0.0 if w[0].isdigit() else matched.get(bare(w), 0.0) for w in missing}
    out, done = [], set()
    for run in name_runs(query.text):
        inside = [w for w in missing if w not in done and bare(w) in map(bare, run.split())]
        if not inside:
            continue
        done.update(inside)
        if sum(score[w] for w in inside) / len(inside) < config.ranking.min_word_match:
            out.append((run if " " in run else inside[0], True))
    for w in missing:
        if w not in done and score[w] < config.ranking.min_word_match:
            out.append((w, w in names(query.text)))
    return sorted(out, key=lambda u: query.text.find(u[0]))  # in the question's order


def bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word).lower()


def stands_for_mentioned(word: str, question: str, known) -> bool:
    """Does a word the articles never use name a country they do mention, by its capital,
    demonym or another name ("Pyongyang", "Americans", "Moscow-Pyongyang")? Names of
    several words are looked up whole first: "South Korea" is not "Korea"."""

    def mentioned(name: str) -> bool:
        found = words(name)
        return bool(found) and all(known(w) for w in found)

    if word[:1].isdigit():
        return False  # numbers are for the caveat, not for this
    # a name typed in lower case ("kyiv", "pyongyang") is looked up as one: the table is
    # of names, and a word counts only for a country the articles mention
    runs = [r for r in name_runs(question) if word in r.split() and " " in r]
    if any(standing_for(r, mentioned) for r in runs):
        return True  # "United States"
    parts = [p for p in word.split("-") if p]  # "Moscow-Pyongyang"
    return all(mentioned(p) or standing_for(p, mentioned) for p in parts)


def name_runs(text: str) -> list[str]:
    """Runs of capitalised words ("South Korea", "Kim Jong Un" of "Kim Jong Un's")."""
    runs = []
    for run in re.findall(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", text):
        found = re.sub(r"['’]s$", "", run).split()
        while found and found[0].lower() in STOPWORDS:  # "Did South Korea": a question word
            found.pop(0)
        if found:
            runs.append(" ".join(found))
    return runs


# Words that frame what a typed question asks rather than name what it is about: "When
# did they start…?" is answered by a date ("From mid-October…"), "Who are they fighting
# against?" by a name. And nouns that name an event the passage tells with a verb ("the
# deployment" of soldiers "sent", "the agreement" they "signed"): nouns in -ment (not
# -tion: "ammunition", "nation" name things).
FRAME_WORDS = frozenset(
    "start started starting starts begin began begun beginning begins end ended ending "
    "ends finish finished stop stopped first last since until against behind effect happen "
    "happened occur occurred".split()
)
_EVENT_NOUN = re.compile(r"[a-z]{3,}ments?")


def answered_by_exact(word: str) -> bool:
    """Whether a word no passage matches is still answered when the bold sentence holds
    an exact answer of the kind asked (a frame word, or a common noun naming an event);
    names, numbers and other words keep their caveat ("paying", "weapons", "China")."""
    low = word.lower()
    return word[:1].islower() and (low in FRAME_WORDS or bool(_EVENT_NOUN.fullmatch(low)))
