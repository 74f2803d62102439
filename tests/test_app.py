"""The chat app: formatting, and the real server on a free loopback port asked with
gradio_client, as a programmer would."""
import os
import shutil
import subprocess
import sys

import pytest

import qa
from qa.config import ROOT

from .conftest import SEED, free_port, wait_for_port

sys.path.insert(0, str(ROOT))
import app  # noqa: E402

HOSTILE = ("<script>alert(1)</script> Officials in **Pyongyang** shared a "
           "[link](http://example.com) and <img src=x onerror=alert(1)> about the submarine "
           "fleet. The submarine fleet has twelve boats.")


def test_format_escapes_html_and_markdown():
    hit = qa.Hit(text=HOSTILE, source="x<b>.txt", paragraph=1, section="# Sec", start=0,
                 end=len(HOSTILE), score=0.5, answer_start=HOSTILE.index("The submarine"),
                 answer_end=len(HOSTILE))
    out = app.format_answer(qa.Answer(question="q", hits=(hit,)))
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert\\(1\\)&gt;" in out
    assert "\\*\\*Pyongyang\\*\\*" in out and "\\[link\\]" in out
    assert "**The submarine fleet has twelve boats\\.**" in out  # the answer, in bold
    assert "paragraph 1" in out and "score 0.50" in out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from qa.build import build_index

    root = tmp_path_factory.mktemp("app")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds)
    (seeds / "hostile.md").write_text(HOSTILE)
    build_index(seeds, root / "index")
    port = free_port()
    env = dict(os.environ, QA_SEEDS_DIR=str(seeds), GRADIO_ANALYTICS_ENABLED="False")
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--index",
                             str(root / "index")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def ask(url, question):
    from gradio_client import Client

    return Client(url, verbose=False).predict(question, api_name="/chat")


def test_app_answers_with_citations_and_bold_sentence(server):
    reply = ask(server, "How many soldiers did North Korea send to Russia?")
    assert "000\\_3ae34f4a203fbd2d\\.txt" in reply and "paragraph 1" in reply
    assert "score" in reply
    assert "**North Korea is said to have sent 10,000 soldiers to Russia for support\\.**" in reply


def test_app_says_when_not_covered(server):
    assert "do not cover" in ask(server, "How do I bake bread?")


def test_app_shows_article_markup_as_text(server):
    reply = ask(server, "How many boats does the submarine fleet have?")
    assert "&lt;script&gt;" in reply and "<script>" not in reply and "<img" not in reply


def test_app_reports_bad_input_and_keeps_serving(server):
    assert "empty" in ask(server, "   ")
    assert "10,000" in ask(server, "How many soldiers did North Korea send?")
