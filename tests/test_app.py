"""The chat app: formatting, and the real server on a free loopback port asked with
gradio_client, as a programmer would."""

import sys

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
    assert "indexed 2 files" in log and "Traceback" not in log


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
