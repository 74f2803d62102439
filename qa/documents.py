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

from functools import lru_cache

from .types import Article

HTML_SUFFIXES = (".html", ".htm")
# `---`, YAML (possibly none), `---`; an unclosed block is no front matter
_FRONT = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"\A[ \t]*(?:#{1,6}[ \t]+)?(\S[^\n]{0,150}?)[ \t#]*\r?$", re.M)


def is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def read_article(path: Path, source: str, raw: str) -> tuple[str, Article]:
    """The text to chunk and the article's metadata. `raw` is the decoded file."""
    text, article, _ = read_article_noting(path, source, raw)
    return text, article


def read_article_noting(path: Path, source: str, raw: str) -> tuple[str, Article, list[str]]:
    """read_article, and what was left out on the way, one line each ("its date
    “2024-02-30” is no date: indexed undated")."""
    if is_html(path):
        return _from_html(source, raw)
    return _from_text(source, raw)


def _from_html(source: str, raw: str) -> tuple[str, Article, list[str]]:
    import trafilatura

    # The date comes from htmldate, which trafilatura runs on the parsed page (original
    # publication date, extensive search): no second pass, and htmldate never sees a str
    # it would take for a URL to download (a build stays offline).
    doc = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    text = (getattr(doc, "text", "") or "") if doc is not None else ""
    if _laid_out_in_tables(text):
        # an old page laid out in tables: the "table" is the page, its navigation and its
        # footer ("Subscribe to our newsletter | Privacy") with it; read it without tables
        again = trafilatura.bare_extraction(raw, include_comments=False, include_tables=False)
        text = (getattr(again, "text", "") or "") if again is not None else text
    notes: list[str] = []
    return (
        text,
        Article(
            source=source,
            title=_clean(getattr(doc, "title", "")) or title_from(text),
            published=_labelled_date(raw) or _iso(getattr(doc, "date", ""), notes),
            author=_clean(getattr(doc, "author", "")) or _json_ld_author(raw),
            site=_clean(getattr(doc, "sitename", "")),
            url=_clean(getattr(doc, "url", "")),
            text=text,
        ),
        notes,
    )


# What front matter may say, and how much of it is read: a block over FRONT_BYTES, or
# one that names none of these keys ("Update: the minister resigned"), is text.
FRONT_KEYS = ("title", "date", "published", "author", "site", "url")
FRONT_BYTES = 16_384


def _from_text(source: str, raw: str) -> tuple[str, Article, list[str]]:
    meta, text, notes = {}, raw, []
    front = _FRONT.match(raw)
    if front:
        block = front.group(1) or ""
        loaded = _front_matter(block, notes) if len(block) <= FRONT_BYTES else None
        if loaded is not None:
            meta = loaded
            # blank it (newlines kept): never indexed, and offsets stay the file's
            text = re.sub(r"[^\n]", " ", raw[: front.end()]) + raw[front.end() :]
        elif len(block) > FRONT_BYTES:
            notes.append(f"its front matter is over {FRONT_BYTES // 1024} KB: read as text")
    title = _clean(meta.get("title", ""))
    if not title:
        first = _HEADING.search(text.lstrip("\r\n ")[:400])
        line = first.group(1).strip() if first else ""
        wordy = any(c.isalnum() for c in line)  # not "---" or "***"
        if wordy and (text.lstrip().startswith("#") or line[-1] not in ".!?:;,\"”'’)"):
            title = line
    return (
        text,
        Article(
            source=source,
            title=title or title_from(text),
            published=_iso(meta.get("date") or meta.get("published") or "", notes),
            author=_clean(meta.get("author", "")),
            site=_clean(meta.get("site", "")),
            url=_clean(meta.get("url", "")),
        ),
        notes,
    )


def _front_matter(block: str, notes: list[str]) -> dict | None:
    """The known keys of a YAML front matter block, their values as text; {} for an
    empty block; None when it is not front matter (not a mapping, no known key, or YAML
    this reader refuses: aliases, which can multiply a few hundred bytes into gigabytes,
    and anything that is no plain YAML)."""
    import yaml

    if not block.strip():
        return {}
    try:
        loaded = yaml.load(block, Loader=_loader())  # SafeLoader, less: see _front_matter_loader
    except (yaml.YAMLError, _Refused) as e:
        if isinstance(e, _Refused):
            notes.append("its front matter uses YAML aliases, which are not read: left out")
            return {}  # front matter, unread: blanked like any other
        return None
    if not isinstance(loaded, dict):
        return None
    meta = {}
    for key, value in loaded.items():
        name = str(key).strip().lower()
        if name in FRONT_KEYS:
            if isinstance(value, list):  # "author: [A, B]"
                value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
            if isinstance(value, (str, int, float)):
                meta[name] = str(value)
    return meta or None


