"""What the page shows (qa/page.py): the answer first, sources as cards, articles; all
escaped. Pure functions: no browser, no Gradio."""

import html
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

import qa
from qa.answering import page
from qa.text import documents
from qa.text.documents import title_from

from ..conftest import HOSTILE, SEED


def hit(text: str, answer: tuple[int, int] | None = None, **kw) -> qa.Hit:
    fields = dict(
        text=text, source="x<b>.txt", paragraph=1, section="", start=0, end=len(text), score=0.5
    )
    if answer:
        fields.update(answer_start=answer[0], answer_end=answer[1])
    return qa.Hit(**{**fields, **kw})


def test_the_answer_comes_first_with_its_source_in_words():
    one = hit(
        "Earlier text. North Korea sent 10,000 soldiers. More text.",
        (14, 47),
        title="Troops sent",
        published="2024-10-02T08:00:00",
        site="The Paper",
        paragraph=3,
    )
    two = hit("Another passage.", (0, 16), title="Second report", paragraph=5)
    out = page.answer_html(qa.Answer(question="q", hits=(one, two), notes=("A note.",)))
    lead = '<div class="qa-reply"><p class="qa-lead">North Korea sent 10,000 soldiers.</p>'
    assert out.startswith(lead)
    assert '<p class="qa-by">— Troops sent · 2024-10-02 · The Paper</p>' in out
    assert out.index("qa-lead") < out.index("A note.") < out.index("qa-card")
    # a card per source, the sentence marked in its passage, an opener for the viewer
    assert out.count('class="qa-card"') == 2 and out.count(page.OPEN_PREFIX) == 2
    assert "<mark class='qa-sentence'>North Korea sent 10,000 soldiers.</mark>" in out
    # file, paragraph, characters and score are there, folded under details
    folded = out.split('<details class="qa-details">')[1]
    assert "x&lt;b&gt;.txt · paragraph 3" in folded and "score 0.50" in folded
    headline = out.split("<details")[0]
    assert "x&lt;b&gt;.txt" not in headline and "paragraph" not in headline
    assert "\n\n" not in out  # one HTML block: Markdown never reads article text


def test_everything_from_the_article_is_escaped():
    a, b = HOSTILE.index("The submarine"), len(HOSTILE)
    out = page.answer_html(
        qa.Answer(question="q", hits=(hit(HOSTILE, (a, b), section="# Sec", title="<i>T</i>"),))
    )
    assert "<script>" not in out and "<img" not in out and "<i>" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "**Pyongyang**" in out  # inside the HTML block: shown as typed, not bold


def test_a_weak_match_is_marked_and_has_no_sentence():
    weak = hit("North Korea sent 10,000 soldiers.", title="Troops")
    reply = qa.Answer(
        question="q",
        hits=(),
        message="The articles do not mention China.",
        missing=("China",),
        weak_match=weak,
    )
    out = page.answer_html(reply)
    assert out.startswith('<div class="qa-reply"><p class="qa-refusal">The articles do not mention')
    assert "weak match, not an answer" in out and "10,000 soldiers" in out
    assert "<mark" not in out and "qa-lead" not in out


def test_notes_name_no_machine_path_and_urls_are_not_links():
    reply = qa.Answer(
        question="q", hits=(), message="m", notes=("the index in /srv/x/index broke",)
    )
    assert "/srv/" not in page.answer_html(reply)
    assert page.public("no index in /srv/data/index; build it") == "no index in index; build it"
    assert "https\\:" in page.markdown_text("see https://example.com/a")
    assert page.link("javascript:alert(1)") == "" and page.link("https://x.example/a(1)")


def test_the_question_is_shown_as_typed():
    typed = "<script>alert(1)</script> **bold** <img src=x onerror=alert(1)>"
    shown = page.question_markdown(typed)
    assert "<script>" not in shown and "<img" not in shown
    assert html.unescape(shown.replace("\\", "")) == typed


def _source(text: str, start: int, end: int, answer: tuple[int, int] | None) -> dict:
    h = qa.Hit(
        text=text[start:end],
        source="x.md",
        paragraph=1,
        section="",
        start=start,
        end=end,
        score=0.5,
        answer_start=answer[0] if answer else None,
        answer_end=answer[1] if answer else None,
    )
    return {**h.to_json(), "citation": h.citation}


def _marked(out: str, css_class: str) -> str:
    """The text inside <mark class=css_class>…</mark>, other tags dropped, unescaped."""
    inner = out.split(f'<mark class="{css_class}">', 1)[1]
    depth, parts = 1, []
    for token in re.split(r"(<mark[^>]*>|</mark>)", inner):
        depth += token.startswith("<mark") - (token == "</mark>")
        if depth == 0:
            break
        parts.append(token if not token.startswith("<") else "")
    return html.unescape("".join(parts))


