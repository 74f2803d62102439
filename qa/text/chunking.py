"""Article text → passages: the paragraphs of paragraphs.py in token-bounded windows.

Offsets are the contract: every passage and sentence is a span of the file's text
(decoded as UTF-8, BOM removed, line endings untouched), so citations point at exact
characters. Token counting is passed in as a function, so this module needs no model.

The rules, and why:

- Nothing but headings and separators is dropped. Every non-space character of a
  paragraph or list is inside some passage; only heading lines (kept as the passages'
  section) and blocks with no letter or digit ("***", "—") are not indexed.
- No passage is over the model's window, ever: the encoder would silently cut it. With
  its section heading, which is embedded with it (Passage.document), a passage has
  at most `max_tokens - 2` wordpieces (the 2 are [CLS] and [SEP]; the heading costs its
  wordpieces + 1). A paragraph over that is cut into windows of whole sentences; a
  sentence over it at word boundaries; a word over it (a long URL, base64, a run of CJK
  without spaces) inside the word, at character positions, checked by counting (BERT's
  wordpieces can outnumber characters, e.g. Hangul). Every window that was assembled
  from counted parts is counted again whole before it is kept, and halved until it fits,
  so the guarantee holds for tokenizers whose counts do not add up across spaces.
- A heading may take at most a quarter of the window. A longer one would leave little or
  no room (once, every word of the next paragraph became a passage of its own), so it is
  indexed as an ordinary paragraph instead, and the section stays what it was.
- Time is linear in the text's length (a 2 MB line once took hours): no scan restarts at
  the beginning of the text or of a paragraph, and wordpieces are counted in batches.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.text.paragraphs import Block, Span, split_blocks, split_sentences
from qa.core.types import Passage

log = logging.getLogger(__name__)

TokenCounter = Callable[[list[str]], list[int]]  # texts → wordpieces each, no specials
_WORD = re.compile(r"\S+")
# BERT's tokenizer reads a word of over 100 characters as one unknown token, whatever its
# length: counted, a 2 MB run of base64 "fits" in one passage. Longer words are cut into
# pieces of this many characters, so no passage is more than ~room × 100 characters.
_MAX_WORD_CHARS = 100
_HUGE_WORD = re.compile(r"\S{%d,}" % (_MAX_WORD_CHARS + 1))
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
# Texts per call to the tokenizer: large batches amortise its per-call cost, bounded so
# that its per-text results for a 10 MB file are not all held at once.
_BATCH_CHARS = 1 << 20
_BATCH_TEXTS = 4096
# Characters per wordpiece above which a paragraph is taken to be over its room without
# counting it whole (English runs 4-5). A wrong guess costs time, never correctness: its
# sentences are counted, and its windows checked, as for any long paragraph.
_SURELY_LONG = 8


# ---------------------------------------------------------------- passages


@dataclass(frozen=True)
class _Paragraph:
    number: int  # 1-based, headings not counted
    section: str
    room: int  # wordpieces left for the text once specials and section are counted
    sentences: list[Span]


Window = list[Span]  # a passage's sentences (or parts of one, when a sentence was cut)


def chunk_text(
    text: str,
    source: str,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    overlap: int = 1,
) -> list[Passage]:
    """Passages of one file. `max_tokens` includes the model's two special tokens and the
    section heading, which is embedded with the passage (see Passage.document)."""
    budget = max_tokens - 2
    if budget < 1:
        raise ValueError(f"max_tokens={max_tokens} leaves no room for text")
    paragraphs = _paragraphs(text, count_tokens, budget)
    windows: list[list[Window]] = [[p.sentences] for p in paragraphs]  # one passage each
    long = _over_their_room(text, paragraphs, count_tokens)
    for i, found in zip(
        long, _long_windows(text, [paragraphs[i] for i in long], count_tokens, overlap)
    ):
        windows[i] = found
    return [_passage(text, source, p, w) for p, ws in zip(paragraphs, windows) for w in ws]


def _over_their_room(
    text: str, paragraphs: list[_Paragraph], count_tokens: TokenCounter
) -> list[int]:
    """Which paragraphs need windows. Most fit whole: one count each settles them, their
    sentences uncounted. One of over _SURELY_LONG characters per wordpiece of room is
    taken to be over without that count, which would be made in vain."""
    short = [i for i, p in enumerate(paragraphs) if _length(p.sentences) <= _SURELY_LONG * p.room]
    counts = _count(count_tokens, [_slice(text, _extent(paragraphs[i].sentences)) for i in short])
    fits = {i for i, n in zip(short, counts) if n <= paragraphs[i].room}
    return [i for i in range(len(paragraphs)) if i not in fits]


def _passage(text: str, source: str, p: _Paragraph, window: Window) -> Passage:
    a, b = window[0].start, window[-1].end
    return Passage(
        text=text[a:b],
        source=source,
        paragraph=p.number,
        section=p.section,
        start=a,
        end=b,
        sentences=tuple((s.start, s.end) for s in window),
    )


def _paragraphs(text: str, count_tokens: TokenCounter, budget: int) -> list[_Paragraph]:
    """The blocks to index, each with its section and the room that section leaves."""
    blocks = split_blocks(text)
    titles = [_title(text, b) for b in blocks if b.heading]
    title_counts = iter(_count(count_tokens, titles))
    out: list[_Paragraph] = []
    section, cost = "", 0
    for block in blocks:
        if block.heading:
            title, n = _title(text, block), next(title_counts)
            if n <= budget // 4:
                section, cost = title, (n + 1 if title else 0)
                continue
            log.info(
                "a heading of %d wordpieces is over a quarter of the window; indexed as text", n
            )
        if not _ALNUM.search(text, block.start, block.end):
            continue  # separators such as "***" or "—" are not passages
        out.append(
            _Paragraph(
                len(out) + 1, section, budget - cost, split_sentences(text, block.start, block.end)
            )
        )
    return out


def _title(text: str, block: Block) -> str:
    return text[block.start : block.end].strip().lstrip("#").strip()


def _slice(text: str, span: Span) -> str:
    return text[span.start : span.end]


def _count(count_tokens: TokenCounter, texts: list[str]) -> list[int]:
    """count_tokens over many texts, in batches (see _BATCH_CHARS)."""
    out: list[int] = []
    batch: list[str] = []
    size = 0
    for t in texts:
        batch.append(t)
        size += len(t)
        if size >= _BATCH_CHARS or len(batch) >= _BATCH_TEXTS:
            out.extend(count_tokens(batch))
            batch, size = [], 0
    if batch:
        out.extend(count_tokens(batch))
    return out


def _long_windows(
    text: str, paragraphs: list[_Paragraph], count_tokens: TokenCounter, overlap: int
) -> list[list[Window]]:
    """Windows of the paragraphs over their room: sentence windows, then every window
    counted whole and halved while it is still over (see the module docstring)."""
    counts = iter(_count(count_tokens, [_slice(text, s) for p in paragraphs for s in p.sentences]))
    planned: list[list[Window]] = []
    for p in paragraphs:
        units, unit_counts = _fit_sentences(
            text, p.sentences, [next(counts) for _ in p.sentences], count_tokens, p.room
        )
        planned.append([units[r.start : r.stop] for r in _windows(unit_counts, p.room, overlap)])
    checked = iter(_count(count_tokens, [_slice(text, _extent(w)) for ws in planned for w in ws]))
    return [
        [
            fitted
            for w in ws
            for fitted, _ in _fit_window(text, w, count_tokens, p.room, next(checked))
        ]
        for p, ws in zip(paragraphs, planned)
    ]


def _windows(counts: list[int], budget: int, overlap: int) -> list[range]:
    """Greedy sentence windows within the budget; neighbours share up to `overlap`
    sentences. Both ends only move forward, so this is linear in the sentences."""
    n = len(counts)
    if sum(counts) <= budget:
        return [range(n)]
    out: list[range] = []
    i = j = total = 0  # the window is counts[i:j], total its sum
    while True:
        while j < n and total + counts[j] <= budget:
            total += counts[j]
            j += 1
        if j == i:  # a sentence alone over the budget stands alone (_fit_window cuts it)
            total += counts[j]
            j += 1
        out.append(range(i, j))
        if j >= n:
            return out
        nxt = max(j - overlap, i + 1)
        total -= sum(counts[i:nxt])
        # Share only what still leaves room for the next new sentence: a window holding
        # nothing but its neighbour's last sentence would be a duplicate passage.
        while nxt < j and total + counts[j] > budget:
            total -= counts[nxt]
            nxt += 1
        i = nxt


def _fit_sentences(
    text: str, spans: list[Span], counts: list[int], count_tokens: TokenCounter, room: int
) -> tuple[list[Span], list[int]]:
    """A sentence longer than the room is the one case cut inside a sentence: at word
    boundaries (inside a word only if the word alone is over), so nothing is ever
    truncated silently by the encoder. Returns the units and their wordpieces."""
    units: list[Span] = []
    unit_counts: list[int] = []
    for span, n in zip(spans, counts):
        whole = n <= room and not _HUGE_WORD.search(text, span.start, span.end)
        parts = [(span, n)] if whole else _cut_sentence(text, span, n, count_tokens, room)
        for part, c in parts:
            units.append(part)
            unit_counts.append(c)
    return units, unit_counts


def _cut_sentence(
    text: str, span: Span, n: int, count_tokens: TokenCounter, room: int
) -> list[tuple[Span, int]]:
    """The sentence's `n` wordpieces are over the room: words packed up to it."""
    log.info("a sentence of %d wordpieces is split at word boundaries", n)
    words = [Span(*m.span()) for m in _WORD.finditer(text, span.start, span.end)]
    # One word alone (a long URL) was counted already, as the sentence.
    counts = [n] if len(words) == 1 else _count(count_tokens, [_slice(text, w) for w in words])
    parts: list[tuple[Span, int]] = []
    for w, c in zip(words, counts):
        whole = c <= room and w.end - w.start <= _MAX_WORD_CHARS
        parts.extend([(w, c)] if whole else _cut_word(text, w, count_tokens, room))
    return _pack(parts, room)


