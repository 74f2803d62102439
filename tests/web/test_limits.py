"""qa_web.limits: what a request to the page may be, checked on the middleware itself —
BodyLimit in front of a small ASGI app that records what reaches it (the whole page is
tested in test_app.py)."""

from __future__ import annotations

import asyncio
import json

from hypothesis import given
from hypothesis import strategies as st

import qa
from qa.core.inputs import clean_question
from qa_web.limits import BodyLimit, Gate

# Text of any characters, lone surrogates (category Cs) often among them: st.text
# leaves them out, and draws them rarely even when told.
ANY_CHAR = st.one_of(st.characters(categories=["Cs"]), st.characters(exclude_categories=()))


def any_text(max_size: int):
    return st.lists(ANY_CHAR, max_size=max_size).map("".join)


def through(body: bytes, gate: Gate = Gate(), path: str = "/gradio_api/call/chat"):
    """(the status sent back, what the app behind BodyLimit received: body, headers)."""
    got: dict = {}

    async def app(scope, receive, send):
        got["body"] = (await receive())["body"]
        got["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent, pending = [], [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return pending.pop() if pending else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    asyncio.run(BodyLimit(app, gate)(scope, receive, send))
    return sent[0]["status"], got


def mended(text: str, escaped: bool) -> str:
    """What the text means, well-formed: in JSON escapes ("\\ud83d\\ude00") a high and a
    low surrogate in a row are one character; every other surrogate (and any in UTF-8
    bytes) becomes U+FFFD, as a browser's TextEncoder makes it."""
    if escaped:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


@given(
    strings=st.lists(any_text(20), max_size=4),
    ascii_json=st.booleans(),
    space=st.sampled_from([b"", b" \r\n\t"]),  # JSON may open with white space
)
def test_every_string_a_request_brings_can_be_encoded(strings, ascii_json, space):
    """A browser escapes a lone surrogate ("\\ud800"); raw bytes that UTF-8 forbids
    decode to one too (json.loads is lenient): either way the app gets text that any
    reply can carry, unchanged where it was well-formed."""
    value = {"data": strings, "nested": {"k": strings[:1]}}
    body = space + json.dumps(value, ensure_ascii=ascii_json).encode("utf-8", "surrogatepass")
    status, got = through(body)
    assert status == 200, body
    received, want = json.loads(got["body"]), [mended(s, ascii_json) for s in strings]
    assert received == {"data": want, "nested": {"k": want[:1]}}
    json.dumps(received, ensure_ascii=False).encode("utf-8")  # strict: no surrogate left
    assert int(got["headers"][b"content-length"]) == len(got["body"])
    if strings == want:
        assert got["body"] == body  # nothing to mend: the very bytes sent


@given(any_text(60))
def test_a_cleaned_question_can_always_be_encoded(text):
    try:
        cleaned, _ = clean_question(text, 2000)
    except qa.QuestionError as e:  # only the one refusal: nothing readable is left
        assert "the question is empty" in str(e), (text, e)
        return
    cleaned.encode("utf-8")  # strict
    assert "\ufffd" not in cleaned and cleaned == cleaned.strip()
