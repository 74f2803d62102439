"""The folder index on disk: its file names, the one build at a time (a lock), writing
a build atomically, and reading back its manifest and checking its files.

    index/
      manifest.json      format, model + weights hash, dimension, chunking, seed file
                         hashes, and the size and sha256 of every other file here
      passages.jsonl     one Passage per line, in vector order (+ passages.offsets.npy)
      vectors.faiss      FAISS inner-product index over L2-normalised vectors (cosine):
                         flat, ivf or hnsw (see vectors.py)
      duplicates.npy     which passages have identical text (shown once)
      articles.jsonl     one Article per file: title, date, author, url
      sentences*.npy     every passage's sentence vectors, int8 (see sentences.py)
      tokens*.npy        every passage's token vectors, int8, when the manifest says
                         token_vectors (tokens.py; not kept for large indexes)
      lexical/           BM25 (bm25s files) and the articles' word counts
    index.lock           beside the folder: held by the one build allowed at a time

A build takes the lock, writes a sibling temporary folder and renames it into place, so
a crash or Ctrl-C leaves the previous index whole. The old folder is moved aside first
and removed last; if we die in between, the next load or build moves it back
(`_recover`). Every step calls `on_step`, so tests can kill a build at each one.
Loading the files is index.py.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qa.core.errors import (
    BuildBusyError,
    BuildError,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
)
from qa.words.lexical import Lexical
from qa.stores.manifest import FORMAT_VERSION
from qa.stores.sentences import SENTENCES, TOKENS, write_rows
from qa.core.store import DUPLICATES, file_sha256, fsync, write_duplicates, write_passages
from qa.core.types import Article, Passage

log = logging.getLogger(__name__)

MANIFEST, PASSAGES, VECTORS, LEXICAL = "manifest.json", "passages.jsonl", "vectors.faiss", "lexical"
ARTICLES = "articles.jsonl"
FIX = "rebuild it with: python -m qa build"

# The steps of a write, in order. Tests set `on_step` to kill the process at each one.
STEPS = (
    "folder made",
    "vectors written",
    "passages written",
    "lexical written",
    "manifest written",
    "synced",
    "old moved aside",
    "new renamed in",
    "old removed",
)
on_step: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if on_step is not None:
        on_step(name)


# ---------------------------------------------------------------- one build at a time


def lock_path(index_dir: Path) -> Path:
    return index_dir.with_name(f"{index_dir.name}.lock")


@contextmanager
def build_lock(index_dir: Path, *, wait: bool = False) -> Iterator[None]:
    """Exclusive lock for writing `index_dir` (an OS lock: it dies with its process, so a
    killed build never leaves it held). Without `wait`, a held lock is a BuildBusyError."""
    from filelock import FileLock, Timeout

    path = lock_path(Path(index_dir))
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = _holder(path)
        if not wait:
            raise BuildBusyError(
                f"another build of {index_dir} is running (pid {holder}); wait "
                "for it to finish, or stop it"
            ) from None
        log.warning("waiting for another build of %s (pid %s) to finish", index_dir, holder)
        lock.acquire()
    except OSError as e:  # a read-only or missing parent folder
        raise BuildError(
            f"cannot write the index in {path.parent}: {_reason(e)}; fix the "
            "folder's permissions or choose another --index folder"
        ) from None
    try:
        path.write_text(f"{os.getpid()}\n")  # who holds it, for the message above
        yield
    finally:
        lock.release()


def _holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


# ---------------------------------------------------------------- writing


def write_index(
    index_dir: Path,
    vectors,
    passages: list[Passage],
    lexical: Lexical,
    manifest: dict,
    sentences: tuple,
    duplicates: list[list[int]] | None = None,
    *,
    articles: list[Article] = (),
    tokens: tuple | None = None,
) -> None:
    """Write every file into a temporary sibling, then swap it in. The caller holds
    `build_lock(index_dir)` (build.build_index does)."""
    import faiss

    index_dir = Path(index_dir)
    parent = index_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(index_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f"{index_dir.name}.tmp-", dir=parent))
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; an index is for everyone
        _step("folder made")
    except OSError as e:
        raise BuildError(
            f"cannot write the index in {parent}: {_reason(e)}; "
            "free some space or choose another --index folder"
        ) from None
    try:
        faiss.write_index(vectors, str(tmp / VECTORS))
        _step("vectors written")
        write_passages(tmp / PASSAGES, passages)
        write_rows(tmp, SENTENCES, *sentences)  # (int8 rows, scales, rows per passage)
        if tokens is not None:
            write_rows(tmp, TOKENS, *tokens)
        write_duplicates(tmp / DUPLICATES, duplicates or [])
        write_articles(tmp / ARTICLES, articles)
        _step("passages written")
        lexical.save(tmp / LEXICAL)
        _step("lexical written")
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        manifest = dict(
            manifest,
            sizes={p.relative_to(tmp).as_posix(): p.stat().st_size for p in files},
            sha256={p.relative_to(tmp).as_posix(): file_sha256(p) for p in files},
        )
        manifest["manifest_sha256"] = manifest_digest(manifest)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        _step("manifest written")
        for path in files + [tmp / MANIFEST, tmp / LEXICAL, tmp]:
            fsync(path)
        _step("synced")
        _swap_in(tmp, index_dir)
    except (OSError, RuntimeError) as e:  # faiss reports write errors as RuntimeError
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(
            f"cannot write the index in {parent}: {_reason(e)}; the previous "
            "index is untouched; free some space or fix the folder's permissions"
        ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # Ctrl-C: drop the half-written folder
        raise


def write_articles(path: Path, articles) -> None:
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")


def read_articles(path: Path) -> dict[str, Article]:
    """source → Article; {} for an index written without them (synthetic benchmarks)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        found = [Article.from_json(json.loads(line)) for line in f if line.strip()]
    return {a.source: a for a in found}


