"""What the page shows, as HTML: the answer first, the sources as cards, the articles.
Pure functions over qa's records (no Gradio), so they are tested without a browser.

A reply opens with the answering sentence of the best passage, with its source in words
(title · date · site; "undated" where the article gives no date), then any notes as
sentences, then a card per passage: its title and date, the passage with its answering
sentence marked, a link that opens it in the article, and the details a reader rarely
needs (file, paragraph, characters, scores). Citations are in words too: title · date ·
site; the file, paragraph and characters are only ever under a folded "Details".

Everything taken from an article or a question is escaped, and a reply holds no blank
line: the chat renders Markdown, and text inside one HTML block is never read as
Markdown, so "**Pyongyang**" or "$$" in an article stay text.
"""

from __future__ import annotations

import html
import re

from qa.text.documents import quoted, title_from
from qa.core.types import Answer, Article, Hit

# ":" too: an escaped URL would still be auto-linked by Markdown, backslashes and all
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:])")
# a machine path ("/srv/data/index"), not the "//host/path" of a URL
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?!/)(?:[^\s/;,:]+/)*([^\s/;,:]*)")
# The chat's links that open a source in the viewer: "#qa-source-<rank - 1>" (qa_web/assets/page.js).
OPEN_PREFIX = "#qa-source-"
# Where an article's date would be when it gives none: said, never left blank.
UNDATED = "undated"
# What stands for a title made of the very sentence it would follow (title_from).
FIRST_SENTENCE = "the article's first sentence"


def public(message: str) -> str:
    """An error for the page: absolute paths cut to their last part (no machine paths)."""
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1) or "/", message)


def markdown_text(text: str) -> str:
    """Text → Markdown that displays exactly that text (HTML and Markdown inert), on one
    line: what the user typed, in their own bubble."""
    flat = " ".join(text.split())
    # quote=False: only & < > become entities, and those hold no Markdown character.
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def text(value: str) -> str:
    """Text → HTML that displays exactly that text, on one line (no blank line may end
    the reply's HTML block)."""
    return html.escape(" ".join(value.split()), quote=True)


def link(url: str) -> str:
    """A URL safe to link to (http or https, Markdown's brackets encoded), or ""."""
    if not re.match(r"https?://[^\s<>\"]+$", url or ""):
        return ""
    return url.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")


def day(published: str) -> str:
    """ "2024-09-16", or "undated": a missing date is said where the date would be."""
    return published[:10] or UNDATED


def made_of(title: str, sentence: str) -> bool:
    """Is `title` the one an untitled article got from this very sentence
    (documents.title_from)? Then the title would only repeat the sentence."""
    return bool(title) and bool(sentence.strip()) and title_from(sentence) == title


def in_words(title: str, published: str, site: str) -> str:
    """ "Title · 2024-09-16 · Site" (plain text): how a reader cites an article."""
    return " · ".join(x for x in (title, day(published), site) if x)


def byline(hit: Hit, after: str = "") -> str:
    """ "Title · 2024-09-16 · Site", the title linked when the article gives its URL.
    Every indexed article has a title (documents.title_from); the file stands in only
    for an index built before titles were made. Under `after`, the sentence shown
    above it, a title made of that sentence is not read out twice."""
    named = FIRST_SENTENCE if made_of(hit.title, after) else hit.title or hit.source
    title = text(named)
    url = link(hit.url)
    if url:
        title = f'<a href="{text(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return " · ".join([title, *(text(x) for x in (day(hit.published), hit.site) if x)])


def details(hit: Hit) -> str:
    """What a reader rarely needs, folded away: file, paragraph, section, characters,
    the scores, other files holding the same passage."""
    where = [text(hit.source), f"paragraph {hit.paragraph}"]
    if hit.section:
        where.append(f"section {quoted(text(hit.section))}")
    where.append(f"characters {hit.start}–{hit.end}")
    scores = f"score {hit.score:.2f} (cosine {hit.similarity:.2f}, BM25 {hit.lexical:.2f}"
    scores += f", word by word {hit.match:.2f})" if hit.match else ")"
    where.append(scores)
    if hit.also_in:
        where.append("also in " + ", ".join(text(s) for s in hit.also_in))
    return f'<details class="qa-details"><summary>Details</summary>{" · ".join(where)}</details>'


