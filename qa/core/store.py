"""Index files read on demand, safely: passage records and positioned reads.

At a million passages, Python objects for every record would cost more RAM than the
vectors (text, offsets, sentence spans: ~2 KB each). The records stay as JSON lines; a
table of line offsets (`passages.offsets.npy`, 8 bytes per passage, always in memory)
lets us parse just the lines of the hits.

Small files are read into memory, so a running app keeps answering if they are damaged
on disk. Large ones are read on demand with positioned reads (`os.pread`), never
memory-mapped: a mapped file that is truncated under a running process kills it with
SIGBUS, which Python cannot catch. A short read is an `IndexCorruptError` instead.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.core.errors import IndexCorruptError
from qa.core.types import Passage

OFFSETS = "passages.offsets.npy"
FIX = "rebuild it with: python -m qa build"


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in 1 MB blocks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fsync(path: Path) -> None:
    """A file's bytes, or a folder's entries (a rename, a new link), on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def npy_header(path: Path) -> tuple[tuple[int, ...], bool, np.dtype, int]:
    """A .npy file's shape, Fortran order, dtype and where its data starts."""
    with Path(path).open("rb") as f:
        version = np.lib.format.read_magic(f)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = read_header(f)
        return shape, fortran, dtype, f.tell()


def write_passages(path: Path, passages) -> None:
    """Write the JSON Lines file and its offsets table beside it."""
    offsets = [0]
    with path.open("wb") as f:
        for p in passages:
            line = (json.dumps(p.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
            f.write(line)
            offsets.append(offsets[-1] + len(line))
    np.save(path.with_name(OFFSETS), np.asarray(offsets, dtype=np.int64))


class ByteSource:
    """The bytes of one file: held in memory when small, else read on demand with
    positioned reads from a descriptor kept open (a rebuild replaces files by rename, so
    the descriptor keeps reading the file we loaded)."""

    def __init__(self, path: Path, in_memory_bytes: int):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._data: bytes | None = None
        self._fd: int | None = None
        if self.size <= in_memory_bytes:
            self._data = self.path.read_bytes()
            self.size = len(self._data)
        else:
            self._fd = os.open(self.path, os.O_RDONLY)

    @property
    def in_memory(self) -> bool:
        return self._data is not None

    def read(self, start: int, end: int) -> bytes:
        if self._data is not None:
            return self._data[start:end]
        data = os.pread(self._fd, end - start, start)
        if len(data) != end - start:
            raise IndexCorruptError(
                f"{self.path.name} in {self.path.parent} was truncated "
                f"under the running program; {FIX}"
            )
        return data

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self):
        self.close()


class NpyArray:
    """A 1-d array in a .npy file, sliced with positioned reads when it is large."""

    def __init__(self, path: Path, in_memory_bytes: int):
        self.path = Path(path)
        shape, fortran, dtype, self.header = npy_header(self.path)
        if len(shape) != 1 or fortran or dtype.hasobject:
            raise ValueError(f"{self.path.name}: not a plain 1-d array")
        self.dtype, self.length = dtype, int(shape[0])
        self._source = ByteSource(self.path, in_memory_bytes)
        if self._source.size != self.header + self.length * dtype.itemsize:
            raise ValueError(f"{self.path.name}: size does not match its header")
        self._array = (
            np.frombuffer(self._source.read(self.header, self._source.size), dtype)
            if self._source.in_memory
            else None
        )

    def __len__(self) -> int:
        return self.length

    def slice(self, a: int, b: int) -> np.ndarray:
        if self._array is not None:
            return self._array[a:b]
        size = self.dtype.itemsize
        raw = self._source.read(self.header + a * size, self.header + b * size)
        return np.frombuffer(raw, self.dtype)


class PassageStore(Sequence):
    """A read-only sequence of Passage, backed by the files. Any record that cannot be
    read or decoded is an IndexCorruptError naming the fix, never a traceback."""

    def __init__(self, path: Path, in_memory_bytes: int = 64 * 2**20):
        self.path = Path(path)
        self._offsets = np.load(self.path.with_name(OFFSETS))  # 8 B per passage: in memory
        if self._offsets.ndim != 1 or len(self._offsets) < 1:
            raise ValueError("the offsets table is malformed")
        self._bytes = ByteSource(self.path, in_memory_bytes)
        if int(self._offsets[-1]) != self._bytes.size:
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
        try:
            return Passage.from_json(json.loads(self._bytes.read(a, b)))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise IndexCorruptError(
                f"passage record {i} in {self.path} is unreadable; {FIX}"
            ) from None

    def __iter__(self):
        for i in range(len(self)):
            yield self._read(i)


DUPLICATES = "duplicates.npy"


def write_duplicates(path: Path, groups: list[list[int]]) -> None:
    """Groups of passages with identical text, as (passage, group) rows sorted by
    passage: 8 bytes per duplicated passage, nothing for the unique ones."""
    rows = np.asarray(
        [(i, g) for g, ids in enumerate(groups) for i in ids], dtype=np.int32
    ).reshape(-1, 2)
    np.save(path, rows[np.argsort(rows[:, 0], kind="stable")])


class Duplicates:
    """Which passages share their text, read from duplicates.npy."""

    def __init__(self, path: Path, passages: int):
        rows = np.load(path)
        if (
            rows.ndim != 2
            or rows.shape[1] != 2
            or (len(rows) and not (0 <= rows[:, 0].min() and rows[:, 0].max() < passages))
        ):
            raise ValueError("duplicates.npy is malformed")
        self._ids, groups = rows[:, 0], rows[:, 1]
        order = np.argsort(groups, kind="stable")  # members of each group, together
        self._members, sorted_groups = self._ids[order], groups[order]
        self._starts = np.searchsorted(sorted_groups, np.arange(int(groups.max(initial=-1)) + 2))
        self._group = groups

    def group(self, i: int) -> tuple[int, ...]:
        """Every passage with passage i's text, i included, in index order."""
        at = int(np.searchsorted(self._ids, i))
        if at == len(self._ids) or self._ids[at] != i:
            return (i,)
        g = int(self._group[at])
        return tuple(int(j) for j in self._members[self._starts[g] : self._starts[g + 1]])
