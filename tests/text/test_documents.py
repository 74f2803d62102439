"""HTML articles, front matter and sidecars: the text indexed, the metadata cited, exact
offsets."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qa
from qa.core.config import ROOT, Config
from qa.text.documents import read_article
from qa.text.sources import chunk_file, find_sources

from ..conftest import SEED, run_cli

PAGES = ROOT / "tests" / "pages"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The pages built into an index, as a user would have them."""
    root = tmp_path_factory.mktemp("pages")
    seeds = root / "seeds"
    shutil.copytree(PAGES, seeds)
    config = Config(seeds_dir=seeds, index_dir=root / "index")
    qa.build_index(config=config)
    return config


def _articles(config) -> dict:
    with (config.index_dir / "articles.jsonl").open(encoding="utf-8") as f:
        return {a["source"]: a for a in map(json.loads, f)}


def test_html_page_gives_the_article_without_boilerplate(site):
    raw = (PAGES / "elbe-floods.html").read_text(encoding="utf-8")
    text, article = read_article(PAGES / "elbe-floods.html", "elbe-floods.html", raw)
    assert "4,200 people" in text and "Meissen: 900 evacuated" in text
    for junk in ("Subscribe", "Reader42", "Cookie", "Advertisement", "document.write", "News"):
        assert junk not in text, junk
    assert article.title == "Floods force thousands from their homes in the Elbe valley"
    assert (article.published, article.author, article.site) == (
        "2024-09-16",
        "Anna Weber",
        "Elbe Herald",
    )
    assert article.url == "https://elbe-herald.example/2024/09/floods"


def test_hits_carry_the_metadata_and_offsets_into_the_stored_text(site):
    hit = qa.retrieve("How many people had to leave their homes?", 1, config=site)[0]
    assert hit.source == "elbe-floods.html" and "4,200" in hit.text
    stored = _articles(site)["elbe-floods.html"]["text"]
    assert stored[hit.start : hit.end] == hit.text
    assert (hit.title, hit.published, hit.author, hit.site) == (
        "Floods force thousands from their homes in the Elbe valley",
        "2024-09-16",
        "Anna Weber",
        "Elbe Herald",
    )
    assert hit.citation.startswith("Floods force thousands") and "2024-09-16" in hit.citation


def test_front_matter_is_metadata_never_text(site):
    hit = qa.retrieve("What rate did the central bank keep?", 1, config=site)[0]
    assert hit.source == "rates.md"
    raw = (PAGES / "rates.md").read_text(encoding="utf-8")
    assert raw[hit.start : hit.end] == hit.text  # offsets into the file itself
    assert (hit.title, hit.published, hit.author, hit.url) == (
        "Central bank holds rates as inflation cools",
        "2024-10-02",
        "Tom Lee",
        "https://rates.example/2024/10/hold",
    )
    for h in qa.retrieve("author Tom Lee url title", 5, config=site):
        assert "author:" not in h.text and "---" not in h.text


def test_a_first_line_heading_is_the_title(tmp_path):
    (tmp_path / "a.txt").write_text("Late header sends Northport into the final\n\nIt was 2-1.\n")
    (tmp_path / "b.txt").write_text("No title here. Just a sentence.\n")
    (tmp_path / "c.md").write_text("# Space probe sets off\n\nThe probe launched.\n")
    titles = {p.name: read_article(p, p.name, p.read_text())[1].title for p in tmp_path.iterdir()}
    assert titles == {
        "a.txt": "Late header sends Northport into the final",
        "b.txt": "No title here",  # no heading: its first sentence
        "c.md": "Space probe sets off",
    }


