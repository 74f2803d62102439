"""Passage records on disk, read on demand.

At a million passages, Python objects for every record would cost more RAM than the
vectors (text, offsets, sentence spans: ~2 KB each). The records stay as JSON lines; a
table of line offsets (`passages.offsets.npy`, 8 bytes per passage) lets us parse just
the lines of the hits. Small files are read into memory, so the app keeps answering if
they are damaged on disk; large ones are memory-mapped (read on demand).
"""
from __future__ import annotations

import json
import mmap
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .types import Passage

OFFSETS = "passages.offsets.npy"
MAP_FROM_BYTES = 64 * 2**20  # files this large are memory-mapped instead of read


def write_passages(path: Path, passages) -> None:
    """Write the JSON Lines file and its offsets table beside it."""
    offsets = [0]
    with path.open("wb") as f:
        for p in passages:
            line = (json.dumps(p.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
            f.write(line)
            offsets.append(offsets[-1] + len(line))
    np.save(path.with_name(OFFSETS), np.asarray(offsets, dtype=np.int64))


class PassageStore(Sequence):
    """A read-only sequence of Passage, backed by the files."""

    def __init__(self, path: Path):
        self.path = Path(path)
        size = self.path.stat().st_size
        large = size >= MAP_FROM_BYTES
        self._offsets = np.load(self.path.with_name(OFFSETS), mmap_mode="r" if large else None)
        with self.path.open("rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if large else f.read()
        if int(self._offsets[-1]) != len(self._map):
            raise ValueError("offsets do not match the passages file")
        self._get = lru_cache(maxsize=4096)(self._read)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._get(i)

    def _read(self, i: int) -> Passage:
        a, b = int(self._offsets[i]), int(self._offsets[i + 1])
        return Passage.from_json(json.loads(self._map[a:b]))

    def __iter__(self):
        for i in range(len(self)):
            yield self._read(i)
