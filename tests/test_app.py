"""The chat app: the real server on a free loopback port asked with
gradio_client, as a programmer would."""

import subprocess
import sys

import pytest

import qa
from qa.config import ROOT
from qa_web.server import host_warning, serve


def ask(url, question):
    from gradio_client import Client

    return Client(url, verbose=False).predict(question, api_name="/chat")


def test_app_answers_first_then_cites_its_sources(server):
    """/chat returns what the chat shows (HTML since issue 18): the answering sentence
    first, then a card per source; file, paragraph and score only under details."""
    reply = ask(server, "How many soldiers did North Korea send to Russia?")
    sentence = "North Korea is said to have sent 10,000 soldiers to Russia for support."
    assert reply.startswith(f'<div class="qa-reply"><p class="qa-lead">{sentence}</p>')
    assert '<details class="qa-details"><summary>Details</summary>000_3ae34f4a203fbd2d.txt' in reply
    assert "paragraph 1" in reply and "score" in reply


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
    assert "follow-up" in reply and "killed" in reply


def test_app_near_topic_shows_a_marked_weak_match(server):
    reply = ask(server, "How many tanks has China sent to Russia?")
    assert "do not mention tanks or China" in reply and "weak match, not an answer" in reply


def test_app_reports_bad_input_and_keeps_serving(server):
    assert "empty" in ask(server, "   ")
    assert "10,000" in ask(server, "How many soldiers did North Korea send?")


def test_app_keeps_answering_when_files_break_and_recovers_after_a_rebuild(running, server):
    import os

    index = running.log.parent / "index"
    (index / "passages.jsonl").unlink()
    reply = ask(server, "When was the defense pact signed?")
    assert "June" in reply and "Answering from memory" in reply and "python -m qa build" in reply
    qa.build_index(running.log.parent / "seeds", index, full=True)
    assert os.path.exists(index / "passages.jsonl")
    reply = ask(server, "When was the defense pact signed?")
    assert "June" in reply and "Answering from memory" not in reply


def test_loopback_by_default_and_a_warning_otherwise(running):
    assert qa.Config().host == "127.0.0.1"
    assert "listening on" not in running.log.read_text()
    assert host_warning("127.0.0.1") == ""
    assert "anyone who can reach this machine" in host_warning("0.0.0.0")


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


def test_app_date_bounds_leave_articles_out(server):
    from gradio_client import Client

    question = "How many tonnes of apples were picked?"  # orchard.html, 2024-09-16
    assert "40 tonnes" in Client(server, verbose=False).predict(question, api_name="/chat")
    bounded = Client(server, verbose=False).predict(question, "2024-10-01", "", api_name="/chat")
    assert "40 tonnes" not in bounded and "since 2024-10-01" in bounded
    # the undated articles were left out, and the reply says which and how many
    assert "articles have no date and were left out" in bounded


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
        assert "ninety" in reply and "keeper.md" in reply
    finally:
        rebuilder.remove(name)
        rebuilder.wait(120)
    assert "Index rebuilt: 2 articles" in rebuilder.status().message


def test_uploads_are_refused_for_a_shared_milvus_store():
    # checked before anything loads: the operator builds a shared store, never the page
    with pytest.raises(qa.ConfigError, match="--allow-upload needs the index folder"):
        serve(qa.Config(store="milvus:/nonexistent/qa.db"), allow_upload=True)


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
    # ~1.2 s of the app's start (qa_web.gradio_import.NoStubWriting). Plain Gradio writes the stub: if a
    # release stops doing so, this goes red and the finder can go.
    assert stub_written(tmp_path / "plain", "import gradio")
    # the way the app starts: the page is built (the index loads only when asked)
    assert not stub_written(
        tmp_path / "app", "import qa, qa_web.layout\nqa_web.layout.build_ui(qa.Config())"
    )
