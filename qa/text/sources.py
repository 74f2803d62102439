"""The seeds folder: which files are articles, which must not be read, their hashes, and
reading them (UTF-8, BOM removed, line endings untouched, so offsets are exact)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from qa.text.chunking import TokenCounter, chunk_text
from qa.core.store import file_sha256
from qa.text.entities import with_entities
from qa.text.documents import (
    FRONT_BYTES,
    SIDECAR_SUFFIX,
    is_html,
    read_article_noting,
    with_sidecar,
)
from qa.core.types import Article, Passage

SUFFIXES = (".txt", ".md", ".html", ".htm")


def read_source(path: Path) -> str:
    """Decode a seed file. Raises UnicodeDecodeError / OSError for the caller to report."""
    return decode_source(path.read_bytes(), path.name)


def decode_source(data: bytes, name: str) -> str:
    """A seed file's bytes as text, its type told by `name`'s suffix; raises
    UnicodeDecodeError. Bytes, not a path: a Ray worker reads what the driver sent.

    .txt/.md must be UTF-8 (strict: hits' offsets count its characters). A page is read
    by the charset it declares (`<meta charset>`, as saved by a browser), else as
    charset-normalizer guesses (trafilatura's decode_file): its offsets refer to the
    text extracted from it, not to its bytes."""
    if is_html(Path(name)):
        text = decode_page(data)
    else:
        text = data.decode("utf-8")  # strict: invalid UTF-8 is skipped by the caller
    return text[1:] if text.startswith("\ufeff") else text


def decode_page(data: bytes, declared: str = "") -> str:
    """An HTML page's bytes as text, as a browser reads them (charsets.py, the WHATWG
    labels: a page declaring iso-8859-1 is read as windows-1252, its € ’ “ ” kept): by
    its UTF-16 byte order mark; as UTF-8 when the bytes are; else by the charset the
    server declared (`declared`), else by the one the page declares (<meta>); else as
    charset-normalizer guesses. A charset the bytes do not fit is passed over."""
    from qa.text.charsets import DECLARED, UTF_16, codec_for, decode

    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")  # the BOM names the byte order; it goes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = DECLARED.search(data[:4096])
    meta = codec_for(found.group(1).decode("ascii")) if found else None
    if meta in UTF_16:  # HTML: a page that declares itself in ASCII bytes is not UTF-16
        meta = "utf_8"
    for codec in (codec_for(declared) if declared else None, meta):
        if codec:
            try:
                return decode(data, codec)
            except UnicodeDecodeError:
                continue
    from trafilatura.utils import decode_file

    return decode_file(data)


def find_sources(seeds_dir: Path) -> list[Path]:
    """Every *.txt / *.md / *.html / *.htm file under the seeds folder, sorted for a
    stable index."""
    return sorted(
        p
        for p in seeds_dir.rglob("*")
        if p.suffix.lower() in SUFFIXES and p.is_file() and not _hidden(p, seeds_dir)
    )


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def refusal(path: Path, seeds_dir: Path, max_bytes: int) -> str:
    """Why a seed file must not be read at all ("" when it may): a link leading out of
    the seeds folder (never read what the folder does not hold), or a file too large to
    index in reasonable time."""
    source = path.relative_to(seeds_dir).as_posix()
    root = seeds_dir.resolve()
    target = path.resolve()
    if target != root and root not in target.parents:
        return f"skipped: {source} links outside the seeds folder; copy the file in instead"
    size = target.stat().st_size
    if size > max_bytes:
        return (
            f"skipped: {source} is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB "
            "limit; split it, or raise QA_MAX_FILE_MB"
        )
    return ""


def source_hash(path: Path, seeds_dir: Path) -> str:
    """Content hash of a seed file; for a link out of the folder, of the link itself.
    With a sidecar, of both: editing the sidecar makes the index stale, and the next
    build reads the article again (a file without one keeps its plain sha256)."""
    root = seeds_dir.resolve()
    target = path.resolve()
    if path.is_symlink() and root not in target.parents:
        return hashlib.sha256(f"link:{os.readlink(path)}".encode()).hexdigest()
    side = sidecar_read(path)
    if side is None:
        return file_sha256(path)
    read = hashlib.sha256(side.data).hexdigest()
    both = f"{file_sha256(path)} {SIDECAR_SUFFIX} {side.problem} {read}"
    return hashlib.sha256(both.encode()).hexdigest()


def sidecar_of(path: Path) -> Path:
    """Where an article's sidecar is: "a.txt" → "a.txt.meta.yaml" (never an article
    itself: its suffix is not in SUFFIXES)."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


