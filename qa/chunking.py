"""Article text → passages: paragraphs, headings, sentences, token-bounded windows.

Offsets are the contract: every passage and sentence is a span of the file's text
(decoded as UTF-8, BOM removed, line endings untouched), so citations point at exact
characters. Token counting is passed in as a function, so this module needs no model.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from .types import Passage

log = logging.getLogger(__name__)

TokenCounter = Callable[[list[str]], list[int]]  # texts → wordpieces each, no specials

# Words whose trailing "." does not end a sentence. Initials ("U.S.", "J.") are caught by
# a pattern instead. "No." only before a digit ("No. 5"), handled below.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep pres rev hon "
    "vs etc e.g i.e cf approx dept est fig inc ltd co corp bros mt ft jan feb mar apr "
    "jun jul aug sep sept oct nov dec".split()
)
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_CLOSERS = "\"'”’)]»"
# A candidate end: terminal punctuation, closing quotes/brackets, then whitespace.
_END = re.compile(r"([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(\s+)")
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 120
_TERMINAL = ".!?;:,…"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# ---------------------------------------------------------------- sentences

def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end], whitespace trimmed, offsets absolute."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for m in _END.finditer(text, start, end):
        if _is_boundary(text, m, end):
            _add(spans, text, begin, m.end(2))
            begin = m.end()
    _add(spans, text, begin, end)
    return spans


def _is_boundary(text: str, m: re.Match, end: int) -> bool:
    nxt = m.end()
    if nxt >= end:
        return True
    following = text[nxt]
    if following.islower():  # "approx. five", "the U.S. government"
        return False
    if m.group(1) != "." or m.group(2):  # "?", "!", or ." — a real end
        return True
    word = re.search(r"(\S+)$", text[: m.start(1)])
    token = word.group(1).lstrip("\"'“‘([") if word else ""
    if not token:
        return True
    if token.lower() in _ABBREVIATIONS or _INITIALS.match(token):
        return False
    if token.lower() == "no" and following.isdigit():
        return False
    return True


def _add(spans: list[Span], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        spans.append(Span(a, b))


# ---------------------------------------------------------------- paragraphs

@dataclass(frozen=True)
class Block:
    start: int
    end: int
    heading: bool


def is_heading(line: str) -> bool:
    """Short, no final punctuation, has letters: "Russian counteroffensive in Kursk region"."""
    s = line.strip()
    if s.startswith("#"):
        return True
    if not s or len(s) > _HEADING_MAX_CHARS or len(s.split()) > _HEADING_MAX_WORDS:
        return False
    if not any(c.isalpha() for c in s):
        return False
    last = s.rstrip(_CLOSERS)[-1:] if s.rstrip(_CLOSERS) else ""
    return last not in _TERMINAL


def _ends_paragraph(line: str) -> bool:
    s = line.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in ".!?…:"


def split_blocks(text: str) -> list[Block]:
    """Paragraph and heading spans.

    Blank lines always separate paragraphs. Inside a block, each line is its own
    paragraph when every line but the last ends a sentence or is a heading (articles
    with one paragraph per line, like the seed); otherwise the block is hard-wrapped
    prose and its lines are one paragraph.
    """
    lines = _line_spans(text)
    blocks: list[Block] = []
    group: list[tuple[int, int]] = []
    for a, b in lines + [(len(text), len(text))]:
        if text[a:b].strip():
            group.append((a, b))
            continue
        blocks.extend(_split_group(text, group))
        group = []
    return blocks


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _split_group(text: str, group: list[tuple[int, int]]) -> Iterator[Block]:
    if not group:
        return
    # Markdown "#" lines are headings wherever they stand; split around them.
    run: list[tuple[int, int]] = []
    for a, b in group:
        if text[a:b].lstrip().startswith("#"):
            yield from _split_run(text, run)
            run = []
            yield Block(a, b, True)
        else:
            run.append((a, b))
    yield from _split_run(text, run)


def _split_run(text: str, run: list[tuple[int, int]]) -> Iterator[Block]:
    if not run:
        return
    lines = [text[a:b] for a, b in run]
    # A short unpunctuated line followed by a lower-case line is a wrapped sentence.
    heads = [is_heading(s) and not _ends_paragraph(s)
             and not (i + 1 < len(lines) and lines[i + 1].lstrip()[:1].islower())
             for i, s in enumerate(lines)]
    one_per_line = all(_ends_paragraph(s) or h for s, h in zip(lines[:-1], heads))
    if len(run) == 1 or one_per_line:
        for (a, b), h in zip(run, heads):
            yield Block(a, b, h)
    else:
        yield Block(run[0][0], run[-1][1], False)


# ---------------------------------------------------------------- passages

def chunk_text(
    text: str, source: str, count_tokens: TokenCounter, max_tokens: int = 256,
    overlap: int = 1,
) -> list[Passage]:
    """Passages of one file. `max_tokens` includes the model's two special tokens and the
    section heading, which is embedded with the passage (see build.passage_document)."""
    budget = max_tokens - 2
    passages: list[Passage] = []
    section, paragraph = "", 0
    for block in split_blocks(text):
        raw = text[block.start : block.end]
        if block.heading:
            section = raw.strip().lstrip("#").strip()
            continue
        if not any(c.isalnum() for c in raw):
            continue  # separators such as "***" or "—" are not passages
        paragraph += 1
        # The section heading is embedded with each passage, so it shares the window.
        room = budget - (count_tokens([section])[0] + 1 if section else 0)
        sentences = _fit_sentences(text, split_sentences(text, block.start, block.end),
                                   count_tokens, room)
        counts = count_tokens([text[s.start : s.end] for s in sentences])
        for window in _windows(counts, room, overlap):
            spans = [sentences[i] for i in window]
            a, b = spans[0].start, spans[-1].end
            passages.append(Passage(
                text=text[a:b], source=source, paragraph=paragraph, section=section,
                start=a, end=b, sentences=tuple((s.start, s.end) for s in spans),
            ))
    return passages


def _windows(counts: list[int], budget: int, overlap: int) -> list[range]:
    """Greedy sentence windows within the budget; neighbours share `overlap` sentences."""
    if sum(counts) <= budget:
        return [range(len(counts))]
    out, i = [], 0
    while i < len(counts):
        j, total = i, 0
        while j < len(counts) and total + counts[j] <= budget:
            total += counts[j]
            j += 1
        j = max(j, i + 1)  # a sentence alone always fits (see _fit_sentences)
        out.append(range(i, j))
        if j >= len(counts):
            break
        i = max(j - overlap, i + 1)
    return out


def _fit_sentences(text: str, spans: list[Span], count_tokens: TokenCounter,
                   budget: int) -> list[Span]:
    """A sentence longer than the model's window is the one case cut inside a sentence:
    at word boundaries, so nothing is ever truncated silently by the encoder."""
    counts = count_tokens([text[s.start : s.end] for s in spans])
    out: list[Span] = []
    for span, n in zip(spans, counts):
        if n <= budget:
            out.append(span)
            continue
        log.info("a sentence of %d wordpieces is split at word boundaries", n)
        words = [m.span() for m in re.finditer(r"\S+", text[span.start : span.end])]
        wc = count_tokens([text[span.start + a : span.start + b] for a, b in words])
        a0, total, prev_end = None, 0, 0
        for (a, b), c in zip(words, wc):
            if a0 is not None and total + c > budget:
                out.append(Span(span.start + a0, span.start + prev_end))
                a0, total = None, 0
            if a0 is None:
                a0 = a
            total += c
            prev_end = b
        out.append(Span(span.start + a0, span.start + prev_end))
    return out
