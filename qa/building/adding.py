"""`python -m qa add URL|FILE`: put one article into the seeds folder (and take one out:
`remove_source`, for the page's delete button).

A URL is fetched only here, by this explicit command (the product is offline
otherwise; fetching.py: http(s) only, a size limit, one deadline, HTML or text only).
The page is read as a browser reads it (sources.decode_page) and saved as UTF-8, as
`<name>.html`, its charset declaration saying so; when it names no canonical URL, the
one it was fetched from is added as its canonical link, so citations can link to it. A
file is copied in, under its own name made visible to the build. An article already in
the folder with the same content is not added twice.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from qa.text.charsets import DECLARED, codec_for
from qa.core.errors import SeedsError
from qa.building.fetching import fetch, too_large
from qa.text.sources import SUFFIXES, decode_page
from qa.core.store import file_sha256, fsync

# Only the start of a page is searched for its <head>, canonical link and charset (where
# they are; a browser reads the charset in the first 1,024 bytes), with bounded repeats:
# "<head" repeated over 400 KB took 31 s to search with the old unbounded patterns.
WINDOW = 2**18
_HEAD = re.compile(rb"<head(?:\s[^>]{0,2000})?>", re.I)
_CANONICAL = re.compile(
    rb"<link\s[^>]{0,2000}?rel\s*=\s*[\"']?canonical|property\s*=\s*[\"']?og:url", re.I
)


def add_source(
    what: str, seeds_dir: Path, max_bytes: int, timeout: float = 30.0, deadline: float = 60.0
) -> Path:
    """Save a page or copy a file into `seeds_dir`; returns where it is (an existing
    file with the same content, if there is one). A page must arrive within `deadline`
    seconds in all (redirects included), each read within `timeout`; what is saved is at
    most `max_bytes`, as the build reads no larger file."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", what):
        data, name = _page(what, max_bytes, timeout, deadline)
    else:
        path = Path(what).expanduser()
        if not path.is_file():
            raise SeedsError(f"{what} is neither a file nor an http(s) URL")
        name = seed_name(path.name)
        try:
            if path.stat().st_size > max_bytes:
                raise too_large(path.name, max_bytes)
            data = path.read_bytes()
        except OSError as e:
            raise SeedsError(f"cannot read {path.name}: {e.strerror}") from None
    return save_source(seeds_dir, name, data)


def seed_name(name: str) -> str:
    """The name a copied file gets in the seeds folder: its own, less the leading dots
    that would hide it from the build (".ferry.md" → "ferry.md"; a name that is only a
    suffix, "..md", → "article.md"); SeedsError unless it ends in an article's suffix."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in SUFFIXES:
        raise SeedsError(f"{name}: only {', '.join(SUFFIXES)} files are articles; save it as one")
    return f"{stem.lstrip('. ') or 'article'}.{suffix}"


def _page(url: str, max_bytes: int, timeout: float, deadline: float) -> tuple[bytes, str]:
    """The page at `url` as UTF-8 bytes to save, and a file name for it."""
    fetched = fetch(url, max_bytes, timeout, deadline)
    parts = urllib.parse.urlsplit(fetched.url)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname}{parts.path}").strip("-")[:80]
    text = decode_page(fetched.body, fetched.charset)  # as the server or the page declares
    if fetched.kind == "text/plain":
        page, name = text.encode("utf-8"), f"{stem or 'page'}.txt"
    else:
        page, name = _declared_utf8(text.encode("utf-8")), f"{stem or 'page'}.html"
        if not _CANONICAL.search(page, 0, WINDOW):  # where it came from, for citations
            page = _in_head(page, b'<link rel="canonical" href="' + _attr(fetched.url) + b'">')
    if len(page) > max_bytes:  # UTF-8 can be longer than the charset it came in
        raise too_large(f"{url}, saved as UTF-8,", max_bytes)
    return page, name


def _declared_utf8(page: bytes) -> bytes:
    """The page (UTF-8) with each charset it declares made utf-8, so that a browser
    opening the saved file reads it as the build does; a page that is not ASCII and
    declares none gets <meta charset="utf-8">."""
    found = list(DECLARED.finditer(page, 0, WINDOW))
    if not found:
        return page if page.isascii() else _in_head(page, b'<meta charset="utf-8">')
    parts, last = [], 0
    for m in found:
        if codec_for(m.group(1).decode("ascii")) != "utf_8":
            parts += [page[last : m.start(1)], b"utf-8"]
            last = m.end(1)
    return b"".join([*parts, page[last:]])


def _in_head(page: bytes, tag: bytes) -> bytes:
    head = _HEAD.search(page, 0, WINDOW)
    return page[: head.end()] + tag + page[head.end() :] if head else tag + page


def _attr(url: str) -> bytes:
    return url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "%3C").encode()


def save_source(seeds_dir: Path, name: str, data: bytes) -> Path:
    """Write `data` into `seeds_dir` as `name` (as `name-2`… when taken), whole or not at
    all; an article the build reads with the same content is returned instead."""
    import hashlib
    import os
    import tempfile

    from qa.text.sources import find_sources

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
