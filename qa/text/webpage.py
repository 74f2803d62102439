"""An HTML page → its article text and what it says about itself, in work that grows
linearly with the page (documents.py makes the Article).

A 300 KB page once froze a build for minutes: a run of "<" with no ">" made regular
expressions over the markup backtrack quadratically. The libraries are no safer with
every input: libxml2 merges XPath node sets with a duplicate check, so trafilatura's
`//p//text()` over 80,000 paragraphs took 33 s here (a real 0.75 MB page of
highlighted source code, 12–23 s), and trafilatura's and htmldate's metadata regexes run over whole
attribute values and JSON-LD blocks. So:

- The page is parsed once, by lxml (trafilatura's load_html: C, linear, and other
  threads run meanwhile); nothing after works on the markup as a string, so no cut can
  split a tag.
- trafilatura extracts the text from that tree, without scripts, styles and SVG, when it
  holds at most EXTRACT_ELEMENTS elements (~1 s here, its square cost kept small); a
  larger page is read block by block (`_blocks`, linear), and the build says so.
- The metadata (title, author, site, url, htmldate's date) is read from a bounded copy of
  the page's start, JSON-LD included (webpage_meta.py).
- The date a page labels ("First published: 3 June 2024") is looked for in the first
  VISIBLE_CHARS characters of its text.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from qa.text.webpage_meta import VALUE_CHARS, json_ld, json_ld_author, metadata, metadata_tree

# trafilatura's text extraction costs ~1 s at 10,000 elements here and grows with their
# square (4 s at 20,000): above this, a page is read block by block.
EXTRACT_ELEMENTS = 10_000
VISIBLE_CHARS = 300_000  # text searched for a labelled publication date

# What never holds article text; removed before extraction (trafilatura drops them too).
_NOT_TEXT = ("script", "style", "noscript", "svg")
# Read block by block: these hold page furniture, not the article
_FURNITURE = frozenset(
    "head nav aside footer header form button select option textarea iframe object "
    "embed canvas audio video map menu dialog".split()
)
_BLOCKS = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table "
    "td th tr ul".split()
)
# trafilatura repairs a DOCTYPE line with a regex that backtracks quadratically over a
# long first line of "/": such a declaration is replaced first (libxml2 needs none).
_DOCTYPE = re.compile(r"< ?! ?doctype", re.I)


@dataclass(frozen=True)
class Page:
    """What a page gives, as found ("" where nothing): documents.py cleans it up."""

    text: str  # the article text, paragraphs on lines of their own
    title: str = ""
    author: str = ""
    site: str = ""
    url: str = ""
    date: str = ""  # htmldate's, as it gives it
    visible: str = ""  # the start of the page's text, for a labelled date
    json_ld_author: str = ""
    notes: tuple[str, ...] = ()


def read_page(raw: str) -> Page:
    """The article in a decoded HTML page; Page("") for no HTML at all."""
    import trafilatura
    from lxml import etree

    tree = _parse(raw)
    if tree is None:
        return Page("")
    blocks = json_ld(tree)
    meta = metadata(metadata_tree(tree, blocks))
    etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)  # C, one pass
    notes = []
    if _elements_within(tree, EXTRACT_ELEMENTS):
        text = _extracted(trafilatura.bare_extraction(tree, **_OPTIONS))
        if _laid_out_in_tables(text):
            # an old page laid out in tables: the "table" is the page, its navigation and
            # footer ("Subscribe to our newsletter | Privacy") with it; read it without
            again = _OPTIONS | {"include_tables": False, "favor_precision": False}
            text = _extracted(trafilatura.bare_extraction(tree, **again)) or text
    else:
        text = _blocks(tree)
        notes.append(
            f"its page has over {EXTRACT_ELEMENTS:,} elements: read block by block, "
            "navigation and footers left out but not other boilerplate"
        )
    return Page(
        text=text,
        title=getattr(meta, "title", "") or "",
        author=getattr(meta, "author", "") or "",
        site=getattr(meta, "sitename", "") or "",
        url=getattr(meta, "url", "") or "",
        date=getattr(meta, "date", "") or "",
        visible=_visible(tree),
        json_ld_author=json_ld_author([value for _, value, _ in blocks]),
        notes=tuple(notes),
    )


_OPTIONS = dict(include_comments=False, include_tables=True, favor_precision=True)


def _extracted(doc) -> str:
    return (getattr(doc, "text", "") or "") if doc is not None else ""


def _parse(raw: str):
    from trafilatura.utils import load_html

    if _DOCTYPE.match(raw, 0, 16):
        end = raw.find(">")
        raw = "<!DOCTYPE html>" + (raw[end + 1 :] if end >= 0 else "\n" + raw.partition("\n")[2])
    return load_html(raw)


def _elements_within(tree, most: int) -> bool:
    """Whether the tree has at most `most` elements (counting stops there); long
    attribute values are cut on the way (nothing reads them as text)."""
    for n, el in enumerate(tree.iter(), 1):
        if n > most:
            return False
        for name, value in el.attrib.items():
            if len(value) > VALUE_CHARS:
                el.set(name, value[:VALUE_CHARS])
    return True


def _laid_out_in_tables(text: str) -> bool:
    """Most of the extracted text sits in table rows ("| … |"): a layout table."""
    lines = [line for line in text.splitlines() if line.strip()]
    rows = [line for line in lines if line.lstrip().startswith("|")]
    return bool(lines) and sum(map(len, rows)) > 0.5 * sum(map(len, lines))


def _visible(tree) -> str:
    """The page's text (scripts and styles gone), up to VISIBLE_CHARS characters."""
    parts, size = [], 0
    for piece in tree.itertext():
        parts.append(piece[: VISIBLE_CHARS - size])
        size += len(parts[-1])
        if size >= VISIBLE_CHARS:
            break
    return " ".join(parts)


def _blocks(tree) -> str:
    """A page too large for trafilatura, read in one pass: the text of its <main> or
    <article> (else its body) one block a line (a <pre>: one line a line), without
    navigation, headers, footers, asides and forms. The pass is an XSLT transform, run by
    libxslt in C without holding the interpreter lock (a Python walk over 1.25 million
    elements took 5 s); it marks block boundaries with a private-use character."""
    root = next(tree.iter("main", "article"), None)
    if root is None:
        root = tree.find("body")
    if root is None:
        root = tree
    marked = str(_block_transform()(root))
    return "\n".join(filter(None, (" ".join(part.split()) for part in marked.split(_MARK))))


_MARK = "\ue000"
_compiled = threading.local()


def _block_transform():
    """The stylesheet, compiled once per thread: two threads reading at once (the page's
    background rebuild, a check of an upload) never share one lxml XSLT object."""
    from lxml import etree

    made = getattr(_compiled, "transform", None)
    if made is not None:
        return made
    stylesheet = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:output method="text" encoding="UTF-8"/>
      <xsl:template match="{"|".join(sorted(_FURNITURE))}"/>
      <xsl:template match="{"|".join(sorted(_BLOCKS))}">&#xE000;<xsl:apply-templates/>&#xE000;</xsl:template>
      <xsl:template match="pre//text()">
        <xsl:value-of select="translate(., '&#10;', '&#xE000;')"/>
      </xsl:template>
    </xsl:stylesheet>"""
    _compiled.transform = etree.XSLT(etree.XML(stylesheet))
    return _compiled.transform