def test_viewer_marks_passage_and_sentence_at_their_exact_offsets():
    text = "Intro line.\n\n" + HOSTILE + "\n\nA last paragraph <b>bold</b>.\n"
    start = text.index("<script>")
    end = start + len(HOSTILE)
    sentence = (text.index("The submarine"), end)
    out = page.article_html(
        qa.Article(source="x.md", text=text), _source(text, start, end, sentence)
    )
    assert _marked(out, "passage") == HOSTILE
    assert _marked(out, "answer") == "The submarine fleet has twelve boats."
    # everything the article says is escaped: only our own tags are tags
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    body = out.split("<div class='qa-text'>", 1)[1]
    assert html.unescape(re.sub(r"</?mark[^>]*>|</div></article>", "", body)) == text


def test_viewer_marks_nothing_when_the_article_changed_since_the_answer():
    text = "North Korea sent 10,000 soldiers. Then more came."
    stale = _source("Something else entirely, longer than before.", 0, 20, (0, 10))
    out = page.article_html(qa.Article(source="x.md", text=text), stale)
    assert "<mark" not in out and "has changed since this answer" in out
    assert "North Korea sent 10,000 soldiers." in out


def test_viewer_heading_is_the_title_with_the_file_folded_below():
    article = qa.Article(
        source="a.html",
        title='Floods <img src=x onerror="alert(1)">',
        published="2024-09-16T08:30:00+02:00",
        author="Anna & Co",
        url="javascript:alert(1)",
        text="Text.",
    )
    out = page.article_html(article)
    assert "<img" not in out and "href" not in out and "2024-09-16 · Anna &amp; Co" in out
    details = "<details class='qa-details'><summary>Details</summary><span class='qa-file'>a.html"
    assert out.index("<h3>Floods") < out.index(details)
    linked = page.article_html(qa.Article(source="a.html", title="T", url="https://x.example/a"))
    assert 'href="https://x.example/a"' in linked and 'rel="noopener noreferrer"' in linked


def test_source_and_article_labels():
    text = "North Korea sent 10,000 soldiers. Then more came."
    covered = [_source(text, 0, len(text), (0, 33)), _source(text, 34, len(text), None)]
    assert [v for _, v in page.source_choices(covered)] == [0, 1]
    label = "1. “North Korea sent 10,000 soldiers.” · x.md · undated"
    assert page.source_choices(covered)[0][0] == label
    weak = page.source_choices([{**_source(text, 0, 10, None), "weak": True}])
    assert weak[0][0].startswith("Closest passage (not an answer)")
    titled = qa.Article(source="r.md", title="Rates", published="2024-10-02", passages=1)
    assert page.article_line(titled) == "Rates · 2024-10-02 · 1 passage"
    undated = page.article_line(qa.Article(source="000.txt", passages=7))
    assert undated == "000.txt · undated · 7 passages"


# The seed article: no title (titled by its first sentence, title_from), no date.
SEED_TEXT = SEED.read_text(encoding="utf-8")
FIRST = SEED_TEXT[: SEED_TEXT.index(".") + 1]  # "North Korea is said to have sent 10,000…"


def seed_hit(sentence: str, **kw) -> qa.Hit:
    """A hit of the seed article's first paragraph, `sentence` its answering sentence."""
    text = SEED_TEXT.split("\n", 1)[0]
    a = text.index(sentence)
    kw = {"title": title_from(SEED_TEXT), "source": SEED.name, **kw}
    return hit(text, (a, a + len(sentence)), **kw)


def test_a_citation_is_title_date_site_in_words():
    """What "copy" gives a reader: title · date · site (and the link), never the file,
    the paragraph or the characters."""
    dated = {**_source("A passage.", 0, 10, None), "title": "Rates rise", "site": "The Paper"}
    dated |= {"published": "2024-10-02T08:00:00", "paragraph": 3, "url": "https://p.example/r"}
    assert page.citation_text(dated) == "Rates rise · 2024-10-02 · The Paper, https://p.example/r"
    seed = {**seed_hit(FIRST).to_json(), "citation": seed_hit(FIRST).citation}
    words = page.citation_text(seed)
    assert words == f"{title_from(SEED_TEXT)} · undated", words
    for internal in (SEED.name, "paragraph", "characters"):
        assert internal not in words
    article = qa.Article(source=SEED.name, title=title_from(SEED_TEXT), text=SEED_TEXT)
    assert page.article_citation(article) == words
    orchard = qa.Article(
        source="o.html", title="Apples", published="2024-09-16", author="J. Berg", site="Post"
    )
    assert page.article_citation(orchard) == "Apples · 2024-09-16 · Post"


def test_the_viewer_says_undated_and_folds_the_file_away():
    article = qa.Article(source=SEED.name, title=title_from(SEED_TEXT), text=SEED_TEXT)
    source = {**seed_hit(FIRST).to_json()}
    out = page.article_html(article, source)
    head = out.split("<details", 1)[0]
    assert "<p class='qa-meta'>undated</p>" in head and SEED.name not in head
    folded = out.split("<details class='qa-details'><summary>Details</summary>", 1)[1]
    folded = folded.split("</details>", 1)[0]
    assert f"{SEED.name}</span> · paragraph 1 · characters 0–{len(source['text'])}" in folded


