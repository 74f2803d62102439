"""A seed file → the text to index and what the article says about itself.

- `.html` / `.htm` (pages as saved from a browser): trafilatura extracts the article
  text without navigation, ads, comments or "subscribe" boxes, and its metadata (title,
  author, site name, canonical / og:url); htmldate finds the publication date. Passages'
  offsets then refer to that extracted text, which the index stores (`Article.text`), so
  `hit.text == article.text[hit.start:hit.end]`.
- `.md` / `.txt`: the file itself, offsets into it as before. YAML front matter
  (`title`, `date`, `author`, `url`, `site` between `---` lines at the top) is read and
  blanked to spaces, so it is never indexed and offsets stay exact; without it, a
  first line that is a heading ("# Title", or a short line without final punctuation)
  is the title.
- Every article gets a title: one that says none (a page without a title, a text file
  whose first line is a sentence) is titled by its first sentence, shortened at a word
  (`title_from`), so a reader never sees a file name as a headline.

Why libraries: trafilatura is the best-measured open article extractor (and keeps
lists and paragraphs), htmldate reads the dates pages declare (meta tags, JSON-LD,
URLs, bylines) in every common format; PyYAML reads front matter as YAML is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .types import Article

HTML_SUFFIXES = (".html", ".htm")
# `---`, YAML (possibly none), `---`; an unclosed block is no front matter
_FRONT = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"\A[ \t]*(?:#{1,6}[ \t]+)?(\S[^\n]{0,150}?)[ \t#]*\r?$", re.M)


def is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def read_article(path: Path, source: str, raw: str) -> tuple[str, Article]:
    """The text to chunk and the article's metadata. `raw` is the decoded file."""
    if is_html(path):
        return _from_html(source, raw)
    return _from_text(source, raw)


def _from_html(source: str, raw: str) -> tuple[str, Article]:
    import trafilatura

    # The date comes from htmldate, which trafilatura runs on the parsed page (original
    # publication date, extensive search): no second pass, and htmldate never sees a str
    # it would take for a URL to download (a build stays offline).
    doc = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    text = (getattr(doc, "text", "") or "") if doc is not None else ""
    return text, Article(
        source=source,
        title=_clean(getattr(doc, "title", "")) or title_from(text),
        published=_iso(getattr(doc, "date", "")),
        author=_clean(getattr(doc, "author", "")),
        site=_clean(getattr(doc, "sitename", "")),
        url=_clean(getattr(doc, "url", "")),
        text=text,
    )


def _from_text(source: str, raw: str) -> tuple[str, Article]:
    meta, text = {}, raw
    front = _FRONT.match(raw)
    if front:
        import yaml

        try:
            loaded = yaml.safe_load(front.group(1) or "")
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = {str(k).lower(): v for k, v in loaded.items()}
        if isinstance(loaded, dict) or loaded is None:  # empty front matter too
            # blank it (newlines kept): never indexed, and offsets stay the file's
            text = re.sub(r"[^\n]", " ", raw[: front.end()]) + raw[front.end() :]
    title = _clean(meta.get("title", ""))
    if not title:
        first = _HEADING.search(text.lstrip("\r\n ")[:400])
        line = first.group(1).strip() if first else ""
        wordy = any(c.isalnum() for c in line)  # not "---" or "***"
        if wordy and (text.lstrip().startswith("#") or line[-1] not in ".!?:;,\"”'’)"):
            title = line
    return text, Article(
        source=source,
        title=title or title_from(text),
        published=_iso(meta.get("date") or meta.get("published") or ""),
        author=_clean(meta.get("author", "")),
        site=_clean(meta.get("site", "")),
        url=_clean(meta.get("url", "")),
    )


# A title made from the first sentence is cut at a word before this many characters.
TITLE_CHARS = 80


def title_from(text: str) -> str:
    """A title for an article that gives none: its first sentence, without its final
    stop, shortened at a word ("…") when longer than TITLE_CHARS; "" for no text."""
    from .paragraphs import split_sentences

    body = text.strip()
    if not body:
        return ""
    first = split_sentences(body, 0, min(len(body), 2000))
    sentence = " ".join(body[first[0].start : first[0].end].split()) if first else ""
    sentence = sentence.rstrip(".!?;:,") if sentence[-1:] in ".!?;:," else sentence
    if len(sentence) <= TITLE_CHARS:
        return sentence
    # whole words while they fit with the "…"; one long word is cut inside
    room = TITLE_CHARS - 1
    cut = sentence[: room + 1].rsplit(" ", 1)[0] if sentence[room] != " " else sentence[:room]
    cut = cut if 0 < len(cut) <= room else sentence[:room]
    return cut.rstrip(",;:–- ") + "…"


def _clean(value) -> str:
    return " ".join(str(value or "").split())[:300]


def _iso(value) -> str:
    """A date as ISO 8601 (YYYY-MM-DD, or with the time when one is given); "" if none."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _clean(value)
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    import dateparser  # "16 September 2024", "Sept. 16, 2024" (comes with htmldate)

    # Absolute dates only, and never a part made up from today ("2024" alone is no date)
    settings = {
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["year", "month", "day"],
    }
    parsed = dateparser.parse(text, settings=settings)
    return parsed.date().isoformat() if parsed else ""