_MARKS = {0xE001: None, 0xE002: None}  # short_marked's own marks, never the article's


def short_marked(piece: str, at: int, short: tuple[int | None, int | None], escape=None) -> str:
    """`piece` (which starts at offset `at` of its article) escaped, the exact answer
    inside it (`short`: its offsets, or Nones) in <strong class="qa-short">."""
    escape = escape or text
    a, b = short
    if a is None or b is None or a < at or b > at + len(piece):
        return escape(piece)
    a, b = a - at, b - at
    # escaped whole (text() collapses spaces across the joins), the marks put in after
    before, short_text, after = (p.translate(_MARKS) for p in (piece[:a], piece[a:b], piece[b:]))
    marked = escape(f"{before}\ue001{short_text}\ue002{after}")
    return marked.replace("\ue001", "<strong class='qa-short'>").replace("\ue002", "</strong>")


def passage(hit: Hit) -> str:
    """The passage with its answering sentence marked (none for a weak match), and the
    exact answer in it."""
    if hit.answer_start is None or hit.answer_end is None:
        return text(hit.text)
    a, b = hit.answer_start - hit.start, hit.answer_end - hit.start
    sentence = short_marked(hit.text[a:b], hit.answer_start, (hit.short_start, hit.short_end))
    return (
        f"{text(hit.text[:a])} <mark class='qa-sentence'>{sentence}</mark> {text(hit.text[b:])}"
    ).strip()


def card(hit: Hit, rank: int, heading: str = "") -> str:
    """One source: its title and date, the passage, "open in the article", details."""
    head = heading or f"<span class='qa-rank'>{rank}</span> {byline(hit)}"
    opener = f'<a class="qa-open" href="{OPEN_PREFIX}{rank - 1}">Open in the article</a>'
    return (
        f'<div class="qa-card"><p class="qa-card-head">{head}</p>'
        f'<p class="qa-passage">{passage(hit)}</p>'
        f'<p class="qa-card-foot">{opener}</p>{details(hit)}</div>'
    )


def answer_html(reply: Answer) -> str:
    """The whole reply for the chat: the answer first, then notes, then the sources."""
    notes = "".join(f'<p class="qa-note">{text(public(n))}</p>' for n in reply.notes)
    if not reply.hits:
        parts = [f'<p class="qa-refusal">{text(public(reply.message))}</p>', notes]
        if reply.weak_match:
            heading = "Closest passage — a weak match, not an answer: " + byline(reply.weak_match)
            parts.append(card(reply.weak_match, 1, heading))
        return '<div class="qa-reply">' + "".join(parts) + "</div>"
    best = reply.hits[0]
    lead = best.answer_text or best.text
    short = best.short_answer
    first = f"<strong class='qa-short'>{text(short)}</strong> — " if short else ""
    parts = [
        f'<p class="qa-lead">{first}{text(lead)}</p>',
        f'<p class="qa-by">— {byline(best, lead)}</p>',
        notes,
        f'<p class="qa-sources-head">Source{"s" if len(reply.hits) > 1 else ""}</p>',
        *(card(h, rank) for rank, h in enumerate(reply.hits, 1)),
    ]
    return '<div class="qa-reply">' + "".join(parts) + "</div>"


def question_markdown(question: str) -> str:
    """What the user asked, for their bubble: shown as typed, never run as HTML."""
    return markdown_text(question) or "…"


def source_choices(sources: list[dict]) -> list[tuple[str, int]]:
    """The sources list beside the chat: "1. Title · 2024-09-16", by rank in the answer."""
    if sources and sources[0].get("weak"):  # a near-topic refusal's closest passage
        return [(f"Closest passage (not an answer): {_named(sources[0])}", 0)]
    return [(f"{rank}. {_named(s)}", rank - 1) for rank, s in enumerate(sources, 1)]


