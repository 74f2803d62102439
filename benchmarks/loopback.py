"""A web server on 127.0.0.1 that misbehaves on purpose, for `qa add`'s tests
(tests/building/test_adding.py) and its benchmark (benchmarks/fetching.py): each route writes raw
bytes to the socket, so a response can trickle its headers a byte at a time or carry a
gzip bomb, which http.server would not let it do."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Callable
from functools import cache

Route = Callable[[socket.socket], None]


class Loopback:
    """`with Loopback({"/path": route, ...}) as web:` serves each route at web.url(path);
    an unknown path gets a 404. A route that finds the client gone just ends."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes

        class Handler(socketserver.BaseRequestHandler):
            def handle(handler):  # noqa: N805 - the server's handler, not self
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = handler.request.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                path = request.split(b" ", 2)[1].decode("ascii", "replace")
                route = routes.get(path, lambda sock: respond(sock, b"", status="404 Not Found"))
                try:
                    route(handler.request)
                except OSError:  # the client hung up: what the test wanted, often
                    pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> Loopback:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_) -> None:
        self.server.shutdown()
        self.server.server_close()


def respond(
    sock: socket.socket,
    body: bytes,
    content_type: str = "text/html",
    headers: tuple[str, ...] = (),
    status: str = "200 OK",
) -> None:
    head = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}"]
    head += [f"Content-Length: {len(body)}", "Connection: close", *headers]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def page(body: bytes, content_type: str = "text/html", headers: tuple[str, ...] = ()) -> Route:
    return lambda sock: respond(sock, body, content_type, headers)


def redirect(to: str) -> Route:
    return lambda sock: respond(sock, b"", headers=(f"Location: {to}",), status="302 Found")


def trickle(every: float = 0.5, seconds: float = 30.0) -> Route:
    """A response whose headers never end: one more byte every `every` seconds, for up to
    `seconds` (each read returns within any per-read timeout, so only an overall
    deadline stops a client)."""
    return _dripping(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ", b"a", every, seconds
    )


def trickle_body(every: float = 0.5, seconds: float = 30.0) -> Route:
    """A page with no length, which ends when the connection closes, sent a paragraph
    every `every` seconds for `seconds`: a client that stops reading at its deadline
    and takes the end of the connection for the end of the page saves it cut short."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
    return _dripping(head, b"<p>The ferry runs every hour.</p>", every, seconds)


def _dripping(head: bytes, drop: bytes, every: float, seconds: float) -> Route:
    def route(sock: socket.socket) -> None:
        sock.sendall(head)
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            sock.sendall(drop)
            time.sleep(every)

    return route


@cache
def gzip_bomb(size: int) -> bytes:
    """A gzip body that inflates to `size` zero bytes (~1 KB per MB), made a MB at a time."""
    packer, block = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(2**20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    parts.append(packer.compress(bytes(size % len(block))))
    return b"".join([*parts, packer.flush()])


def gzipped(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def deflated(data: bytes, raw: bool = False) -> bytes:
    """HTTP's "deflate": zlib's format, or (as some servers send it) raw deflate."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15 if raw else 15)
    return packer.compress(data) + packer.flush()