@pytest.mark.parametrize(
    "text, title",
    [
        ("North Korea sent 10,000 soldiers. More came.", "North Korea sent 10,000 soldiers"),
        (
            "Mr. Kim met U.S. officials in Washington. Talks went on.",
            "Mr. Kim met U.S. officials in Washington",
        ),
        ("\n\n  Leading space.  Then.", "Leading space"),
        ("word " * 40, "word " * 15 + "word…"),  # cut at a word, under 80 characters
        ("x" * 200, "x" * 79 + "…"),  # one long word: cut inside it
        ("", ""),
    ],
)
def test_an_article_without_a_title_is_titled_by_its_first_sentence(text, title):
    from qa.text.documents import title_from

    assert title_from(text) == title
    assert len(title_from(text)) <= 80


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2024-10-02", "2024-10-02"),
        ("2024-10-02T08:30:00+02:00", "2024-10-02T08:30:00+02:00"),
        ("16 September 2024", "2024-09-16"),
        ("Sept. 16, 2024", "2024-09-16"),
        ("not a date", ""),
        ("2024", ""),  # no month or day: not made up from today
        ("yesterday", ""),
    ],
)
def test_dates_in_front_matter_become_iso_8601(written, iso):
    raw = f"---\ndate: '{written}'\n---\nBody text here.\n"
    assert read_article(PAGES / "x.md", "x.md", raw)[1].published == iso


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    body=st.lists(
        st.text(alphabet="abcdefgh ijkl.,\n", min_size=1, max_size=80), min_size=1, max_size=4
    ),
)
def test_front_matter_offsets_stay_the_files(tmp_path, encoder, day, body):
    raw = f"---\ntitle: T\ndate: {day.isoformat()}\n---\n" + "\n\n".join(body)
    path = tmp_path / "x.md"
    path.write_text(raw, encoding="utf-8")
    found, why, article = chunk_file(path, "x.md", encoder.count_tokens)
    assert article is None or article.published == day.isoformat()
    for p in found:
        assert raw[p.start : p.end] == p.text and "title:" not in p.text


def test_json_and_the_page_carry_the_citation(site):
    out = run_cli(
        "ask", "How many people had to leave their homes?", "--index", site.index_dir, "--json"
    )
    row = json.loads(out.stdout.splitlines()[0])
    assert row["title"].startswith("Floods") and row["published"] == "2024-09-16"
    assert row["url"] == "https://elbe-herald.example/2024/09/floods" and row["author"]
    from qa.answering.page import answer_html, link

    page = answer_html(qa.answer("How many people had to leave their homes?", config=site))
    assert '<a href="https://elbe-herald.example/2024/09/floods"' in page
    assert "Floods force thousands" in page
    assert link("javascript:alert(1)") == "" and link("https://a.b/x(y)").endswith("%29")


def test_add_saves_a_page_from_a_url_and_a_file(tmp_path):
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    (tmp_path / "www").mkdir()
    page = (
        (PAGES / "elbe-floods.html")
        .read_text()
        .replace('<link rel="canonical" href="https://elbe-herald.example/2024/09/floods">', "")
        .replace(
            '<meta property="og:url" content="https://elbe-herald.example/2024/09/floods">', ""
        )
    )
    (tmp_path / "www" / "floods.html").write_text(page)
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www")
    )
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/floods.html"
    try:
        added = run_cli("add", url, "--seeds", seeds, "--index", index)
        assert added.returncode == 0, added.stderr
        again = run_cli("add", url, "--seeds", seeds, "--no-build")  # same content: not twice
    finally:
        server.shutdown()
    assert len(list(seeds.iterdir())) == 1 and again.returncode == 0
    hit = qa.retrieve(
        "How many were evacuated in Dresden?",
        1,
        index_dir=index,
        config=Config(seeds_dir=seeds, index_dir=index),
    )[0]
    assert hit.url == url  # the page named none: the address it came from
    copied = run_cli("add", PAGES / "rates.md", "--seeds", seeds, "--index", index)
    assert copied.returncode == 0 and (seeds / "rates.md").exists()
    bad = run_cli("add", "ftp://example.com/x", "--seeds", seeds)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_the_index_lists_articles_and_gives_each_whole(site):
    index = qa.Index.open(None, site)
    listed = index.articles()
    assert [a.source for a in listed] == ["rates.md", "elbe-floods.html"]  # newest first
    assert all(a.passages > 0 for a in listed)
    for question in ("What rate did the central bank keep?", "Who was evacuated in Meissen?"):
        hit = index.retrieve(question, 1)[0]
        assert index.article(hit.source).text[hit.start : hit.end] == hit.text
    with pytest.raises(qa.SeedsError):
        index.article("../../etc/passwd")


