"""The chat app: formatting, and the real server on a free loopback port asked with
gradio_client, as a programmer would."""

import html
import re
import subprocess
import sys

import pytest

import qa
from qa.config import ROOT

from .conftest import HOSTILE

sys.path.insert(0, str(ROOT))
import app  # noqa: E402


def test_format_escapes_html_and_markdown():
    hit = qa.Hit(
        text=HOSTILE,
        source="x<b>.txt",
        paragraph=1,
        section="# Sec",
        start=0,
        end=len(HOSTILE),
        score=0.5,
        answer_start=HOSTILE.index("The submarine"),
        answer_end=len(HOSTILE),
    )
    out = app.format_answer(qa.Answer(question="q", hits=(hit,)))
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert\\(1\\)&gt;" in out
    assert "\\*\\*Pyongyang\\*\\*" in out and "\\[link\\]" in out
    assert "**The submarine fleet has twelve boats\\.**" in out  # the answer, in bold
    assert "paragraph 1" in out and "score 0.50" in out


def test_weak_match_is_marked_and_never_bold():
    weak = qa.Hit(
        text="North Korea sent 10,000 soldiers.",
        source="a.txt",
        paragraph=1,
        section="",
        start=0,
        end=33,
        score=0.6,
    )
    reply = qa.Answer(
        question="q",
        hits=(),
        message="The articles do not mention “China”.",
        missing=("China",),
        weak_match=weak,
    )
    out = app.format_answer(reply)
    assert out.startswith("The articles do not mention “China”\\.")
    assert "weak match, not an answer" in out and "10,000 soldiers" in out
    assert "**" not in out.replace("*Closest passage", "")


def ask(url, question):
    from gradio_client import Client

    return Client(url, verbose=False).predict(question, api_name="/chat")


def test_app_answers_with_citations_and_bold_sentence(server):
    reply = ask(server, "How many soldiers did North Korea send to Russia?")
    assert "000\\_3ae34f4a203fbd2d\\.txt" in reply and "paragraph 1" in reply
    assert "score" in reply
    assert "**North Korea is said to have sent 10,000 soldiers to Russia for support\\.**" in reply


def test_app_built_the_missing_index_at_start_and_said_so(running):
    log = running.log.read_text()
    assert "no index in" in log and "building the index now" in log
    assert "indexed 5 files" in log and "Traceback" not in log


def test_app_says_when_not_covered(server):
    assert "do not cover" in ask(server, "How do I bake bread?")


def test_app_shows_article_markup_as_text(server):
    reply = ask(server, "How many boats does the submarine fleet have?")
    assert "&lt;script&gt;" in reply and "<script>" not in reply and "<img" not in reply


def test_app_follow_up_uses_the_conversation(server):
    from gradio_client import Client

    client = Client(server, verbose=False)  # one client: one conversation on the server
    client.predict("How many soldiers did North Korea send?", api_name="/chat")
    reply = client.predict("How many of them were killed?", api_name="/chat")
    assert "follow\\-up" in reply and "killed" in reply


def test_app_near_topic_shows_a_marked_weak_match(server):
    reply = ask(server, "How many tanks has China sent to Russia?")
    assert "do not mention “tanks” or “China”" in reply and "weak match, not an answer" in reply


def test_app_reports_bad_input_and_keeps_serving(server):
    assert "empty" in ask(server, "   ")
    assert "10,000" in ask(server, "How many soldiers did North Korea send?")


def test_app_keeps_answering_when_files_break_and_recovers_after_a_rebuild(running, server):
    import os

    index = running.log.parent / "index"
    (index / "passages.jsonl").unlink()
    reply = ask(server, "When was the defense pact signed?")
    assert "June" in reply and "Answering from memory" in reply and "python \\-m qa build" in reply
    qa.build_index(running.log.parent / "seeds", index, full=True)
    assert os.path.exists(index / "passages.jsonl")
    reply = ask(server, "When was the defense pact signed?")
    assert "June" in reply and "Answering from memory" not in reply


def test_loopback_by_default_and_a_warning_otherwise(running):
    assert qa.Config().host == "127.0.0.1"
    assert "listening on" not in running.log.read_text()
    assert app.host_warning("127.0.0.1") == ""
    assert "anyone who can reach this machine" in app.host_warning("0.0.0.0")


def test_app_errors_show_no_machine_paths():
    assert app.public("no index in /srv/data/index; build it") == "no index in index; build it"


