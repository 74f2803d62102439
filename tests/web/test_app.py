"""The chat app: the real server on a free loopback port asked with
gradio_client, as a programmer would."""

import subprocess
import sys

import pytest

import qa
from qa.core.config import ROOT
from qa_web.server import host_warning, serve


def ask(url, question):
    from gradio_client import Client

    return Client(url, verbose=False).predict(question, api_name="/chat")


def test_app_answers_first_then_cites_its_sources(server):
    """/chat returns what the chat shows (HTML since issue 18): the answering sentence
    first, then a card per source; file, paragraph and score only under details."""
    reply = ask(server, "How many soldiers did North Korea send to Russia?")
    sentence = "North Korea is said to have sent 10,000 soldiers to Russia for support."
    short = "<strong class='qa-short'>10,000</strong>"  # the exact answer, then its sentence
    assert reply.startswith(f'<div class="qa-reply"><p class="qa-lead">{short} — {sentence}</p>')
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
    # named as the page labels the boxes, not by the program's own words ("until must…")
    assert "Published until must be a date like" in reply, reply
    swapped = Client(server, verbose=False).predict(
        "Apples?", "2024-10-01", "2024-09-01", api_name="/chat"
    )
    assert "Published since \\(2024\\-10\\-01\\) is after Published until" in swapped, swapped


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


# ---------------------------------------------------------------- refusals and limits at their edges


class Tab:
    """One browser tab, talking to the page as its script does: events by their
    function's name, bodies written as a browser's JSON.stringify writes them (ASCII,
    a lone surrogate as the escape "\\ud800")."""

    def __init__(self, url: str):
        import uuid

        import httpx

        self.url, self.session = url, uuid.uuid4().hex
        config = httpx.get(url + "config", timeout=30).json()
        self.events = {}
        for event in config["dependencies"]:  # the first of each name: the question box's
            self.events.setdefault(event["api_name"], event)

    def run(self, name: str, *data) -> tuple[int, object]:
        """One event: (HTTP status, its output or error) — or (0, what broke the stream)."""
        import json

        import httpx

        event = self.events[name]
        body = json.dumps(
            {"data": list(data), "fn_index": event["id"], "session_hash": self.session}
        ).encode()
        headers = {"content-type": "application/json"}
        path = "gradio_api/queue/join" if event["queue"] else "gradio_api/run/predict"
        r = httpx.post(self.url + path, content=body, headers=headers, timeout=60)
        if r.status_code != 200 or not event["queue"]:
            return r.status_code, r.json() if r.status_code == 200 else r.text
        stream = self.url + f"gradio_api/queue/data?session_hash={self.session}"
        try:
            with httpx.stream("GET", stream, timeout=120) as s:
                for line in s.iter_lines():
                    message = json.loads(line[5:]) if line.startswith("data:") else {}
                    if message.get("msg") == "process_completed":
                        return 200, message["output"]
        except httpx.HTTPError as e:  # the server could not encode what it had to send
            return 0, repr(e)
        return 0, "the stream ended without a result"

    def ask(self, question: str) -> tuple[str, str]:
        """A question typed and sent: (its bubble, the reply), as the chat shows them."""
        status, took = self.run("take", question, None)
        assert status == 200, (question, status, took)
        status, done = self.run("respond", None, None, "", "", None)
        assert status == 200 and "data" in done, (question, status, done)
        shown = done["data"][0]
        return shown[-2]["content"][0]["text"], shown[-1]["content"][0]["text"]


def log_after(app, start: int) -> str:
    """What the app wrote to its log since `start` characters."""
    return app.log.read_text()[start:]


def test_a_lone_surrogate_in_a_question_is_answered_and_the_tab_goes_on(running):
    """A browser's JSON can carry a lone surrogate, which no reply can encode: that
    question failed ("Error"), and so did every later one of the tab (its chat held it),
    with ~77 log lines each. Now it is U+FFFD in the bubble, and the question is read."""
    import httpx

    start = len(running.log.read_text())
    tab = Tab(running.url)
    bubble, reply = tab.ask("How many soldiers\ud800 did North Korea send to Russia?")
    assert "\ufffd" in bubble and "10,000" in reply, (bubble, reply)
    bubble, reply = tab.ask("When did the defense pact come into force?")
    assert "came into force" in reply, reply
    # an API route too: the JSON tool echoes the question
    body = b'{"data": ["How many soldiers\\ud800 did North Korea send?", 1, "", ""]}'
    call = running.url + "gradio_api/call/retrieve"
    r = httpx.post(call, content=body, headers={"content-type": "application/json"}, timeout=60)
    assert r.status_code == 200, r.text
    result = httpx.get(f"{call}/{r.json()['event_id']}", timeout=60).text
    assert "event: complete" in result and "10,000" in result, result[:500]
    added = log_after(running, start)
    assert "Traceback" not in added and "surrogates" not in added, added[-3000:]


