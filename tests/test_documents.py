"""HTML articles and front matter: the text indexed, the metadata cited, exact offsets."""

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
from qa.config import ROOT, Config
from qa.documents import read_article
from qa.sources import chunk_file

from .conftest import run_cli

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
    from qa.documents import title_from

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
    from qa.page import answer_html, link

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
    from qa.adding import remove_source

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
