"""Article text → paragraphs, headings, lists and sentences, as exact character spans.

Offsets are the contract: every span is a slice of the file's text (decoded as UTF-8,
BOM removed, line endings untouched), so citations point at exact characters. No model
and no token counts here: chunking.py fits these spans into the model's window.

- Lists are body text. A line starting "- ", "* ", "• ", "1. " or "1) " is a list item,
  never a heading (items are short and unpunctuated, which is what a heading looks like,
  so without this rule a list vanished from the index). A run of items, with their
  continuation lines, is one paragraph, and each item is its own sentence (items rarely
  end in "."), so the answering sentence shown to the user can be a single item.
- Time is linear in the text's length (a 2 MB line once took hours): no scan restarts at
  the beginning of the text or of a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Words whose trailing "." does not end a sentence. Initials ("U.S.", "J.") are caught by
# a pattern instead. "No." only before a digit ("No. 5"), handled below.
_ABBREVIATIONS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        # military ranks: the seed article's subject is an army
        "maj",
        "pvt",
        "cpl",
        "brig",
        "cpt",
        "pfc",
        "spc",
        "lcpl",
        "ens",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    )
)
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_CLOSERS = "\"'”’)]»」』）"
# A list marker and the first character of the item: "- ", "* ", "• ", "1. ", "12) ".
_MARKER = re.compile(r"(?:[-*•]|\d{1,3}[.)])[^\S\r\n]+\S")
_ITEM = re.compile(r"[^\S\r\n]*" + _MARKER.pattern)  # a list item line, at its start
# Where a sentence may end: terminal punctuation (from the start of its run, so a long
# run of dots is tried once, not once per dot), closing quotes/brackets, whitespace;
# or a line break before a list item.
# Chinese and Japanese full stops end a sentence with no space after them ("。", "！").
_CJK_ENDS = "。！？"
_CUT = re.compile(
    r"(?<![.!?…。！？])([.!?…]+|[。！？]+)([" + re.escape(_CLOSERS) + r"]*)"
    r"(\s+|(?<=[。！？」』）])(?=\S))"
    r"|(?:\r\n|\r|\n)(?=" + _ITEM.pattern + ")"
)
_WORD = re.compile(r"\S+")
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 120
_TERMINAL = ".!?;:,…。！？"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# ---------------------------------------------------------------- sentences


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end], whitespace trimmed, offsets absolute."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for m in _CUT.finditer(text, start, end):
        if m.group(1) is None:  # a line break before a list item
            _add(spans, text, begin, m.start())
            begin = m.end()
        elif _is_boundary(text, m, start, end):
            _add(spans, text, begin, m.end(2))
            begin = m.end()
    _add(spans, text, begin, end)
    return spans


def _is_boundary(text: str, m: re.Match, start: int, end: int) -> bool:
    nxt = m.end()
    if nxt >= end:
        return True
    if _has_line_break(m.group(3)) and _MARKER.match(text, nxt, end):
        return True  # the next line is a list item: "etc.\n- Item"
    following = text[nxt]
    if following.islower():  # "approx. five", "the U.S. government"
        return False
    if m.group(1) != "." or m.group(2):  # "?", "!", or ." — a real end
        return True
    w = _word_start(text, m.start(1), start)
    if _MARKER.match(text, w, end) and _at_line_start(text, w, start):
        return False  # "1. First item": a list number, not a sentence end
    token = text[w : m.start(1)].lstrip("\"'“‘([")
    if not token:
        return True
    if token.lower() in _ABBREVIATIONS or _INITIALS.match(token):
        return False
    return not (token.lower() == "no" and following.isdigit())


def _has_line_break(s: str) -> bool:
    return "\n" in s or "\r" in s


def _word_start(text: str, pos: int, start: int) -> int:
    """Start of the word ending at pos. Scans back over that word only (never the text
    before it), so the sentence splitter stays linear."""
    while pos > start and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _at_line_start(text: str, pos: int, start: int) -> bool:
    while pos > start and text[pos - 1].isspace() and text[pos - 1] not in "\r\n":
        pos -= 1
    return pos == start or text[pos - 1] in "\r\n"


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
    """Short, no final punctuation, has letters: "Russian counteroffensive in Kursk region".
    A list item looks the same but is body text, never a heading."""
    s = line.strip()
    if _ITEM.match(s):
        return False
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
    return bool(s) and s[-1] in ".!?…:" + _CJK_ENDS


def split_blocks(text: str) -> list[Block]:
    """Paragraph, list and heading spans.

    Blank lines always separate paragraphs. Inside a block, a run of list items (with
    their indented or lower-case continuation lines) is one paragraph. Of the other
    lines, each is its own paragraph when every line but the last ends a sentence or is
    a heading (articles with one paragraph per line, like the seed); otherwise they are
    hard-wrapped prose and one paragraph.
    """
    blocks: list[Block] = []
    group: list[tuple[int, int]] = []
    for a, b in _line_spans(text) + [(len(text), len(text))]:
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
    """Lists, each one paragraph, and the prose lines around them."""
    prose: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        if not _is_item(text, run[i]):
            prose.append(run[i])
            i += 1
            continue
        yield from _split_prose(text, prose)
        prose = []
        j = i + 1
        while j < len(run) and (_is_item(text, run[j]) or _continues_item(text, run[j])):
            j += 1
        yield Block(run[i][0], run[j - 1][1], False)
        i = j
    yield from _split_prose(text, prose)


def _is_item(text: str, line: tuple[int, int]) -> bool:
    return _ITEM.match(text, *line) is not None


def _continues_item(text: str, line: tuple[int, int]) -> bool:
    """An indented line, or one starting in lower case, carries on the item above it."""
    s = text[line[0] : line[1]]
    return s[:1].isspace() or s.lstrip()[:1].islower()


def _split_prose(text: str, run: list[tuple[int, int]]) -> Iterator[Block]:
    if not run:
        return
    lines = [text[a:b] for a, b in run]
    # A short unpunctuated line followed by a lower-case line is a wrapped sentence.
    heads = [
        is_heading(s)
        and not _ends_paragraph(s)
        and not (i + 1 < len(lines) and lines[i + 1].lstrip()[:1].islower())
        for i, s in enumerate(lines)
    ]
    one_per_line = all(_ends_paragraph(s) or h for s, h in zip(lines[:-1], heads))
    if len(run) == 1 or one_per_line:
        for (a, b), h in zip(run, heads):
            yield Block(a, b, h)
    else:
        yield Block(run[0][0], run[-1][1], False)