class _Refused(Exception):
    """Front matter this reader does not read (aliases)."""


@lru_cache(maxsize=1)
def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader without aliases (no expansion bombs) and with dates as text (an
        impossible date, "2024-02-30", is then a note, not an exception)."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _Refused()
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _laid_out_in_tables(text: str) -> bool:
    """Most of the extracted text sits in table rows ("| … |"): a layout table."""
    lines = [line for line in text.splitlines() if line.strip()]
    rows = [line for line in lines if line.lstrip().startswith("|")]
    return bool(lines) and sum(map(len, rows)) > 0.5 * sum(map(len, lines))


# "First published: 3 June 2024", "Published on 2024-06-03", "Posted 3 June 2024": a page
# that labels its publication date is taken at its word; htmldate may prefer the date
# an "Updated: 7 June" line puts first.
_PUBLISHED = re.compile(
    r"(?:first |originally )?(?:published|posted)\s*(?:on\s*|:\s*)?"
    r"(\d{4}-\d\d-\d\d|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})",
    re.I,
)


def _labelled_date(raw: str) -> str:
    """The date a page labels as its (first) publication, in its visible text; ""."""
    visible = re.sub(
        r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", raw[:300_000], flags=re.S | re.I
    )
    for m in _PUBLISHED.finditer(visible):
        found = _iso(m.group(1))
        if found:
            return found
    return ""


def _json_ld_author(raw: str) -> str:
    """The author a page states in JSON-LD (schema.org) where trafilatura finds none: an
    article nested in the page's description ("mainEntity" of a WebPage, as AMP pages
    write it) or in an "@graph", its author by name or by "@id"."""
    import json

    nodes: list[dict] = []

    def walk(value):
        if isinstance(value, dict):
            nodes.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for block in re.findall(
        r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", raw[:500_000], re.S | re.I
    ):
        try:
            walk(json.loads(block))
        except ValueError:
            continue
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and k.endswith("Article") for k in kinds):
            continue
        author = node.get("author") or node.get("creator")
        author = author[0] if isinstance(author, list) and author else author
        if isinstance(author, dict) and "name" not in author:
            author = by_id.get(author.get("@id"), {})
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            return _clean(name)
    return ""


# A title made from the first sentence is cut at a word before this many characters.
TITLE_CHARS = 80


def title_from(text: str) -> str:
    """A title for an article that gives none: its first sentence, without its final
    stop, shortened at a word ("…") when longer than TITLE_CHARS; "" for no text."""
    from .paragraphs import split_sentences

    body = text.strip()
    while body and not re.match(r"[^\n]*[^\W_]", body):  # "---", "***": no words
        body = body.split("\n", 1)[1].strip() if "\n" in body else ""
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


def _iso(value, notes: list[str] | None = None) -> str:
    """A date as ISO 8601 (YYYY-MM-DD, or with the time when one is given); "" if none.
    A date that is not one ("2024-02-30", "March 2024": no day) is left out, and said in
    `notes`. Written dates are read by dateutil ("16 September 2024", "Sept. 16, 2024"),
    never completed from today: a part the text lacks makes it no date."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _clean(value)
    if not text:
        return ""
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text).isoformat()
        except ValueError:
            pass
    found = _written_date(text)
    if not found and notes is not None:
        notes.append(f"its date “{text[:40]}” is no full date: indexed undated")
    return found


def _written_date(text: str) -> str:
    """ "16 September 2024" → "2024-09-16"; "" unless year, month and day are all in the
    text (parsed twice against two different defaults: a part taken from a default
    differs between the two)."""
    from dateutil import parser

    if len(text) > 60 or not re.search(r"\d", text):
        return ""
    try:
        one = parser.parse(text, default=dt.datetime(1904, 1, 1))
        two = parser.parse(text, default=dt.datetime(1908, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return ""
    if (one.year, one.month, one.day) != (two.year, two.month, two.day):
        return ""
    return one.date().isoformat()