def test_gradio_serves_no_files_from_disk(server):
    import urllib.request
    from urllib.error import HTTPError

    for path in (
        "gradio_api/file=/etc/passwd",
        "file=/etc/passwd",
        f"gradio_api/file={ROOT / 'qa' / 'config.py'}",
    ):
        try:
            with urllib.request.urlopen(server + path, timeout=10) as r:
                body = r.read().decode("utf-8", "replace")
        except HTTPError as e:
            assert e.code in (403, 404), (path, e.code)
            continue
        assert "root:" not in body and "DEFAULT_MODEL" not in body, path


def test_uploads_are_refused_and_leave_no_file(running):
    """The chat takes no files, but Gradio accepts POSTs to /gradio_api/upload: a 50 MB
    file used to be accepted and kept. Every byte is refused now (HTTP 413)."""
    import httpx

    before = (
        sorted(p for p in running.uploads.rglob("*") if p.is_file())
        if running.uploads.exists()
        else []
    )
    for size in (2 * 2**20, 1):
        r = httpx.post(
            running.url + "gradio_api/upload", files={"files": ("big.bin", b"x" * size)}, timeout=60
        )
        assert r.status_code == 413, (size, r.status_code, r.text[:200])
    after = (
        sorted(p for p in running.uploads.rglob("*") if p.is_file())
        if running.uploads.exists()
        else []
    )
    assert after == before  # nothing written, nothing left behind


