"""`python -m qa add URL|FILE`: put one article into the seeds folder (and take one out:
`remove_source`, for the page's delete button).

A URL is fetched only here, by this explicit command (the product is offline
otherwise): http(s) only, a size limit, HTML or text only. The page is saved as it
came, as `<name>.html`; when it names no canonical URL, the one it was fetched from is
added as its canonical link, so citations can link to it. A file is copied in. An
article already in the folder with the same content is not added twice.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from .errors import QAError, SeedsError
from .sources import SUFFIXES, decode_page
from .store import file_sha256, fsync

_HEAD = re.compile(rb"<head[^>]*>", re.I)
_CANONICAL = re.compile(rb"<link[^>]+rel=[\"']?canonical|property=[\"']og:url", re.I)


def add_source(
    what: str, seeds_dir: Path, max_bytes: int, timeout: float = 30.0, deadline: float = 60.0
) -> Path:
    """Save a page or copy a file into `seeds_dir`; returns where it is (an existing
    file with the same content, if there is one). A page must arrive within `deadline`
    seconds in all, each read within `timeout`."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", what):
        data, name = _fetch(what, max_bytes, timeout, deadline)
    else:
        path = Path(what).expanduser()
        if not path.is_file():
            raise SeedsError(f"{what} is neither a file nor an http(s) URL")
        if path.suffix.lower() not in SUFFIXES:
            raise SeedsError(
                f"{path.name}: only {', '.join(SUFFIXES)} files are articles; save it as one"
            )
        if path.stat().st_size > max_bytes:
            raise SeedsError(f"{path.name} is over the {max_bytes / 2**20:.0f} MB limit")
        try:
            data, name = path.read_bytes(), path.name.lstrip(".") or f"article{path.suffix}"
        except OSError as e:
            raise SeedsError(f"cannot read {path.name}: {e.strerror}") from None
    return save_source(seeds_dir, name, data)


REDIRECTS = 5


def _fetch(url: str, max_bytes: int, timeout: float, deadline: float) -> tuple[bytes, str]:
    """The page at `url` (http or https at every hop, redirects included), as UTF-8, and
    a file name for it. httpx with the idna package reads international host names as
    browsers do (IDNA 2008: "faß.example" is not "fass.example")."""
    import time

    import httpx

    started = time.monotonic()
    try:
        with httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": "ask-the-article"}
        ) as client:
            for _ in range(REDIRECTS + 1):
                target = _checked(url)
                with client.stream("GET", target) as response:
                    if response.is_redirect:
                        url = str(response.url.join(response.headers.get("location", "")))
                        continue
                    response.raise_for_status()
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                        raise SeedsError(f"{url} is {kind or 'of no stated type'}, not a web page")
                    data = bytearray()
                    for chunk in response.iter_bytes():
                        data += chunk
                        if len(data) > max_bytes:
                            raise SeedsError(f"{url} is over the {max_bytes / 2**20:.0f} MB limit")
                        if time.monotonic() - started > deadline:
                            raise SeedsError(
                                f"{url} took over {deadline:.0f} s to arrive; try again later"
                            )
                    charset = response.charset_encoding or ""
                    break
            else:
                raise SeedsError(f"{url} redirects more than {REDIRECTS} times")
    except httpx.InvalidURL:
        raise SeedsError(f"{url} is not a valid address") from None
    except httpx.HTTPError as e:  # connection, timeout, HTTP status, protocol errors
        raise QAError(f"could not fetch {url}: {_why(e)}") from None
    parts = urllib.parse.urlsplit(url)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname}{parts.path}").strip("-")
    text = decode_page(bytes(data), charset)  # as declared by the server or the page
    if kind == "text/plain":
        return text.encode("utf-8"), f"{stem[:80] or 'page'}.txt"
    page = text.encode("utf-8")
    if not _CANONICAL.search(page):  # keep where it came from, for the citation's link
        tag = b'<link rel="canonical" href="' + _attr(url) + b'">'
        head = _HEAD.search(page)
        page = page[: head.end()] + tag + page[head.end() :] if head else tag + page
    return page, f"{stem[:80] or 'page'}.html"


def _checked(url: str) -> str:
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


def _why(e: Exception) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:200]


def _attr(url: str) -> bytes:
    return url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "%3C").encode()


def save_source(seeds_dir: Path, name: str, data: bytes) -> Path:
    """Write `data` into `seeds_dir` as `name` (as `name-2`… when taken), whole or not at
    all; an article the build reads with the same content is returned instead."""
    import hashlib
    import os
    import tempfile

    from .sources import find_sources

    seeds_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    for existing in find_sources(seeds_dir):  # the articles the build reads, nothing else
        if existing.stat().st_size == len(data) and file_sha256(existing) == digest:
            return existing  # already there
    fd, tmp = tempfile.mkstemp(prefix=".adding-", dir=seeds_dir)  # hidden: never indexed
    try:
        # mkstemp makes it private (0600); an article is as readable as the others
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # on disk before it is linked in: a crash keeps it whole
        target, n = seeds_dir / name, 2
        while True:
            try:
                os.link(tmp, target)  # whole or not at all, and never over another file
                fsync(seeds_dir)  # the new name on disk: it survives a power cut
                return target
            except FileExistsError:
                target = seeds_dir / f"{Path(name).stem}-{n}{Path(name).suffix}"
                n += 1
    finally:
        os.unlink(tmp)


def remove_source(source: str, seeds_dir: Path) -> Path:
    """Delete one article from the seeds folder (a build then drops its passages).
    `source` is its name relative to the folder; nothing outside the folder is touched."""
    root = seeds_dir.resolve()
    path = seeds_dir / source  # the entry itself: a link is removed, never its target
    where = path.parent.resolve() / path.name
    hidden = any(part.startswith(".") for part in Path(source).parts)
    if (
        root not in where.parents
        or hidden
        or not (path.is_file() or path.is_symlink())
        or path.suffix.lower() not in SUFFIXES
    ):
        raise SeedsError(f"{source} is not an article in {seeds_dir.name}/")
    path.unlink()
    return path
