"""The folder store: the index as plain files in one folder (index_files.py writes
them, index.py loads them), behind the store protocol (stores.py). The default store.

A build is written whole into a new folder and swapped in (index_files.write_index): the files
the pipeline kept are copied from the previous index — passages, vectors, sentence and
token rows — and the new ones added, in the files' order; BM25, the FAISS index and the
duplicate groups are made over all of them.
"""

from __future__ import annotations

import dataclasses
import os
import time
from contextlib import AbstractContextManager
from pathlib import Path

import numpy as np

from qa.core.config import Config
from qa.core.errors import BuildError, QAError
from qa.stores.folder.index import load_index, verify_index
from qa.stores.folder.files import MANIFEST, build_lock, index_bytes, read_manifest, write_index
from qa.words.lexical import Lexical
from qa.stores.manifest import new_manifest, recorded_seeds_dir
from qa.stores.protocol import Build, Previous, Segment, register
from qa.core.types import IndexCheck
from qa.stores.folder.vectors import choose, make

# verify="auto": an index up to this size is checked by sha256 at every load (~1 s a
# GB here); a larger one by sizes, and sha256 of the files read into memory.
VERIFY_FULL_MB = 256.0


class FolderKind:
    name = "folder"
    shared = False

    def claims(self, location: str) -> bool:
        return True  # whatever no other store claims is a folder

    # key, stamp and problem run at every question: plain os.path and os.stat, no Path
    # objects (a few microseconds each, benchmarks.query)
    def key(self, config: Config) -> str:
        return os.path.realpath(config.index_dir)

    def where(self, config: Config) -> str:
        return str(config.index_dir)

    def base(self, config: Config) -> Path:
        """What a recorded seeds folder is relative to: the index's own folder."""
        return Path(config.index_dir)

    def read_manifest(self, config: Config) -> dict:
        return read_manifest(config.index_dir)

    def stamp(self, config: Config):
        """Which build is on disk: each build writes a new manifest file."""
        try:
            st = os.stat(os.path.join(config.index_dir, MANIFEST))
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def open(self, config: Config, manifest: dict):
        mode = config.verify
        if mode == "auto":
            full = index_bytes(manifest) <= VERIFY_FULL_MB * 2**20
            mode = "full" if full else "quick"
        return load_index(
            config.index_dir,
            nprobe=config.nprobe,
            ef_search=config.ef_search,
            verify=mode,
            in_memory_bytes=int(config.in_memory_mb * 2**20),
        )

    def problem(self, config: Config, opened) -> str:
        """Files of the loaded index that are missing or changed size on disk ("" if none)."""
        folder = os.fspath(config.index_dir)
        for name, size in opened.manifest.get("sizes", {}).items():
            try:
                if os.stat(os.path.join(folder, name)).st_size != size:
                    return f"{name} in {os.path.basename(folder)}/ was changed on disk"
            except OSError:
                return f"{name} in {os.path.basename(folder)}/ is missing"
        return ""

    def writing(self, config: Config, wait: bool) -> AbstractContextManager:
        """One build per folder at a time (index_files.build_lock)."""
        index_dir = Path(config.index_dir)
        try:
            index_dir.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise BuildError(
                f"cannot create {index_dir.parent}: {e.strerror}; choose another --index folder"
            ) from None
        return build_lock(index_dir, wait=wait)

    def previous(self, config: Config, alike) -> Previous | None:
        loaded = self._previous(config)
        if loaded is None or not alike(loaded.manifest):
            return None
        return Previous(
            files={s: h for s, h in loaded.manifest["files"].items()},
            articles=dict(loaded.articles),
            token_vectors=bool(loaded.manifest.get("token_vectors")),
            held=loaded,
        )

    def _previous(self, config: Config):
        try:
            return load_index(config.index_dir, in_memory_bytes=int(config.in_memory_mb * 2**20))
        except QAError:
            return None

    def write(self, config: Config, build: Build) -> int:
        index_dir = Path(config.index_dir)
        previous = build.previous.held if build.kept else None  # loaded by previous()
        fresh = {s.source: s for s in build.fresh}
        segments = [
            fresh[s] if s in fresh else _copied(previous, s, build.fields["token_vectors"])
            for s in build.order
        ]
        passages, ranges = [], {}
        for s in segments:
            ranges[s.source] = [len(passages), len(s.passages)]
            passages.extend(s.passages)
        vectors = np.ascontiguousarray(np.concatenate([s.vectors for s in segments]), np.float32)
        sentences = _stacked([s.sentences for s in segments], [len(p.sentences) for p in passages])
        tokens = None
        if build.fields["token_vectors"]:
            counts = [c for s in segments for c in s.tokens[2]]
            tokens = _stacked([s.tokens for s in segments], counts)
        kind = choose(config.index_type, len(passages), config.flat_max)
        index, params = make(vectors, kind, threads=config.build_threads)
        lexical = Lexical.build([p.document for p in passages])
        manifest = new_manifest(
            **build.fields,
            index_type=kind,
            index_params=params,
            seeds_dir=recorded_seeds_dir(build.seeds_dir, index_dir),
            files={s: h for s, h in build.hashes.items() if s in ranges},
            skipped_files={s: h for s, h in build.hashes.items() if s not in ranges},
            ranges=ranges,
            passages=len(passages),
            build_seconds=time.perf_counter() - build.started,
        )
        write_index(
            index_dir,
            index,
            passages,
            lexical,
            manifest,
            sentences,
            duplicate_groups(passages),
            articles=[
                dataclasses.replace(build.articles[s], passages=ranges[s][1]) for s in ranges
            ],
            tokens=tokens,
        )
        return len(passages)

    def verify(self, config: Config) -> IndexCheck:
        return verify_index(config.index_dir)


def _copied(previous, source: str, tokens_kept: bool) -> Segment:
    """A file's segment copied from the previous index (with its token rows when kept)."""
    first, count = previous.manifest["ranges"][source]
    last = first + count - 1
    rows = (previous.sentences.rows(first)[0], previous.sentences.rows(last)[1])
    tokens = None
    if tokens_kept:
        offsets = previous.tokens.offsets[first : first + count + 1]
        q, scales = previous.tokens.quantized(int(offsets[0]), int(offsets[-1]))
        tokens = (q, scales, [int(c) for c in np.diff(offsets)])
    return Segment(
        source,
        previous.passages[first : first + count],
        previous.vectors.reconstruct_n(first, count),
        previous.sentences.quantized(*rows),
        tokens,
    )


def _stacked(parts: list[tuple], counts: list[int]) -> tuple:
    """(int8 rows, scales) of every segment, end to end, and the rows per passage."""
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), counts


def duplicate_groups(passages) -> list[list[int]]:
    """Passages with the same text (identical files, a paragraph quoted in full): shown
    once, citing every file that holds them."""
    by_text: dict[str, list[int]] = {}
    for i, p in enumerate(passages):
        by_text.setdefault(p.text, []).append(i)
    return [ids for ids in by_text.values() if len(ids) > 1]


register(FolderKind())