def _pack(parts: list[tuple[Span, int]], room: int) -> list[tuple[Span, int]]:
    """Consecutive parts joined while their summed wordpieces fit the room."""
    out: list[tuple[Span, int]] = []
    start, end, total = -1, -1, 0
    for span, c in parts:
        if start >= 0 and total + c > room:
            out.append((Span(start, end), total))
            start, total = -1, 0
        if start < 0:
            start = span.start
        end = span.end
        total += c
    if start >= 0:
        out.append((Span(start, end), total))
    return out


def _cut_word(
    text: str, word: Span, count_tokens: TokenCounter, room: int
) -> list[tuple[Span, int]]:
    """A word over the room (or over _MAX_WORD_CHARS), cut at character positions: pieces
    of at most `room` and _MAX_WORD_CHARS characters, each halved while it still counts
    too many (a character can be several wordpieces)."""
    log.info("a word of %d characters is cut inside the word", word.end - word.start)
    size = max(1, min(room, _MAX_WORD_CHARS))
    pieces = [Span(a, min(a + size, word.end)) for a in range(word.start, word.end, size)]
    out: list[tuple[Span, int]] = []
    for piece, c in zip(pieces, _count(count_tokens, [_slice(text, p) for p in pieces])):
        out.extend(
            (Span(w[0].start, w[-1].end), n)
            for w, n in _fit_window(text, [piece], count_tokens, room, c)
        )
    return out


