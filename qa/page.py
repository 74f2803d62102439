"""What the page shows, as HTML: the answer first, the sources as cards, the articles.
Pure functions over qa's records (no Gradio), so they are tested without a browser.

A reply opens with the answering sentence of the best passage, with its source in words
(title · date · site), then any notes as sentences, then a card per passage: its title
and date, the passage with its answering sentence marked, a link that opens it in the
article, and the details a reader rarely needs (file, paragraph, characters, scores).

Everything taken from an article or a question is escaped, and a reply holds no blank
line: the chat renders Markdown, and text inside one HTML block is never read as
Markdown, so "**Pyongyang**" or "$$" in an article stay text.
"""

from __future__ import annotations

import html
import re

from .types import Answer, Article, Hit

# ":" too: an escaped URL would still be auto-linked by Markdown, backslashes and all
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:])")
# a machine path ("/srv/data/index"), not the "//host/path" of a URL
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?!/)(?:[^\s/;,:]+/)*([^\s/;,:]*)")
# The chat's links that open a source in the viewer: "#qa-source-<rank - 1>" (qa_web/assets/page.js).
OPEN_PREFIX = "#qa-source-"


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


def byline(hit: Hit) -> str:
    """ "Title · 2024-09-16 · Site", the title linked when the article gives its URL.
    Every indexed article has a title (documents.title_from); the file stands in only
    for an index built before titles were made."""
    title = text(hit.title or hit.source)
    url = link(hit.url)
    if url:
        title = f'<a href="{text(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return " · ".join([title, *(text(x) for x in (hit.published[:10], hit.site) if x)])


def details(hit: Hit) -> str:
    """What a reader rarely needs, folded away: file, paragraph, section, characters,
    the scores, other files holding the same passage."""
    where = [text(hit.source), f"paragraph {hit.paragraph}"]
    if hit.section:
        where.append(f"section “{text(hit.section)}”")
    where.append(f"characters {hit.start}–{hit.end}")
    scores = f"score {hit.score:.2f} (cosine {hit.similarity:.2f}, BM25 {hit.lexical:.2f}"
    scores += f", word by word {hit.match:.2f})" if hit.match else ")"
    where.append(scores)
    if hit.also_in:
        where.append("also in " + ", ".join(text(s) for s in hit.also_in))
    return f'<details class="qa-details"><summary>Details</summary>{" · ".join(where)}</details>'


def passage(hit: Hit) -> str:
    """The passage with its answering sentence marked (none for a weak match)."""
    if hit.answer_start is None or hit.answer_end is None:
        return text(hit.text)
    a, b = hit.answer_start - hit.start, hit.answer_end - hit.start
    return (
        f"{text(hit.text[:a])} <mark class='qa-sentence'>{text(hit.text[a:b])}</mark> "
        f"{text(hit.text[b:])}"
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
    lead = text(best.answer_text or best.text)
    parts = [
        f'<p class="qa-lead">{lead}</p>',
        f'<p class="qa-by">— {byline(best)}</p>',
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
    said = " ".join((source.get("answer_text") or source["text"]).split())
    said = said if len(said) <= 70 else said[:69].rsplit(" ", 1)[0] + "…"
    parts = [
        f"“{said}”",
        source.get("title") or source["source"],
        (source.get("published") or "")[:10],
    ]
    return " · ".join(p for p in parts if p)


def citation_text(source: dict) -> str:
    """What "copy" puts on the clipboard: the citation, the exact span, the link."""
    text_ = f"{source['citation']}, characters {source['start']}–{source['end']}"
    return f"{text_}, {source['url']}" if source.get("url") else text_


def plural(n: int, word: str) -> str:
    """ "1 article", "2 articles"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def article_line(article: Article) -> str:
    """An article in the list: its title, date and passages."""
    passages = plural(article.passages, "passage")
    return " · ".join(
        p for p in (article.title or article.source, article.published[:10], passages) if p
    )


def article_citation(article: Article) -> str:
    """What "copy" puts on the clipboard for a whole article."""
    about = " · ".join(
        x for x in (article.title, article.published[:10], article.author, article.site) if x
    )
    where = f"{about} ({article.source})" if about else article.source
    return f"{where}, {article.url}" if article.url else where


def article_html(article: Article, source: dict | None = None) -> str:
    """The whole article as escaped HTML; with a source, its passage marked, and inside
    it the answering sentence marked more strongly, at their exact offsets. The file
    name is shown small, under the title."""
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    title = e(article.title or article.source)
    url = link(article.url)
    if url:
        title = f'<a href="{e(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    meta = [article.published[:10], article.author, article.site]
    head = f"<h3>{title}</h3><p class='qa-meta'>{e(' · '.join(m for m in meta if m))}</p>"
    head += f"<p class='qa-file'>{e(article.source)}</p>"
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
        sentence = f'<mark class="answer">{e(body_text[a:b])}</mark>' if b > a else ""
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
