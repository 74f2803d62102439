"""Where an index lives: one protocol, and the stores that implement it as peers.

The build is one pipeline (build.py: sources → passages → vectors → a store) and the
answer logic is written once above the protocol (retrieval.py, chat.py): neither knows
which store it talks to. A store is a `StoreKind` — how an address names it, how to read
its manifest, open it for questions, write a build into it, verify it — and what it
opens is a `StoreIndex`, the reading side: dense and lexical candidates (optionally
inside a date range), passages, articles, sentence and token vectors.

    folder   folder.py over index.py (loading) and index_files.py (writing): FAISS
             and plain files in one folder (the default)
    Milvus   milvus_store.py over milvus.py, milvus_index.py and milvus_build.py: a
             Milvus collection (milvus:PATH.db, http://HOST:19530)

builtin_stores.py imports both, which registers them. A third store is one new module
that calls `register(MyKind())` when imported (see tests/memory_store.py): nothing else
changes. A location is claimed by the first kind that says so; the folder store takes
whatever no other kind claims. docs/architecture.md draws the whole.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from qa.core.config import Config
from qa.core.errors import ConfigError
from qa.core.types import Article, IndexCheck, Passage


@runtime_checkable
class StoreIndex(Protocol):
    """An opened store, as retrieval.Searcher asks it. Ids are passage rows, 0-based."""

    manifest: dict
    articles: dict  # source → Article

    @property
    def size(self) -> int: ...

    @property
    def words(self): ...  # lexical.Lexical: spelling repair and the articles' words

    def dense(self, vector: np.ndarray, k: int, dates=None) -> dict[int, float]: ...

    def lexical_top(
        self, question: str, context: str, k: int, also=(), dates=None
    ) -> dict[int, float]: ...

    def cosines(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]: ...

    def vector(self, i: int) -> np.ndarray: ...

    def prefetch(self, ids) -> None: ...

    def passage(self, i: int) -> Passage: ...

    def article(self, source: str) -> Article | None: ...

    def sentence_vectors(self, i: int) -> np.ndarray: ...

    def token_vectors(self, i: int) -> np.ndarray | None: ...

    def same_text(self, i: int) -> tuple[int, ...]: ...


@dataclass(frozen=True)
class Previous:
    """What a store holds of its last build that the next one may add to."""

    files: dict[str, str]  # source → content hash
    articles: dict[str, Article]  # source → Article, passages filled in
    token_vectors: bool
    # the store's own handle on it (the folder: the loaded index; Milvus: its manifest),
    # handed back to its `write` in Build.previous: read once per build
    held: object = None


@dataclass
class Segment:
    """One file's passages and their vectors, sentence rows and token rows (int8 and
    scales, sentences.py), as the pipeline embedded them."""

    source: str
    passages: list[Passage]
    vectors: np.ndarray | None = None
    sentences: tuple | None = None  # (int8 rows, scales)
    tokens: tuple | None = None  # (int8 rows, scales, rows per passage); None: not kept


@dataclass(frozen=True)
class Build:
    """What the pipeline hands a store: the files the index will hold, in order; of
    those, the ones the store keeps from its previous build (`kept`) and the ones newly
    embedded (`fresh`); every article; the manifest's common fields."""

    seeds_dir: Path
    order: list[str]
    kept: frozenset[str]
    fresh: list[Segment]
    articles: dict[str, Article]
    hashes: dict[str, str]  # every seed file's hash, indexed or skipped
    # manifest.new_manifest's model, model_sha256, encoder, dimension, chunking, token_vectors
    fields: dict
    previous: Previous | None = None  # what the store held; None: start over
    started: float = 0.0  # time.perf_counter() when the build began


@runtime_checkable
class StoreKind(Protocol):
    """One kind of store."""

    name: str
    shared: bool  # built by its operator, served by many processes: the page never builds it

    def claims(self, location: str) -> bool: ...

    def key(self, config: Config) -> str: ...  # one loaded copy per key and settings

    def where(self, config: Config) -> str: ...  # for messages: "index", "milvus:x.db (qa)"

    def read_manifest(self, config: Config) -> dict: ...

    def stamp(self, config: Config) -> object | None: ...  # which build is there now

    def open(self, config: Config, manifest: dict) -> StoreIndex: ...

    def problem(self, config: Config, opened: StoreIndex) -> str: ...  # damage since opened

    def writing(self, config: Config, wait: bool) -> AbstractContextManager: ...

    def previous(self, config: Config, alike) -> Previous | None: ...

    def write(self, config: Config, build: Build) -> int: ...  # returns the passages held

    def verify(self, config: Config) -> IndexCheck: ...

    def base(self, config: Config) -> Path: ...  # what a recorded seeds folder is relative to


_kinds: list = []


def register(kind) -> None:
    """Add a store; later ones are asked first, so a test's store can claim addresses."""
    _kinds.insert(0, kind)


def kind_for(config: Config):
    """The store that config.store names (the folder of index_dir when empty). The
    built-in stores are known once qa.stores.builtin is imported (build.py, retrieval.py
    and api.py do)."""
    location = config.store
    if not location:
        return next(k for k in _kinds if k.name == "folder")
    for kind in _kinds:
        if kind.name != "folder" and kind.claims(location):
            return kind
    raise ConfigError(
        f"store {location!r} is not one this knows: leave it empty for the index folder, or "
        "give milvus:PATH.db (Milvus Lite) or http://HOST:19530 (a Milvus server)"
    )


def claimed(location) -> bool:
    """Whether a location names a store other than a folder (an address, not a path)."""
    return isinstance(location, str) and any(
        k.name != "folder" and k.claims(location) for k in _kinds
    )
