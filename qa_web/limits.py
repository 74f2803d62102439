"""Request bodies within limits: the page takes questions of a few kilobytes, and files
only where uploads are on (ASGI middleware around Gradio's server; no Gradio import)."""

from __future__ import annotations

# The largest request body the page takes on any route but uploads: a question, its
# dates and Gradio's envelope fit in a few kilobytes (the chat's history stays on the
# server). A larger body is refused with HTTP 413 before it is read whole.
MAX_REQUEST_BYTES = 64 * 1024
# multipart headers and boundaries around an uploaded file
UPLOAD_OVERHEAD = 64 * 1024


class BodyLimit:
    """ASGI middleware: every request body within a limit, else HTTP 413 — by its
    Content-Length before anything is read, or by counting as it arrives (a chunked
    body that says nothing). Uploads get the upload limit, every other route the small
    one."""

    def __init__(self, app, limit: int, upload_limit: int):
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.upload_limit if scope["path"].endswith("/upload") else self.limit
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _too_large(send, limit)
        seen, started = 0, False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    return {"type": "http.disconnect"}  # the app stops reading
            return message

        async def watched(message):
            nonlocal started
            if seen > limit:
                return  # the 413 below answers instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, watched)
        if seen > limit and not started:
            await _too_large(send, limit)


async def _too_large(send, limit: int) -> None:
    body = f"request body over {limit:,} bytes".encode()
    headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