def _named(source: dict) -> str:
    """ "“On Monday, Ukrainian military intelligence said…” · Title · 2024-09-16": the
    passage's answering sentence (else its start) tells sources of one article apart."""
    full = " ".join((source.get("answer_text") or source["text"]).split())
    said = full if len(full) <= 70 else full[:69].rsplit(" ", 1)[0] + "…"
    title = source.get("title") or source["source"]
    parts = [
        quoted(said, cut=said != full),
        "" if made_of(source.get("title") or "", full) else title,
        day(source.get("published") or ""),
    ]
    return " · ".join(p for p in parts if p)


def citation_text(source: dict) -> str:
    """What "copy" puts on the clipboard for a source: the article in words (title ·
    date · site) and its link; where the passage is, is the viewer's business."""
    about = in_words(
        source.get("title") or source["source"],
        source.get("published") or "",
        source.get("site") or "",
    )
    return f"{about}, {source['url']}" if source.get("url") else about


def plural(n: int, word: str) -> str:
    """ "1 article", "2 articles"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def article_line(article: Article) -> str:
    """An article in the list: its title, date ("undated") and passages."""
    passages = plural(article.passages, "passage")
    return " · ".join((article.title or article.source, day(article.published), passages))


def article_citation(article: Article) -> str:
    """What "copy" puts on the clipboard for a whole article: as for a source."""
    about = in_words(article.title or article.source, article.published, article.site)
    return f"{about}, {article.url}" if article.url else about


def article_html(article: Article, source: dict | None = None) -> str:
    """The whole article as escaped HTML; with a source, its passage marked, and inside
    it the answering sentence marked more strongly, at their exact offsets. Under the
    title: its date ("undated"), author and site; the file, and the passage's paragraph
    and characters, only under a folded "Details"."""
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    title = e(article.title or article.source)
    url = link(article.url)
    if url:
        title = f'<a href="{e(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    meta = [day(article.published), article.author, article.site]
    head = f"<h3>{title}</h3><p class='qa-meta'>{e(' · '.join(m for m in meta if m))}</p>"
    where = [f"<span class='qa-file'>{e(article.source)}</span>"]
    if source is not None:
        where.append(f"paragraph {int(source['paragraph'])}")
        where.append(f"characters {int(source['start'])}–{int(source['end'])}")
    head += f"<details class='qa-details'><summary>Details</summary>{' · '.join(where)}</details>"
    body_text = article.text
    lead = len(body_text) - len(body_text.lstrip())  # blanked front matter, blank lines
    note = ""
    if source is None:
        body = e(body_text[lead:])
    elif body_text[source["start"] : source["end"]] != source["text"]:
        note = "<p class='qa-note'>The article has changed since this answer: the passage "
        note += "is no longer at its place, so nothing is marked.</p>"
        body = e(body_text[lead:])
    else:
        s, t = source["start"], source["end"]
        a = source.get("answer_start")
        b = source.get("answer_end")
        a, b = (s, s) if a is None or b is None else (max(s, a), min(t, b))
        short = (source.get("short_start"), source.get("short_end"))
        sentence = short_marked(body_text[a:b], a, short, e)
        sentence = f'<mark class="answer">{sentence}</mark>' if b > a else ""
        body = (
            e(body_text[min(lead, s) : s])
            + f'<mark class="passage">{e(body_text[s:a])}{sentence}{e(body_text[b:t])}</mark>'
            + e(body_text[t:])
        )
    return f"<article>{head}{note}<div class='qa-text'>{body}</div></article>"


def viewer_error(message: str) -> str:
    return f"<p class='qa-note'>⚠️ {html.escape(public(message))}</p>"


VIEWER_HINT = (
    "<p class='qa-note'>Open a source of the last answer, or an article, to read it here.</p>"
)
