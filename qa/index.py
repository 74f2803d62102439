"""The persisted index: plain files in one folder, written atomically, checked on load.

    index/
      manifest.json   format, model + weights hash, dimension, chunking, file hashes, ...
      passages.jsonl  one Passage per line, in vector order (+ passages.offsets.npy)
      vectors.faiss   FAISS inner-product index over L2-normalised vectors (cosine):
                      flat, ivf or hnsw (see vectors.py)
      lexical/        BM25 (bm25s files) and the articles' word counts

A build writes a sibling temporary folder and renames it into place, so a crash or
Ctrl-C leaves the previous index whole. The old folder is moved aside first and removed
last; if we die in between, the next load moves it back (`_recover`).
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


from .errors import BuildError, IndexCorruptError, IndexMissingError, IndexStaleError
from .lexical import Lexical
from .store import PassageStore, write_passages
from .types import Passage
from .vectors import ready

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST, PASSAGES, VECTORS, LEXICAL = "manifest.json", "passages.jsonl", "vectors.faiss", "lexical"
FIX = "rebuild it with: python -m qa build"


@dataclass(frozen=True)
class LoadedIndex:
    path: Path
    manifest: dict
    passages: PassageStore  # a Sequence[Passage], read from disk on demand
    vectors: object  # faiss.Index
    lexical: Lexical


# ---------------------------------------------------------------- writing

def write_index(index_dir: Path, vectors, passages: list[Passage],
                lexical: Lexical, manifest: dict) -> None:
    """Write every file into a temporary sibling, then swap it in."""
    import faiss

    index_dir = Path(index_dir)
    parent = index_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for stale in parent.glob(f"{index_dir.name}.tmp-*"):  # left by a killed build
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{index_dir.name}.tmp-", dir=parent))
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; an index is for everyone
    except OSError as e:
        raise BuildError(f"cannot write the index in {parent}: {_reason(e)}; "
                         "free some space or choose another --index folder") from None
    try:
        faiss.write_index(vectors, str(tmp / VECTORS))
        write_passages(tmp / PASSAGES, passages)
        lexical.save(tmp / LEXICAL)
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        manifest = dict(manifest, sizes={
            p.relative_to(tmp).as_posix(): p.stat().st_size for p in files})
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        for path in files + [tmp / MANIFEST]:
            _fsync(path)
        _swap_in(tmp, index_dir)
    except (OSError, RuntimeError) as e:  # faiss reports write errors as RuntimeError
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"cannot write the index in {parent}: {_reason(e)}; the previous "
                         "index is untouched; free some space or fix the folder's permissions") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # Ctrl-C: drop the half-written folder
        raise


def _reason(e: Exception) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    found = re.search(r"\(([^()]+)\)\s*$", str(e))  # faiss: "... (No space left on device)"
    return found.group(1) if found else str(e).splitlines()[-1][-120:]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(tmp: Path, index_dir: Path) -> None:
    old = index_dir.with_name(f"{index_dir.name}.old-{os.getpid()}")
    if index_dir.exists():
        os.rename(index_dir, old)
    os.rename(tmp, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def _recover(index_dir: Path) -> None:
    """A build that died between its two renames left the old index aside: restore it."""
    if index_dir.exists():
        return
    aside = sorted(index_dir.parent.glob(f"{index_dir.name}.old-*"))
    if aside:
        log.warning("restoring %s from an interrupted build", index_dir.name)
        os.rename(aside[-1], index_dir)


# ---------------------------------------------------------------- reading

def read_manifest(index_dir: Path) -> dict:
    index_dir = Path(index_dir)
    _recover(index_dir)
    path = index_dir / MANIFEST
    if not path.is_file():
        raise IndexMissingError(f"no index in {index_dir}; build it with: python -m qa build")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        raise IndexCorruptError(f"{path.name} in {index_dir} is unreadable; {FIX}") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStaleError(f"the index in {index_dir} has another format version; {FIX}")
    return manifest


def load_index(index_dir: Path, *, nprobe: int = 64, ef_search: int = 64) -> LoadedIndex:
    """Load and cross-check the files; any damage is one IndexCorruptError."""
    import faiss

    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    for name, size in manifest.get("sizes", {}).items():
        path = index_dir / name
        if not path.is_file():
            raise IndexCorruptError(f"{name} is missing from {index_dir}; {FIX}")
        if path.stat().st_size != size:
            raise IndexCorruptError(f"{name} in {index_dir} is truncated or altered; {FIX}")
    try:
        vectors = ready(faiss.read_index(str(index_dir / VECTORS)), nprobe=nprobe,
                        ef_search=ef_search)
        passages = PassageStore(index_dir / PASSAGES)
        passages[0], passages[len(passages) - 1]  # the ends parse: not garbled
        lexical = Lexical.load(index_dir / LEXICAL)
    except (RuntimeError, OSError, ValueError, KeyError, TypeError, EOFError):
        raise IndexCorruptError(f"the index files in {index_dir} are unreadable; {FIX}") from None
    n = manifest.get("passages")
    if not (vectors.ntotal == len(passages) == n) or vectors.d != manifest.get("dimension"):
        raise IndexCorruptError(f"the index files in {index_dir} disagree; {FIX}")
    if lexical.bm25.scores.get("num_docs") != n:
        raise IndexCorruptError(f"the lexical index in {index_dir} disagrees; {FIX}")
    return LoadedIndex(index_dir, manifest, passages, vectors, lexical)


def seed_hashes(seeds_dir: Path) -> dict[str, str]:
    from .sources import find_sources, source_hash

    return {p.relative_to(seeds_dir).as_posix(): source_hash(p, seeds_dir)
            for p in find_sources(seeds_dir)}


def staleness(manifest: dict, *, seeds_dir: Path | None, model: str, chunking: dict) -> str:
    """Why the index no longer fits (one line), or "" when it does."""
    if manifest.get("model") != model:
        return f"it was built with model {manifest.get('model')!r}, not {model!r}"
    if manifest.get("chunking") != chunking:
        return "it was built with other chunking settings"
    if seeds_dir is not None:
        if not Path(seeds_dir).is_dir():
            return f"the seeds folder {seeds_dir} is missing"
        recorded = {**manifest.get("files", {}), **manifest.get("skipped_files", {})}
        current = seed_hashes(Path(seeds_dir))
        changed = sorted(set(recorded) ^ set(current)) + sorted(
            s for s in set(recorded) & set(current) if recorded[s] != current[s])
        if changed:
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            return f"seed files changed since the build: {', '.join(changed[:3])}{more}"
    return ""


def check_fresh(manifest: dict, index_dir: Path, **kwargs) -> None:
    reason = staleness(manifest, **kwargs)
    if reason:
        raise IndexStaleError(f"the index in {index_dir} is out of date ({reason}); {FIX}")