def test_an_undated_source_says_undated_where_its_date_would_be():
    reply = page.answer_html(qa.Answer(question="q", hits=(seed_hit(FIRST, title="Troops"),)))
    assert '<p class="qa-by">— Troops · undated</p>' in reply
    assert "<span class='qa-rank'>1</span> Troops · undated</p>" in reply
    assert page.source_choices([seed_hit(FIRST, title="Troops").to_json()])[0][0].endswith(
        " · Troops · undated"
    )


def test_a_title_made_of_the_answering_sentence_is_not_read_twice():
    """The seed article is titled by its first sentence: when that sentence answers,
    the reply read it twice, as the answer and as its source."""
    out = page.answer_html(qa.Answer(question="q", hits=(seed_hit(FIRST),)))
    lead = out.split('<p class="qa-lead">', 1)[1].split("</p>", 1)[0]
    by = html.unescape(out.split('<p class="qa-by">', 1)[1].split("</p>", 1)[0])
    assert lead == FIRST and by == f"— {page.FIRST_SENTENCE} · undated", by
    # the cards still name the article by its title
    assert title_from(SEED_TEXT) in out.split('class="qa-card"', 1)[1]
    label = page.source_choices([seed_hit(FIRST).to_json()])[0][0]
    assert label.count("North Korea is said") == 1, label
    # another sentence of the same article keeps the title beside it
    other = "According to the Pentagon, units in the Kursk region are now fighting"
    second = seed_hit(
        SEED_TEXT[SEED_TEXT.index(other) : SEED_TEXT.index(".", SEED_TEXT.index(other)) + 1]
    )
    by = page.answer_html(qa.Answer(question="q", hits=(second,))).split('class="qa-by">')[1]
    assert by.startswith(f"— {title_from(SEED_TEXT)} · undated")


@given(st.text(min_size=1, max_size=200))
def test_no_sentence_is_followed_by_the_title_made_of_it(sentence):
    title = title_from(sentence)
    reply = qa.Answer(question="q", hits=(hit(sentence, (0, len(sentence)), title=title),))
    by = page.answer_html(reply).split('<p class="qa-by">— ', 1)[1]
    shown = page.text(title)
    assert not title or not by.startswith(shown) or page.text(page.FIRST_SENTENCE).startswith(shown)


# Opening quotation marks of every kind: Unicode's initial punctuation, and the others
OPENING = sorted(
    {chr(c) for c in range(0x2E80) if unicodedata.category(chr(c)) == "Pi"} | set("„‚「『\"'")
)


@given(st.sampled_from(OPENING), st.text(min_size=0, max_size=120))
def test_a_quoted_sentence_gets_no_second_opening_quote(mark, rest):
    """A source whose sentence is itself a quotation (“Our most recent…”) was listed
    as ““Our most recent…”: its own mark is kept, none is added before it."""
    said = mark + rest
    if not said.strip() or said[:1] != " ".join(said.split())[:1]:
        return  # the label shows the sentence with its spaces collapsed
    label = page.source_choices([{"text": said, "source": "x.md", "answer_text": said}])[0][0]
    assert label.startswith(f"1. {mark}") and not label.startswith(f"1. “{mark}"), label
    cut = len(" ".join(said.split())) > 70
    assert not cut or label.split(" · ")[0].endswith("…" + documents._CLOSES.get(mark, "”")), label


def test_a_sentence_without_quotes_is_quoted_once():
    label = page.source_choices([{"text": "Plain words.", "source": "x.md"}])[0][0]
    assert label == "1. “Plain words.” · x.md · undated"
    assert (
        page.quoted("“Our most recent estimate”, he said.")
        == "“Our most recent estimate”, he said."
    )


def test_the_exact_answer_leads_the_reply_and_is_marked_in_its_sentence():
    text = "Earlier text. North Korea sent <b>10,000</b> soldiers. More text."
    a = text.index("North")
    b = text.index(" More")
    s = text.index("<b>")
    e = text.index("</b>") + 4
    one = hit(text, (a, b), short_start=s, short_end=e)
    shown = page.answer_html(qa.Answer("How many?", (one,)))
    assert "<strong class='qa-short'>&lt;b&gt;10,000&lt;/b&gt;</strong> — North" in shown
    assert "<b>" not in shown  # escaped everywhere
    card = page.passage(one)
    assert "<mark class='qa-sentence'>North Korea sent <strong class='qa-short'>" in card
    article = qa.Article(source="x<b>.txt", title="T", text=text)
    viewer = page.article_html(article, one.to_json())
    assert "<strong class='qa-short'>&lt;b&gt;10,000&lt;/b&gt;</strong>" in viewer


def test_without_an_exact_answer_the_reply_leads_with_the_sentence():
    one = hit("North Korea sent soldiers.", (0, 26))
    shown = page.answer_html(qa.Answer("Why?", (one,)))
    assert "qa-short" not in shown and '<p class="qa-lead">North Korea sent soldiers.</p>' in shown