def test_remove_source_only_touches_articles_in_the_folder(tmp_path):
    from qa.building.adding import remove_source

    (tmp_path / "a.md").write_text("An article.\n")
    (tmp_path.parent / "outside.md").write_text("Not yours.\n")
    with pytest.raises(qa.SeedsError):
        remove_source("../outside.md", tmp_path)
    assert remove_source("a.md", tmp_path) and not (tmp_path / "a.md").exists()
    assert (tmp_path.parent / "outside.md").exists()


def test_a_page_that_is_a_bare_url_is_never_fetched(monkeypatch):
    """htmldate downloads a str that looks like a URL; a build must stay offline."""
    import htmldate.utils

    fetched = []
    monkeypatch.setattr(htmldate.utils, "fetch_url", lambda url, *a, **k: fetched.append(url))
    text, article = read_article(PAGES / "x.html", "x.html", "https://example.com/article\n")
    assert fetched == [] and article.published == ""


def test_empty_front_matter_is_no_text():
    text, article = read_article(PAGES / "x.md", "x.md", "---\n---\nBody text here.\n")
    assert "---" not in text and article.title == "Body text here"


# ---------------------------------------------------------------- sidecars: a title and date beside a file

HARBOUR = (
    "The harbour reopened on Thursday after three weeks of repairs, the port authority "
    "said. Ferries to the islands run every hour again.\n"
)


def _indexed(config) -> dict:
    return {a.source: a for a in qa.Index.open(config.index_dir, config).articles()}


def test_a_sidecar_titles_and_dates_a_plain_text_article_and_is_never_indexed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(HARBOUR)
    (seeds / "harbour.txt.meta.yaml").write_text(
        "title: Harbour reopens after repairs\ndate: 2024-12-04\nsite: Port News\n"
    )
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    summary = qa.build_index(config=config)
    assert summary.files == 1 and not summary.skipped, summary
    assert find_sources(seeds) == [seeds / "harbour.txt"]  # the sidecar is no article
    article = _indexed(config)["harbour.txt"]
    assert (article.title, article.published, article.site) == (
        "Harbour reopens after repairs",
        "2024-12-04",
        "Port News",
    )
    hit = qa.retrieve("How often do the ferries run?", 1, config=config)[0]
    assert hit.source == "harbour.txt" and hit.title == "Harbour reopens after repairs"
    assert "title:" not in hit.text and "Port News" not in hit.text
    assert (seeds / "harbour.txt").read_text() == HARBOUR  # the file keeps its bytes
    # the viewer still finds the very file that was indexed (its hash counts the sidecar)
    assert qa.Index.open(config.index_dir, config).article("harbour.txt").text == HARBOUR