def _reason(e: Exception) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    found = re.search(r"\(([^()]+)\)\s*$", str(e))  # faiss: "... (No space left on device)"
    return found.group(1) if found else str(e).splitlines()[-1][-120:]


def _aside(index_dir: Path) -> Path:
    return index_dir.with_name(f"{index_dir.name}.old")


def _swap_in(tmp: Path, index_dir: Path) -> None:
    old = _aside(index_dir)
    if index_dir.exists():
        os.rename(index_dir, old)
        _step("old moved aside")
    os.rename(tmp, index_dir)
    fsync(index_dir.parent)  # the renames themselves on disk: a power cut keeps the new one
    _step("new renamed in")
    shutil.rmtree(old, ignore_errors=True)
    _step("old removed")


def clean_leftovers(index_dir: Path) -> None:
    """Under the build lock: restore an index a killed build left aside, then remove what
    killed builds left behind, whatever process made it (pids repeat: pid 1 in a
    container)."""
    _recover(index_dir)
    for pattern in (f"{index_dir.name}.tmp-*", f"{index_dir.name}.old", f"{index_dir.name}.old-*"):
        for stale in index_dir.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def _recover(index_dir: Path) -> None:
    """A build that died between its two renames left the old index aside: restore it."""
    if index_dir.exists():
        return
    aside = [
        p
        for p in (_aside(index_dir), *sorted(index_dir.parent.glob(f"{index_dir.name}.old-*")))
        if p.is_dir()
    ]  # .old-<pid>: format 1's name
    if aside:
        log.warning("restoring %s from an interrupted build", index_dir.name)
        os.rename(aside[0], index_dir)


def _recover_for_reading(index_dir: Path) -> None:
    """Readers restore an index left aside only when no build is running: a live build
    between its two renames is about to put the new one in place."""
    if index_dir.exists() or not any(index_dir.parent.glob(f"{index_dir.name}.old*")):
        return
    for _ in range(100):
        try:
            with build_lock(index_dir):
                _recover(index_dir)
            return
        except BuildBusyError:
            time.sleep(0.02)
            if index_dir.exists():
                return
        except OSError:  # a read-only parent: nobody can write here, nothing to restore
            return


# ---------------------------------------------------------------- reading


def read_manifest(index_dir: Path) -> dict:
    index_dir = Path(index_dir)
    _recover_for_reading(index_dir)
    path = index_dir / MANIFEST
    if not path.is_file():
        raise IndexMissingError(f"no index in {index_dir}; build it with: python -m qa build")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        raise IndexCorruptError(f"{path.name} in {index_dir} is unreadable; {FIX}") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStaleError(f"the index in {index_dir} has another format version; {FIX}")
    if manifest.get("manifest_sha256") != manifest_digest(manifest):
        # a flipped bit in a file's recorded sha256 would otherwise blame that file
        raise IndexCorruptError(f"{MANIFEST} in {index_dir} is damaged; {FIX}")
    return manifest


def manifest_digest(manifest: dict) -> str:
    """sha256 of the manifest's content, its own digest left out (it records itself)."""
    import hashlib

    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def verify_files(index_dir: Path, manifest: dict, *, full: bool, hash_below: int = 0) -> int:
    """Check every file the manifest lists: present, the recorded size, and (when `full`,
    or for files smaller than `hash_below` bytes) the recorded sha256. Returns the bytes
    hashed. Any difference is one IndexCorruptError naming the file."""
    index_dir = Path(index_dir)
    sizes, hashes = manifest.get("sizes", {}), manifest.get("sha256", {})
    if not sizes or set(sizes) != set(hashes):
        raise IndexCorruptError(f"{MANIFEST} in {index_dir} lists no file checksums; {FIX}")
    hashed = 0
    for name, size in sorted(sizes.items()):
        path = index_dir / name
        if not path.is_file():
            raise IndexCorruptError(f"{name} is missing from {index_dir}; {FIX}")
        if path.stat().st_size != size:
            raise IndexCorruptError(f"{name} in {index_dir} is truncated or altered; {FIX}")
        if full or size < hash_below:
            if file_sha256(path) != hashes[name]:
                raise IndexCorruptError(
                    f"{name} in {index_dir} is damaged (its sha256 "
                    f"differs from the manifest's); {FIX}"
                )
            hashed += size
    return hashed


def index_bytes(manifest: dict) -> int:
    return sum(manifest.get("sizes", {}).values())
