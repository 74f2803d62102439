"""A third store, in memory, to show the store protocol (qa/stores.py) at work: this one
module, imported, makes `memory:NAME` a place to build into and answer from — no edit
anywhere else. Exact search in numpy, BM25 from qa's own Lexical; nothing persists
beyond the process."""

from __future__ import annotations

import dataclasses
import itertools
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from qa.words.lexical import Lexical
from qa.stores.manifest import new_manifest
from qa.stores.protocol import Build, Previous, Segment, register
from qa.core.types import IndexCheck

_held: dict[str, dict] = {}  # name → {"manifest", "segments", "articles"}
_builds = itertools.count(1)


class MemoryIndex:
    """A build held in memory, as retrieval.Searcher asks it (stores.StoreIndex)."""

    def __init__(self, held: dict):
        self.manifest = held["manifest"]
        self.articles = dict(held["articles"])
        segments = [held["segments"][s] for s in held["order"]]
        self._passages = [p for s in segments for p in s.passages]
        self._vectors = np.concatenate([s.vectors for s in segments]).astype(np.float32)
        self._sentences = _rows(segments, "sentences", [len(p.sentences) for p in self._passages])
        self._tokens = (
            _rows(segments, "tokens", [c for s in segments for c in s.tokens[2]])
            if self.manifest["token_vectors"]
            else None
        )
        self._lexical = Lexical.build([p.document for p in self._passages])
        by_text: dict[str, list[int]] = {}
        for i, p in enumerate(self._passages):
            by_text.setdefault(p.text, []).append(i)
        self._same = {i: tuple(ids) for ids in by_text.values() for i in ids}

    @property
    def size(self) -> int:
        return len(self._passages)

    @property
    def words(self):
        return self._lexical

    def _allowed(self, dates) -> np.ndarray:
        from qa.core.inputs import in_range

        keep = [
            i
            for i, p in enumerate(self._passages)
            if dates is None or in_range(self.articles[p.source].published, dates)
        ]
        return np.asarray(keep, dtype=np.int64)

    def dense(self, vector, k: int, dates=None) -> dict[int, float]:
        ids = self._allowed(dates)
        cos = self._vectors[ids] @ vector
        top = np.argsort(-cos, kind="stable")[:k]
        return {int(ids[i]): float(cos[i]) for i in top}

    def lexical_top(self, question, context, k, also=(), dates=None) -> dict[int, float]:
        scores = self._lexical.scores(question, context)
        keep = np.zeros(len(scores), dtype=bool)
        keep[self._allowed(dates)] = True
        scores = np.where(keep, scores, 0)
        top = np.argsort(-scores, kind="stable")[:k]
        return {int(i): float(scores[i]) for i in (*top, *also) if scores[i] > 0}

    def cosines(self, vector, ids) -> dict[int, float]:
        return {i: float(self._vectors[i] @ vector) for i in ids}

    def vector(self, i: int) -> np.ndarray:
        return self._vectors[i]

    def prefetch(self, ids) -> None:
        pass

    def passage(self, i: int):
        return self._passages[i]

    def article(self, source: str):
        return self.articles.get(source)

    def sentence_vectors(self, i: int) -> np.ndarray:
        return self._sentences[i]

    def token_vectors(self, i: int):
        return None if self._tokens is None else self._tokens[i]

    def same_text(self, i: int) -> tuple[int, ...]:
        return self._same.get(i, (i,))


def _rows(segments: list[Segment], what: str, counts: list[int]) -> list[np.ndarray]:
    """Each passage's rows of one kind, dequantised (int8 × scale)."""
    q = np.concatenate([getattr(s, what)[0] for s in segments])
    scales = np.concatenate([getattr(s, what)[1] for s in segments])
    values = q.astype(np.float32) * scales[:, None]
    edges = np.concatenate([[0], np.cumsum(counts)])
    return [values[a:b] for a, b in zip(edges[:-1], edges[1:])]


class MemoryKind:
    name = "memory"
    shared = False

    def claims(self, location: str) -> bool:
        return isinstance(location, str) and location.startswith("memory:")

    def key(self, config) -> str:
        return config.store

    def where(self, config) -> str:
        return config.store

    def base(self, config) -> Path:
        return Path("/")

    def read_manifest(self, config) -> dict:
        from qa.core.errors import IndexMissingError

        held = _held.get(config.store)
        if held is None:
            raise IndexMissingError(f"nothing is built in {config.store}; build it first")
        return held["manifest"]

    def stamp(self, config):
        held = _held.get(config.store)
        return held["manifest"]["build"] if held else None

    def open(self, config, manifest: dict):
        return MemoryIndex(_held[config.store])

    def problem(self, config, opened) -> str:
        return ""

    def writing(self, config, wait: bool):
        return nullcontext()

    def previous(self, config, alike) -> Previous | None:
        held = _held.get(config.store)
        if held is None or not alike(held["manifest"]):
            return None
        return Previous(
            files=dict(held["manifest"]["files"]),
            articles=dict(held["articles"]),
            token_vectors=held["manifest"]["token_vectors"],
        )

    def write(self, config, build: Build) -> int:
        held = _held.get(config.store) if build.previous else None
        segments = {s: held["segments"][s] for s in build.kept} if held else {}
        segments.update({s.source: s for s in build.fresh})
        passages = sum(len(segments[s].passages) for s in build.order)
        manifest = new_manifest(
            **build.fields,
            index_type="memory",
            index_params={},
            seeds_dir=str(build.seeds_dir.resolve()),
            files={s: build.hashes[s] for s in build.order},
            skipped_files={s: h for s, h in build.hashes.items() if s not in build.order},
            passages=passages,
            build_seconds=time.perf_counter() - build.started,
        )
        manifest["build"] = next(_builds)
        articles = {
            s: dataclasses.replace(build.articles[s], passages=len(segments[s].passages))
            for s in build.order
        }
        _held[config.store] = {
            "manifest": manifest,
            "segments": segments,
            "order": list(build.order),
            "articles": articles,
        }
        return passages

    def verify(self, config) -> IndexCheck:
        manifest = self.read_manifest(config)
        return IndexCheck(config.store, manifest["passages"], 0, 0, 0.0)


register(MemoryKind())