def test_editing_or_removing_a_sidecar_makes_the_index_stale_and_the_build_rereads(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(HARBOUR)
    (seeds / "other.txt").write_text("The lighthouse keeper climbs ninety steps every night.\n")
    side = seeds / "harbour.txt.meta.yaml"
    side.write_text("title: Harbour reopens\n")
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    qa.build_index(config=config)
    assert qa.verify_index(config=config).stale == ""

    side.write_text("title: Harbour reopens after three weeks\ndate: 2024-12-04\n")
    stale = qa.verify_index(config=config).stale
    assert "harbour.txt" in stale and "other.txt" not in stale, stale
    rebuilt = qa.build_index(config=config)
    assert rebuilt.embedded == 1, rebuilt  # harbour.txt read again, other.txt kept
    article = _indexed(config)["harbour.txt"]
    assert (article.title, article.published) == ("Harbour reopens after three weeks", "2024-12-04")

    side.unlink()
    assert "harbour.txt" in qa.verify_index(config=config).stale
    qa.build_index(config=config)
    article = _indexed(config)["harbour.txt"]
    assert article.published == "" and article.title.startswith("The harbour reopened")


def test_a_sidecar_wins_over_front_matter_field_by_field(tmp_path, encoder):
    path = tmp_path / "rates.md"
    path.write_text("---\ntitle: Rates held\ndate: 2024-10-02\nauthor: Tom Lee\n---\nRates held.\n")
    (tmp_path / "rates.md.meta.yaml").write_text("title: Central bank holds rates\n")
    found, why, article = chunk_file(path, "rates.md", encoder.count_tokens)
    assert found and why == ""
    assert (article.title, article.published, article.author) == (
        "Central bank holds rates",  # the sidecar's
        "2024-10-02",  # the file's own, which the sidecar does not give
        "Tom Lee",
    )


@pytest.mark.parametrize(
    "sidecar, note",
    [
        ("- just\n- a list\n", "its sidecar is not a YAML mapping of title, date"),
        ("tags: [a, b]\n", "its sidecar is not a YAML mapping of title, date"),
        ("title: [unclosed\n", "its sidecar is not a YAML mapping of title, date"),
        ("a: &a [x]\ntitle: *a\n", "its sidecar uses YAML aliases"),
        ("date: 2024-02-30\n", "its sidecar's date “2024-02-30” is no full date: left out"),
        ("title: " + "x" * 20_000 + "\n", "its sidecar x.txt.meta.yaml is over 16 KB"),
    ],
)
def test_a_sidecar_the_build_cannot_use_is_left_out_with_a_note(tmp_path, encoder, sidecar, note):
    path = tmp_path / "x.txt"
    path.write_text(HARBOUR)
    (tmp_path / "x.txt.meta.yaml").write_text(sidecar)
    found, why, article = chunk_file(path, "x.txt", encoder.count_tokens)
    assert found, why  # the article itself is indexed
    assert why.startswith("note: x.txt: ") and note in why and "\n" not in why, why
    assert article.title.startswith("The harbour reopened") and article.published == ""


def test_a_sidecar_that_is_a_link_is_never_followed(tmp_path, encoder):
    outside = tmp_path / "secret.yaml"
    outside.write_text("title: Something from elsewhere\n")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text(HARBOUR)
    (seeds / "x.txt.meta.yaml").symlink_to(outside)
    found, why, article = chunk_file(seeds / "x.txt", "x.txt", encoder.count_tokens)
    assert found and "its sidecar x.txt.meta.yaml is a link" in why, why
    assert article.title != "Something from elsewhere"


def test_the_seed_article_has_a_headline_and_no_date():
    """The seed is a plain text file: its sidecar gives it a headline, and no date, which
    the article does not give (README: the page says "undated")."""
    from qa.encoders.embedding import get_encoder

    found, why, article = chunk_file(SEED, SEED.name, get_encoder().count_tokens)
    assert found and why == "", why
    assert article.title == (
        "North Korean troops in Kursk have suffered several hundred casualties, US says"
    )
    assert article.published == ""


def test_front_matter_is_read_up_to_its_limit_and_no_further():
    """A block of FRONT_BYTES characters is metadata; one more and it is text, with a
    note (the limit keeps YAML from reading a huge block; docs/robustness.md)."""
    from qa.text.documents import FRONT_BYTES, read_article_noting

    assert FRONT_BYTES == 16_384  # the documented 16 KB, written out

    def read(size: int):
        head = "title: The harbour reopened\n"
        block = head + "#" * (size - len(head))  # a YAML comment fills it up
        raw = f"---\n{block}\n---\nFerries to the islands run every hour again.\n"
        return read_article_noting(PAGES / "x.md", "x.md", raw)

    text, article, notes = read(FRONT_BYTES)
    assert article.title == "The harbour reopened" and not notes, (article.title, notes)
    assert "title:" not in text  # blanked: metadata, never indexed
    text, article, notes = read(FRONT_BYTES + 1)
    assert article.title != "The harbour reopened" and "title:" in text
    assert notes == ["its front matter is over 16 KB: read as text"], notes


# What front matter was, as a regular expression: `---`, YAML, `---`. Its lazy scan of a
# 10 MB file that never closed the block held the interpreter lock for a second; the
# reader now looks line by line, and must find the very same block.
_FRONT_AS_REGEX = r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)?---[ \t]*(?:\r?\n|\Z)"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["---", "---\n", "\n", "\r\n", "\r", " ", "\t", "-", "x", "title: a"]),
        max_size=14,
    ).map("".join)
)
def test_front_matter_is_found_as_the_regex_found_it(raw):
    import re

    from qa.text.documents import _front_block

    m = re.match(_FRONT_AS_REGEX, raw, re.S)
    assert _front_block(raw) == ((m.group(1) or "", m.end()) if m else None), raw