def _source(text: str, start: int, end: int, answer: tuple[int, int] | None) -> dict:
    hit = qa.Hit(
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
    return {**hit.to_json(), "citation": hit.citation}


def _marked(page: str, css_class: str) -> str:
    """The text inside <mark class=css_class>…</mark>, other tags dropped, unescaped."""
    inner = page.split(f'<mark class="{css_class}">', 1)[1]
    depth, out = 1, []
    for token in re.split(r"(<mark[^>]*>|</mark>)", inner):
        depth += token.startswith("<mark") - (token == "</mark>")
        if depth == 0:
            break
        out.append(token if not token.startswith("<") else "")
    return html.unescape("".join(out))


def test_viewer_marks_passage_and_sentence_at_their_exact_offsets():
    text = "Intro line.\n\n" + HOSTILE + "\n\nA last paragraph <b>bold</b>.\n"
    start = text.index("<script>")
    end = start + len(HOSTILE)
    sentence = (text.index("The submarine"), end)
    page = app.article_html(
        qa.Article(source="x.md", text=text), _source(text, start, end, sentence)
    )
    assert _marked(page, "passage") == HOSTILE
    assert _marked(page, "answer") == "The submarine fleet has twelve boats."
    # everything the article says is escaped: only our own tags are tags
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    body = page.split("<div class='qa-text'>", 1)[1]
    assert html.unescape(re.sub(r"</?mark[^>]*>|</div></article>", "", body)) == text


def test_viewer_marks_nothing_when_the_article_changed_since_the_answer():
    text = "North Korea sent 10,000 soldiers. Then more came."
    stale = _source("Something else entirely, longer than before.", 0, 20, (0, 10))
    page = app.article_html(qa.Article(source="x.md", text=text), stale)
    assert "<mark" not in page and "has changed since this answer" in page
    assert "North Korea sent 10,000 soldiers." in page


def test_viewer_heading_links_only_http_urls_and_escapes_metadata():
    article = qa.Article(
        source="a.html",
        title='Floods <img src=x onerror="alert(1)">',
        published="2024-09-16T08:30:00+02:00",
        author="Anna & Co",
        url="javascript:alert(1)",
        text="Text.",
    )
    page = app.article_html(article)
    assert "<img" not in page and "href" not in page and "2024-09-16 · Anna &amp; Co" in page
    linked = app.article_html(qa.Article(source="a.html", title="T", url="https://x.example/a"))
    assert 'href="https://x.example/a"' in linked and 'rel="noopener noreferrer"' in linked


def test_source_and_article_labels():
    text = "North Korea sent 10,000 soldiers. Then more came."
    covered = [_source(text, 0, len(text), (0, 33)), _source(text, 34, len(text), None)]
    assert [v for _, v in app.source_choices(covered)] == [0, 1]
    assert app.source_choices(covered)[0][0] == "1. x.md, paragraph 1"
    weak = app.source_choices([{**_source(text, 0, 10, None), "weak": True}])
    assert weak[0][0].startswith("Closest passage (not an answer)")
    assert app.citation_text(covered[0]) == "x.md, paragraph 1, characters 0–49"
    titled = qa.Article(source="r.md", title="Rates", published="2024-10-02", passages=1)
    assert app.article_line(titled) == "Rates · 2024-10-02 · 1 passage"
    assert app.article_line(qa.Article(source="000.txt", passages=7)) == "000.txt · 7 passages"


def test_app_date_bounds_leave_articles_out(server):
    from gradio_client import Client

    question = "How many tonnes of apples were picked?"  # orchard.html, 2024-09-16
    assert "40 tonnes" in Client(server, verbose=False).predict(question, api_name="/chat")
    bounded = Client(server, verbose=False).predict(question, "2024-10-01", "", api_name="/chat")
    assert "40 tonnes" not in bounded and "since 2024\\-10\\-01" in bounded


def test_app_a_bad_date_is_one_line(server):
    from gradio_client import Client

    reply = Client(server, verbose=False).predict("Apples?", "", "2024-02-30", api_name="/chat")
    assert reply.startswith("⚠️") and "2024\\-02\\-30" in reply and "\n" not in reply


def _components(url: str) -> list[dict]:
    import httpx

    return httpx.get(url + "config", timeout=30).json()["components"]


def test_no_upload_or_delete_controls_without_the_flag(server, uploading):
    def controls(url):
        return {
            c["props"].get("elem_id")
            for c in _components(url)
            if c["type"] in ("file", "button", "dropdown")
        }

    assert not {"upload", "delete"} & controls(server)
    assert {"upload", "delete"} <= controls(uploading.url)


def test_with_the_flag_uploads_are_limited_to_max_file_mb(uploading):
    import httpx

    url = uploading.url + "gradio_api/upload"
    big = httpx.post(url, files={"files": ("big.md", b"x" * (2 * 2**20))}, timeout=60)
    assert big.status_code == 413  # QA_MAX_FILE_MB=1 in the fixture
    small = httpx.post(url, files={"files": ("small.md", b"A small article.")}, timeout=60)
    assert small.status_code == 200, small.text[:200]


def test_the_index_reloads_when_articles_change_under_the_running_app(uploading):
    """What the page's upload does, minus the browser: the article lands in the seeds
    folder, a rebuild runs, and the running app answers from it without a restart."""
    import time

    from gradio_client import Client

    from qa.manage import Rebuilder

    question = "How many steps does the lighthouse have?"
    assert "ninety" not in Client(uploading.url, verbose=False).predict(question, api_name="/chat")
    config = qa.Config(seeds_dir=uploading.seeds, index_dir=uploading.log.parent / "index")
    source = uploading.log.parent / "keeper.md"
    source.write_text("The lighthouse has ninety steps, the keeper said.\n")
    rebuilder = Rebuilder(config)
    name = rebuilder.add(source, source.name)
    rebuilder.wait(120)
    assert "Index rebuilt: 3 articles" in rebuilder.status().message
    try:
        deadline = time.monotonic() + 30
        while True:  # the app notices the new manifest on its next question
            reply = Client(uploading.url, verbose=False).predict(question, api_name="/chat")
            if "ninety" in reply or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert "ninety" in reply and "keeper\\.md" in reply
    finally:
        rebuilder.remove(name)
        rebuilder.wait(120)
    assert "Index rebuilt: 2 articles" in rebuilder.status().message


def test_uploads_are_refused_for_a_shared_milvus_store():
    # checked before anything loads: the operator builds a shared store, never the page
    with pytest.raises(qa.ConfigError, match="--allow-upload needs the index folder"):
        app.serve(qa.Config(store="milvus:/nonexistent/qa.db"), allow_upload=True)


def test_urls_in_article_text_are_not_links_and_notes_name_no_machine_path():
    assert "https\\:" in app.escape("see https://example.com/a")
    reply = qa.Answer(
        question="q", hits=(), message="m", notes=("the index in /srv/x/index broke",)
    )
    assert "/srv/" not in app.format_answer(reply)


# A component class defined outside Gradio: Gradio's stub writer puts a .pyi beside it.
SHOUT = "import gradio as gr\n\n\nclass Shout(gr.Textbox):\n    pass\n"


def stub_written(folder, importer: str) -> bool:
    """Imports Gradio the given way in a fresh process, then defines a component class in
    `folder`; True when Gradio wrote that class's .pyi stub beside it."""
    folder.mkdir()
    (folder / "shout.py").write_text(SHOUT)
    script = (
        f"import sys\nsys.path[:0] = [{str(ROOT)!r}, {str(folder)!r}]\n{importer}\nimport shout\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=folder, timeout=120)
    return (folder / "shout.pyi").exists()


def test_the_app_imports_gradio_without_its_stub_writing(tmp_path):
    # ~1.2 s of the app's start (app.NoStubWriting). Plain Gradio writes the stub: if a
    # release stops doing so, this goes red and the finder can go.
    assert stub_written(tmp_path / "plain", "import gradio")
    # the way the app starts: the page is built (the index loads only when asked)
    assert not stub_written(tmp_path / "app", "import app, qa\napp.build_ui(qa.Config())")
