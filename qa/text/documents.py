"""A seed file → the text to index and what the article says about itself.

- `.html` / `.htm` (pages as saved from a browser): trafilatura extracts the article
  text without navigation, ads, comments or "subscribe" boxes, and its metadata (title,
  author, site name, canonical / og:url); htmldate finds the publication date; all in
  work linear in the page (webpage.py). Passages' offsets then refer to that extracted
  text, which the index stores (`Article.text`), so
  `hit.text == article.text[hit.start:hit.end]`.
- `.md` / `.txt`: the file itself, offsets into it as before. YAML front matter
  (`title`, `date`, `author`, `url`, `site` between `---` lines at the top) is read and
  blanked to spaces, so it is never indexed and offsets stay exact; without it, a
  first line that is a heading ("# Title", or a short line without final punctuation)
  is the title.
- Every article gets a title: one that says none (a page without a title, a text file
  whose first line is a sentence) is titled by its first sentence, shortened at a word
  (`title_from`), so a reader never sees a file name as a headline.
- Any article may have a sidecar beside it ("a.txt.meta.yaml", `with_sidecar`): YAML
  like front matter, whose fields win over the file's own; the file keeps its bytes.

Why libraries: trafilatura is the best-measured open article extractor (and keeps
lists and paragraphs), htmldate reads the dates pages declare (meta tags, JSON-LD,
URLs, bylines) in every common format; PyYAML reads front matter as YAML is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

from functools import lru_cache

from qa.core.types import Article

HTML_SUFFIXES = (".html", ".htm")
# `---`, YAML (possibly none), `---`; an unclosed block is no front matter (_front_block)
_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"---[ \t]*(?:\r?\n|\Z)")
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
    # webpage.py reads the page in linear work; the date comes from htmldate, which runs
    # on the parsed page (original publication date, extensive search): no second pass,
    # and htmldate never sees a str it would take for a URL to download (offline builds).
    from qa.text.webpage import read_page

    page = read_page(raw)
    notes = list(page.notes)
    return (
        page.text,
        Article(
            source=source,
            title=_clean(page.title) or title_from(page.text),
            published=_labelled_date(page.visible) or _iso(page.date, notes),
            author=_clean(page.author) or _clean(page.json_ld_author),
            site=_clean(page.site),
            url=_clean(page.url),
            text=page.text,
        ),
        notes,
    )


# What front matter may say, and how much of it is read: a block over FRONT_BYTES, or
# one that names none of these keys ("Update: the minister resigned"), is text.
FRONT_KEYS = ("title", "date", "published", "author", "site", "url")
FRONT_BYTES = 16_384


def _from_text(source: str, raw: str) -> tuple[str, Article, list[str]]:
    meta, text, notes = {}, raw, []
    front = _front_block(raw)
    if front:
        block, end = front
        loaded = _front_matter(block, notes) if len(block) <= FRONT_BYTES else None
        if loaded is not None:
            meta = loaded
            # blank it (newlines kept): never indexed, and offsets stay the file's
            text = re.sub(r"[^\n]", " ", raw[:end]) + raw[end:]
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


def _front_block(raw: str) -> tuple[str, int] | None:
    """The block between a file's opening `---` line and the next `---` line, and where
    that line ends; None when the file opens with none, or never closes it. Looked for
    line by line with str.find: a regex's lazy scan of a 10 MB file that never closed
    its block held the interpreter lock for a second."""
    opening = _OPENING.match(raw)
    if opening is None:
        return None
    start = opening.end()
    line = raw.find("\n---", start)  # a block of one line or more comes first, as YAML's
    while line >= 0:
        closing = _CLOSING.match(raw, line + 1)
        if closing:
            return raw[start:line].removesuffix("\r"), closing.end()
        line = raw.find("\n---", line + 1)
    closing = _CLOSING.match(raw, start)  # "---\n---\n": an empty block
    return ("", closing.end()) if closing else None


def _front_matter(block: str, notes: list[str], what: str = "its front matter") -> dict | None:
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
            notes.append(f"{what} uses YAML aliases, which are not read: left out")
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


# An article's sidecar: a file beside it, named after it ("a.txt" → "a.txt.meta.yaml"),
# that says what the article cannot (a .txt has no place for a headline or a date) or
# says wrongly, without changing the article's bytes. It is YAML read like front matter.
SIDECAR_SUFFIX = ".meta.yaml"


def with_sidecar(article: Article, sidecar: str, notes: list[str]) -> Article:
    """`article` with what its sidecar (a YAML mapping of title, date or published,
    author, site, url; at most FRONT_BYTES) says: each field it gives wins over the
    file's own, front matter and page metadata included, since it is written to correct
    or complete them. A sidecar this reader cannot use is left out, said in `notes`."""
    if len(sidecar) > FRONT_BYTES:
        notes.append(f"its sidecar is over {FRONT_BYTES // 1024} KB: left out")
        return article
    meta = _front_matter(sidecar, notes, "its sidecar")
    if meta is None:
        notes.append(
            "its sidecar is not a YAML mapping of title, date, author, site or url: left out"
        )
        return article
    given = {key: _clean(meta.get(key, "")) for key in ("title", "author", "site", "url")}
    written = meta.get("date") or meta.get("published") or ""
    if written:
        given["published"] = _iso(written)
        if not given["published"]:
            notes.append(f"its sidecar's date “{_clean(written)[:40]}” is no full date: left out")
    return dataclasses.replace(article, **{key: value for key, value in given.items() if value})


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


# "First published: 3 June 2024", "Published on 2024-06-03", "Posted 3 June 2024": a page
# that labels its publication date is taken at its word; htmldate may prefer the date
# an "Updated: 7 June" line puts first.
_PUBLISHED = re.compile(
    r"(?:first |originally )?(?:published|posted)\s*(?:on\s*|:\s*)?"
    r"(\d{4}-\d\d-\d\d|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})",
    re.I,
)


def _labelled_date(visible: str) -> str:
    """The date a page labels as its (first) publication in its visible text (a page's
    start, webpage.VISIBLE_CHARS: the pattern runs in linear time); ""."""
    for m in _PUBLISHED.finditer(visible):
        found = _iso(m.group(1))
        if found:
            return found
    return ""


# Quotation marks that open a quotation, and the ones that close them: Unicode's "initial
# punctuation" (Pi) holds “ ‘ « ‹ but not „ ‚ 「 『 (Ps) nor " and ' (Po).
_CLOSES = {"“": "”", "‘": "’", "«": "»", "‹": "›", "„": "“", "‚": "‘", "「": "」", "『": "』"}
_CLOSES |= {'"': '"', "'": "'", "〝": "〞", "⹂": "”"}


def quoted(said: str, cut: bool = False) -> str:
    """ "“said”", unless `said` opens with a quotation mark of its own: then no second
    one is added (““Our most recent…”), and one that closes its own is added only where
    the end was `cut` off ("…")."""
    first = said[:1]
    if first and (first in _CLOSES or unicodedata.category(first) == "Pi"):
        return f"{said}{_CLOSES.get(first, '”')}" if cut else said
    return f"“{said}”"


# A title made from the first sentence is cut at a word before this many characters.
TITLE_CHARS = 80
_WORDY_LINE = re.compile(r"^[^\n]*?[^\W_]", re.M)


def title_from(text: str) -> str:
    """A title for an article that gives none: its first sentence, without its final
    stop, shortened at a word ("…") when longer than TITLE_CHARS; "" for no text."""
    from qa.text.paragraphs import split_sentences

    # from the first line holding a word ("---", "***" have none): found in one pass,
    # never by cutting off a line at a time (a file of 5 million "-" lines)
    first_word = _WORDY_LINE.search(text)
    if first_word is None:
        return ""
    body = text[first_word.start() :].strip()
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