def _fit_window(
    text: str, window: Window, count_tokens: TokenCounter, room: int, n: int
) -> list[tuple[Window, int]]:
    """The window and its `n` wordpieces if they fit the room, else its halves, each
    fitted in turn. Only a single character can stay over (a tiny window)."""
    if n <= room:
        return [(window, n)]
    halves = _halve(text, window)
    if halves is None:
        log.warning("one character counts %d wordpieces, over the room of %d; kept whole", n, room)
        return [(window, n)]
    counts = count_tokens([_slice(text, _extent(h)) for h in halves])
    return [
        fitted
        for h, c in zip(halves, counts)
        for fitted in _fit_window(text, h, count_tokens, room, c)
    ]


def _extent(window: Window) -> Span:
    return Span(window[0].start, window[-1].end)


def _length(window: Window) -> int:
    return window[-1].end - window[0].start


def _halve(text: str, window: Window) -> tuple[Window, Window] | None:
    """Two halves: of the sentences, else of a sentence's words, else of a word's
    characters; None for a single character."""
    if len(window) > 1:
        k = len(window) // 2
        return window[:k], window[k:]
    s = window[0]
    words = [m.span() for m in _WORD.finditer(text, s.start, s.end)]
    if len(words) > 1:
        k = len(words) // 2
        return [Span(s.start, words[k - 1][1])], [Span(words[k][0], s.end)]
    if s.end - s.start > 1:
        mid = (s.start + s.end) // 2
        return [Span(s.start, mid)], [Span(mid, s.end)]
    return None
