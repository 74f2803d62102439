"""What a request to the page may be (ASGI middleware around Gradio's server; no Gradio
import): a body within limits, text a reply can carry, files only from the page's own
upload folder, events the page has. Whatever is refused gets an HTTP error with a
one-line body and one line in the log, never a traceback."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from qa.core.inputs import well_formed

log = logging.getLogger(__name__)

# The largest request body the page takes on any route but uploads: a question, its
# dates and Gradio's envelope fit in a few kilobytes (the chat's history stays on the
# server). A larger body is refused with HTTP 413 before it is read whole.
MAX_REQUEST_BYTES = 64 * 1024
# multipart headers and boundaries around an uploaded file
UPLOAD_OVERHEAD = 64 * 1024
# The routes that run one of the page's events by its number (fn_index).
EVENT_ROUTES = ("/gradio_api/queue/join", "/gradio_api/run/predict")
# A UTF-16 surrogate (U+D800-U+DFFF) as a JSON escape ("\ud800", what a browser sends)
# or as the bytes UTF-8 forbids (json.loads decodes them too): only then is a body made
# well-formed, for a lone one cannot be encoded into any reply (UTF-8, JSON).
SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


# What the client reads when Gradio could not serve its request (the log has the why).
NOT_SERVED = {
    404: "no such endpoint: the page's API is listed at /gradio_api/info",
    500: "this request could not be served; the server log says why",
}


class Refused(Exception):
    """A request the page does not take: its status and its one line."""

    def __init__(self, status: int, why: str):
        super().__init__(why)
        self.status = status


@dataclass(frozen=True)
class Gate:
    """What the page takes: body sizes, where uploaded files live (Gradio's upload
    folder), the inputs of each event ("file" for a file input, "" for any other), and
    the exceptions Gradio raises for a request it cannot route (→ HTTP status)."""

    limit: int = MAX_REQUEST_BYTES
    upload_limit: int = 0
    upload_folder: str = ""
    events: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    refusals: Mapping[type, int] = field(default_factory=dict)


class BodyLimit:
    """ASGI middleware: the `Gate`'s checks on every HTTP request. Uploads (…/upload) are
    counted as they stream in; any other body is read whole first (it is small) and, when
    it is JSON, checked: lone surrogates replaced by U+FFFD, files and events checked.
    Exceptions that escape Gradio's routes (an unknown endpoint) become one line."""

    def __init__(self, app, gate: Gate):
        self.app, self.gate = app, gate

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            if scope["path"].endswith("/upload"):
                await self._upload(scope, receive, watched)
            else:
                scope, receive = await self._checked(scope, receive)
                await self.app(scope, receive, watched)
        except Refused as e:
            log.warning("refused %s: %s", _request(scope), e)
            if not started:
                await _answer(send, e.status, str(e))
        except Exception as e:  # Gradio's own error for a request it cannot serve
            status = next((s for t, s in self.gate.refusals.items() if isinstance(e, t)), 500)
            line = " ".join(f"{type(e).__name__}: {e}".split())[:300]
            log.warning("refused %s: %s", _request(scope), line)
            log.debug("the refused request's traceback", exc_info=True)  # at -v only
            if not started:
                await _answer(send, status, NOT_SERVED.get(status, NOT_SERVED[500]))
            else:
                await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _checked(self, scope, receive):
        """The whole body (within the limit), checked; the scope and a receive that
        replays it."""
        limit = self.gate.limit
        if _declared(scope) > limit:
            raise Refused(413, f"request body over {limit:,} bytes")
        parts, size, more = [], 0, True  # joined once: a body in 1-byte chunks stays linear
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return scope, _replay(message, receive)  # the client went away
            parts.append(message.get("body", b""))
            size += len(parts[-1])
            more = message.get("more_body", False)
            if size > limit:
                raise Refused(413, f"request body over {limit:,} bytes")
        body = b"".join(parts)
        fixed = self._inspected(scope, body)
        if fixed is not body:
            headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
            scope = {**scope, "headers": [*headers, (b"content-length", b"%d" % len(fixed))]}
        return scope, _replay({"type": "http.request", "body": fixed}, receive)

    def _inspected(self, scope, body: bytes) -> bytes:
        """The body as the app gets it: Refused if it asks for what the page does not
        do; re-encoded only when it held a surrogate."""
        if body.lstrip()[:1] not in (b"{", b"["):
            return body
        try:
            data = json.loads(body)
        except ValueError:
            return body  # not JSON: the app answers that itself
        if scope["path"] in EVENT_ROUTES and isinstance(data, dict):
            self._event(data)
        for value in _dicts(data):
            meta = value.get("meta")
            if isinstance(meta, dict) and meta.get("_type") == "gradio.FileData":
                self._file(value)
        if not SURROGATE.search(body):
            return body
        cleaned = _well_formed(data)
        return body if cleaned == data else json.dumps(cleaned, ensure_ascii=False).encode()

    def _event(self, data: dict) -> None:
        fn = data.get("fn_index")
        kinds = self.gate.events.get(fn) if isinstance(fn, int) else None
        if kinds is None:
            raise Refused(404, f"the page has no event {fn!r}")
        values = data.get("data")
        if not isinstance(values, list) or len(values) < len(kinds):
            raise Refused(400, f"event {fn} takes {len(kinds)} inputs")
        for kind, value in zip(kinds, values):
            if kind == "file" and value is not None:
                if not isinstance(value, dict) or "meta" not in value:
                    raise Refused(400, f"event {fn} takes a file uploaded to the page")
                self._file(value)

    def _file(self, value: dict) -> None:
        """A file named in a request must be one uploaded to this page (Gradio's upload
        folder): never /etc/passwd, a path climbing out with "..", or a URL."""
        path, folder = value.get("path"), self.gate.upload_folder
        inside = isinstance(path, str) and os.path.isabs(path) and bool(folder)
        if inside:  # Gradio reads the path as given: resolved, it must stay in the folder
            real = os.path.realpath(path)
            inside = os.path.commonpath([real, folder]) == folder and real != folder
        if not inside:
            raise Refused(403, "only files uploaded to this page can be used")

    async def _upload(self, scope, receive, send) -> None:
        """An upload, counted as it arrives (a chunked body says nothing beforehand)."""
        limit = self.gate.upload_limit
        if _declared(scope) > limit:
            raise Refused(413, f"request body over {limit:,} bytes")
        seen, started = 0, False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    return {"type": "http.disconnect"}  # the app stops reading
            return message

        async def held(message):
            nonlocal started
            if seen > limit:
                return  # the 413 below answers instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, held)
        if seen > limit and not started:
            raise Refused(413, f"request body over {limit:,} bytes")


def _request(scope) -> str:
    """The request, for one line of the log: its path may hold a newline (%0A)."""
    return " ".join(f"{scope['method']} {scope['path']}".split())[:200]


def _declared(scope) -> int:
    """The Content-Length, 0 when there is none; an unreadable one is over any limit."""
    declared = dict(scope.get("headers") or ()).get(b"content-length")
    if declared is None:
        return 0
    return int(declared) if declared.isdigit() else 1 << 62


def _replay(first: dict, receive):
    """A receive that gives `first`, then whatever the client sends next (a disconnect:
    streaming responses listen for it)."""
    pending = [first]

    async def replayed():
        return pending.pop() if pending else await receive()

    return replayed


def _dicts(value):
    """Every dict inside a JSON value, outermost first."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            yield v
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def _well_formed(value):
    if isinstance(value, str):
        return well_formed(value)
    if isinstance(value, list):
        return [_well_formed(v) for v in value]
    if isinstance(value, dict):
        return {well_formed(k): _well_formed(v) for k, v in value.items()}
    return value


async def _answer(send, status: int, line: str) -> None:
    body = line.encode()
    headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
