"""Fetching one web page for `qa add URL`, the product's only network access: http(s) at
every hop, redirects included; within a size limit counted after decompression; and
within one deadline for everything (connecting, the headers, the body, every redirect).

Why a watchdog: httpx's timeouts bound each read, not a response. A server that sent a
header byte every 5 s kept `qa add` waiting 156 s under a 60 s deadline, which was only
checked between chunks of the body. So the socket of the connection in use is shut down
when the deadline comes, wherever the request is waiting (httpcore's `trace` extension
hands over each connection's stream).

Why decompress here: httpx inflates a gzip body a network chunk at a time with no limit
on what comes out, and 64 KB of a gzip bomb is 64 MB of zeros: a 10 MB cap peaked at
~144 MB (python -m benchmarks.fetching). zlib's max_length keeps the output within the
cap as it arrives; only gzip and deflate are asked for (Accept-Encoding).
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass

from qa.core.errors import QAError, SeedsError

REDIRECTS = 5
KINDS = ("text/html", "application/xhtml+xml", "text/plain")
_GZIP_OR_ZLIB = zlib.MAX_WBITS | 32  # either header, told by the first bytes
STEP = 2**16  # bytes inflated at a time


@dataclass(frozen=True)
class Fetched:
    url: str  # where the page was found, after redirects
    kind: str  # its media type: one of KINDS
    charset: str  # as the server declared it; "" when it did not
    body: bytes  # decompressed, at most the limit asked for


def fetch(url: str, max_bytes: int, timeout: float, deadline: float) -> Fetched:
    """The page at `url`: SeedsError when it is not one, is larger than `max_bytes`, or
    has not wholly arrived within `deadline` seconds (no wait for a byte longer than
    `timeout`); QAError when it cannot be fetched."""
    import httpx

    headers = {"User-Agent": "ask-the-article", "Accept-Encoding": "gzip, deflate"}
    try:
        with _Watchdog(deadline) as clock, httpx.Client(headers=headers) as client:
            for _ in range(REDIRECTS + 1):
                target = checked(url)
                wait = httpx.Timeout(max(0.01, min(timeout, clock.left())))
                ask = dict(timeout=wait, extensions={"trace": clock.trace})
                with client.stream("GET", target, **ask) as response:
                    if response.is_redirect:
                        url = str(response.url.join(response.headers.get("location", "")))
                        clock.check(url)
                        continue
                    response.raise_for_status()
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind not in KINDS:
                        raise SeedsError(f"{url} is {kind or 'of no stated type'}, not a web page")
                    body = _body(response, url, max_bytes, clock)
                    return Fetched(url, kind, response.charset_encoding or "", body)
            raise SeedsError(f"{url} redirects more than {REDIRECTS} times")
    except httpx.InvalidURL:
        raise SeedsError(f"{url} is not a valid address") from None
    except httpx.HTTPError as e:  # connection, timeout, HTTP status, protocol errors
        if clock.over():  # the watchdog cut it short
            raise clock.late(url) from None
        raise QAError(f"could not fetch {url}: {_why(e)}") from None


def checked(url: str) -> str:
    """The URL, if it is http(s) with a host (at every hop: a redirect to ftp:// or
    file:// is refused); SeedsError otherwise."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, _ = parts.hostname, parts.port  # the port raises ValueError when malformed
    except ValueError:
        raise SeedsError(f"{url} is not a valid address") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise SeedsError(f"{url}: only http and https pages can be added")
    return url


def too_large(what: str, max_bytes: int) -> SeedsError:
    return SeedsError(f"{what} is over the {max_bytes / 2**20:.3g} MB limit")


def _body(response, url: str, max_bytes: int, clock: _Watchdog) -> bytes:
    """The body as it arrives, inflated when it is compressed, refused as soon as it
    exceeds `max_bytes` (what arrived, or what it inflates to) or the deadline passes."""
    coding = response.headers.get("content-encoding", "").strip().lower()
    if coding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise SeedsError(
            f"{url} came {coding}-encoded, which qa add does not read; save the page from "
            "a browser and add the file"
        )
    inflater = zlib.decompressobj(_GZIP_OR_ZLIB) if coding not in ("", "identity") else None
    data, arrived = bytearray(), 0
    try:
        for chunk in response.iter_raw():
            arrived += len(chunk)
            if inflater is None:
                data += chunk
            else:
                try:
                    _inflate(inflater, chunk, data, max_bytes)
                except zlib.error:
                    if coding != "deflate" or data or arrived > len(chunk):
                        raise
                    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # deflate sent raw
                    _inflate(inflater, chunk, data, max_bytes)
            if len(data) > max_bytes or arrived > max_bytes:
                raise too_large(url, max_bytes)
            clock.check(url)
        # the watchdog's cut ends a body that runs until the connection closes as if it
        # were complete: a page cut short is refused, never saved
        clock.check(url)
        if inflater is not None:
            data += inflater.flush()
    except zlib.error as e:
        raise SeedsError(f"{url} sent a damaged {coding} body ({e}); try again later") from None
    if len(data) > max_bytes:
        raise too_large(url, max_bytes)
    return bytes(data)


def _inflate(inflater, chunk: bytes, data: bytearray, max_bytes: int) -> None:
    """Inflate `chunk` onto `data`, STEP bytes at a time, stopping one byte past
    `max_bytes`: whatever the ratio, the memory held is the limit and one step."""
    while len(data) <= max_bytes:
        asked = min(STEP, max_bytes + 1 - len(data))
        out = inflater.decompress(chunk, asked)
        data += out
        chunk = inflater.unconsumed_tail
        if len(out) < asked and not chunk:  # all in, all out
            return


class _Watchdog:
    """The deadline of one fetch: `left()` seconds to go; when they run out, the socket
    of the connection in use is shut down, which ends any read or write waiting on it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._ends = time.monotonic() + seconds
        self._stream = None
        self._was_cut = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *_) -> None:
        self._timer.cancel()

    def left(self) -> float:
        return self._ends - time.monotonic()

    def over(self) -> bool:
        return self._was_cut or self.left() <= 0

    def late(self, url: str) -> SeedsError:
        return SeedsError(f"{url} took over {self.seconds:.0f} s to arrive; try again later")

    def check(self, url: str) -> None:
        if self.over():
            raise self.late(url)

    def trace(self, event: str, info: dict) -> None:
        """httpcore's trace callback: each new connection's stream (once TLS wraps it,
        that one), so that the watchdog can cut it."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._stream = info.get("return_value")
            if self.left() <= 0:  # connected just as the time ran out
                self._cut()

    def _cut(self) -> None:
        with self._lock:
            stream, self._was_cut = self._stream, True
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # closed already: the request is over
                pass


def _why(e: Exception) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:200]