@dataclass(frozen=True)
class Sidecar:
    """What the build reads of an article's sidecar: its first FRONT_BYTES + 1 bytes (so
    an oversized one is seen as such), or why it is not read. A link is never followed
    (a sidecar cannot pull in a file from elsewhere): its target's name is the data."""

    data: bytes
    problem: str = ""  # "is a link", "cannot be read (Permission denied)"


def sidecar_read(path: Path) -> Sidecar | None:
    """An article's sidecar as the build reads it; None when it has none."""
    side = sidecar_of(path)
    try:
        if side.is_symlink():
            return Sidecar(os.readlink(side).encode(), "is a link; copy the file in instead")
        with side.open("rb") as f:
            return Sidecar(f.read(FRONT_BYTES + 1))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError as e:
        return Sidecar(b"", f"cannot be read ({e.strerror})")


def chunk_file(
    path: Path,
    source: str,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    overlap: int = 1,
    entities: bool = True,
) -> tuple[list[Passage], str, Article | None]:
    """One file's passages and its article metadata, or none and the message saying why
    it was skipped ("skipped: …"); with passages, the message says what was left out
    while reading it ("note: …: its date “2024-02-30” is no full date…"), or is "". Its
    type comes from `source`'s suffix, so an upload is checked under the name it will
    have (manage.check_article), which needs no `entities` (entities.py: spaCy's)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return [], f"skipped: {source} cannot be read ({e.strerror})", None
    chunked = chunk_bytes(data, source, count_tokens, max_tokens, overlap, entities)
    return add_sidecar(path, source, chunked)


def add_sidecar(path: Path, source: str, chunked: tuple) -> tuple:
    """chunk_bytes' (passages, message, article) for `path`, with what its sidecar says
    (documents.with_sidecar: its fields win), and a note when it is left out."""
    passages, why, article = chunked
    side = sidecar_read(path) if article is not None else None
    if side is None:
        return chunked
    notes: list[str] = []
    name = sidecar_of(path).name
    if side.problem:
        notes.append(f"its sidecar {name} {side.problem}: left out")
    elif len(side.data) > FRONT_BYTES:
        notes.append(f"its sidecar {name} is over {FRONT_BYTES // 1024} KB: left out")
    else:
        try:
            article = with_sidecar(article, side.data.decode("utf-8"), notes)
        except UnicodeDecodeError:
            notes.append(f"its sidecar {name} is not UTF-8: left out")
    more = [f"note: {source}: {n}" for n in notes]
    return passages, "; ".join(filter(None, [why, *more])), article


def chunk_bytes(
    data: bytes,
    source: str,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    overlap: int = 1,
    entities: bool = True,
) -> tuple[list[Passage], str, Article | None]:
    """chunk_file over a file's bytes (what a Ray worker is sent: distributed.py)."""
    try:
        raw = decode_source(data, source)
    except UnicodeDecodeError as e:
        why = f"is not UTF-8 text (byte {e.start}); save it as UTF-8"
    else:
        why = "holds binary data (NUL bytes), not text" if "\x00" in raw else ""
    if why:
        return [], f"skipped: {source} {why}", None
    try:
        text, article, notes = read_article_noting(Path(source), source, raw)
    except Exception as e:  # an extractor failing on odd markup: skip the file, say why
        return [], f"skipped: {source} could not be read as an article ({type(e).__name__})", None
    found = chunk_text(text, source, count_tokens, max_tokens, overlap)
    found = with_entities(text, found) if entities else found
    if not found:
        what = "in the page" if is_html(Path(source)) else "(an empty file, or headings alone)"
        return [], f"skipped: {source} holds no article text {what}", None
    return found, "; ".join(f"note: {source}: {n}" for n in notes), article


def chunk_folder(
    seeds_dir: Path,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    overlap: int = 1,
) -> tuple[list[Passage], list[str]]:
    """All passages of a seeds folder, and one message per skipped file."""
    passages, skipped = [], []
    for path in find_sources(seeds_dir):
        found, why, _ = chunk_file(
            path, path.relative_to(seeds_dir).as_posix(), count_tokens, max_tokens, overlap
        )
        passages.extend(found)
        if why and not found:
            skipped.append(why)
    return passages, skipped