def test_refused_requests_are_one_line_each_never_a_traceback(uploading):
    """A file the page never received (/etc/passwd, a path climbing out of the upload
    folder), a deletion outside the seeds folder, an API name the page lacks: each used
    to write a 24- to 68-line traceback to the log."""
    import httpx

    start = len(uploading.log.read_text())
    tab = Tab(uploading.url)
    got = httpx.post(
        uploading.url + "gradio_api/upload", files={"files": ("x.md", b"Ferries run.")}, timeout=60
    ).json()[0]  # a real upload, never added: its path is climbed out of below
    for path in ("/etc/passwd", got + "/../../../../../etc/passwd", "http://127.0.0.1:1/x.md"):
        data = {"path": path, "orig_name": "x.md", "meta": {"_type": "gradio.FileData"}}
        assert tab.run("add", data) == (403, "only files uploaded to this page can be used")
    status, done = tab.run("remove", "../x")
    assert status == 200 and "data" in done and done["data"][0].startswith("⚠️"), done
    for name in ("nosuch", "nosuch%0AWARNING: a forged second line"):
        missing = httpx.post(uploading.url + f"gradio_api/call/{name}", json={"data": []})
        assert missing.status_code == 404 and "\n" not in missing.text, missing.text
    # bad input to an agent's tool: an error event the agent reads, nothing in the log
    call = uploading.url + "gradio_api/call/retrieve"
    asked = httpx.post(call, json={"data": ["Ferries?", 0, "", ""]}, timeout=60).json()
    said = httpx.get(f"{call}/{asked['event_id']}", timeout=60).text
    assert "event: error" in said and "k must be a whole number" in said, said
    added = log_after(uploading, start)
    lines = added.splitlines()
    assert "Traceback" not in added and len(lines) == 6, added[-3000:]
    assert all(line.startswith("WARNING: refused") for line in lines), lines


def _json_body(size: int) -> bytes:
    """A /chat request of exactly `size` bytes (JSON ends in as much white space as it
    likes): refused only for its size, if at all."""
    import json

    body = json.dumps({"data": ["How many soldiers did North Korea send?", "", ""]}).encode()
    return body + b" " * (size - len(body))


def _post_chat(url: str, size: int, chunked: bool = False) -> int:
    import httpx

    body = _json_body(size)
    # an iterator: sent chunked, with no Content-Length (counted as it arrives)
    content = iter([body[i : i + 8192] for i in range(0, size, 8192)]) if chunked else body
    headers = {"content-type": "application/json"}
    r = httpx.post(url + "gradio_api/call/chat", content=content, headers=headers, timeout=60)
    return r.status_code


# the documented limit (docs/robustness.md), written out: a test that read the constant
# would move with it
REQUEST_LIMIT = 64 * 1024


def test_the_request_limit_holds_just_below_and_just_above_64_kib(running):
    for chunked in (False, True):
        assert _post_chat(running.url, REQUEST_LIMIT, chunked) == 200, chunked
        assert _post_chat(running.url, REQUEST_LIMIT + 1, chunked) == 413, chunked


def test_with_uploads_on_only_the_upload_route_takes_more(uploading):
    """The chat keeps its 64 KiB with --allow-upload; an article of exactly the upload
    limit (1 MB here: QA_MAX_FILE_MB=1) is taken, one byte more is not."""
    import httpx

    assert _post_chat(uploading.url, REQUEST_LIMIT) == 200
    assert _post_chat(uploading.url, REQUEST_LIMIT + 1) == 413
    assert _post_chat(uploading.url, 100 * 1024) == 413

    def upload(size: int) -> int:
        files = {"files": ("edge.md", b"x" * size)}
        return httpx.post(uploading.url + "gradio_api/upload", files=files, timeout=60).status_code

    assert upload(2**20) == 200 and upload(2**20 + 1) == 413
