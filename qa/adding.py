"""`python -m qa add URL|FILE`: put one article into the seeds folder (and take one out:
`remove_source`, for the page's delete button).

A URL is fetched only here, by this explicit command (the product is offline
otherwise): http(s) only, a size limit, HTML or text only. The page is saved as it
came, as `<name>.html`; when it names no canonical URL, the one it was fetched from is
added as its canonical link, so citations can link to it. A file is copied in. An
article already in the folder with the same content is not added twice.
"""

from __future__ import annotations

import http.client
import re
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import QAError, SeedsError
from .sources import SUFFIXES
from .store import file_sha256

_HEAD = re.compile(rb"<head[^>]*>", re.I)
_CANONICAL = re.compile(rb"<link[^>]+rel=[\"']?canonical|property=[\"']og:url", re.I)


def add_source(what: str, seeds_dir: Path, max_bytes: int, timeout: float = 30.0) -> Path:
    """Save a page or copy a file into `seeds_dir`; returns where it is (an existing
    file with the same content, if there is one)."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", what):
        data, name = _fetch(what, max_bytes, timeout)
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
            data, name = path.read_bytes(), path.name
        except OSError as e:
            raise SeedsError(f"cannot read {path.name}: {e.strerror}") from None
    return save_source(seeds_dir, name, data)


def _fetch(url: str, max_bytes: int, timeout: float) -> tuple[bytes, str]:
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise SeedsError(f"{url} is not a valid address") from None
    if parts.scheme not in ("http", "https") or not host:
        raise SeedsError(f"{url}: only http and https pages can be added")
    # non-ASCII and spaces in the path or query, as a browser would send them
    safe = parts._replace(
        netloc=parts.netloc.encode("idna").decode("ascii")
        if not parts.netloc.isascii()
        else parts.netloc,
        path=urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=~"),
        query=urllib.parse.quote(parts.query, safe="=&%:/?+,;~"),
    )
    request = urllib.request.Request(
        urllib.parse.urlunsplit(safe), headers={"User-Agent": "ask-the-article"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                raise SeedsError(f"{url} is {kind}, not a web page")
            data = response.read(max_bytes + 1)
    except (OSError, ValueError, http.client.HTTPException) as e:  # URLError, timeouts,
        # HTTP errors, bad status lines, truncated bodies, addresses urllib refuses
        raise QAError(f"could not fetch {url}: {getattr(e, 'reason', e)}") from None
    if len(data) > max_bytes:
        raise SeedsError(f"{url} is over the {max_bytes / 2**20:.0f} MB limit")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname}{parts.path}").strip("-")
    if kind == "text/plain":
        return data, f"{stem[:80] or 'page'}.txt"
    if not _CANONICAL.search(data):  # keep where it came from, for the citation's link
        tag = b'<link rel="canonical" href="' + _attr(url) + b'">'
        head = _HEAD.search(data)
        data = data[: head.end()] + tag + data[head.end() :] if head else tag + data
    return data, f"{stem[:80] or 'page'}.html"


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
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        target, n = seeds_dir / name, 2
        while True:
            try:
                os.link(tmp, target)  # whole or not at all, and never over another file
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
