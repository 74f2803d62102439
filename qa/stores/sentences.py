"""Vectors stored per passage at build time, so an answer needs no encoding: each
sentence's vector, and each token's (the late interaction of tokens.py).

The bold answering sentence and the reranking read these instead of running the encoder
again: embedding a hit's sentences at question time cost 60–80 ms per answer, a passage's
token states ~20 ms each; reading their vectors back costs microseconds. Both are stored
as int8 with one scale per row (388 bytes instead of 1,536 for float32): quantisation
moves a cosine by ~0.001, far less than the gaps it decides.

    <stem>.npy          int8 (m, d): the rows of every passage, in passage order
    <stem>.scales.npy   float32 (m,): the row's scale (value = int8 × scale)
    <stem>.offsets.npy  int64 (n + 1,): passage i's rows are [offsets[i], offsets[i+1])

with <stem> "sentences" (a row per sentence) and "tokens" (a row per wordpiece of the
passage under its section, [CLS] and [SEP] left out). Large files are read on demand
with positioned reads (store.ByteSource), never mapped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.core.store import ByteSource, npy_header

SENTENCES, TOKENS = "sentences", "tokens"


def files_of(stem: str) -> tuple[str, str, str]:
    """The rows, scales and offsets files of a stem."""
    return f"{stem}.npy", f"{stem}.scales.npy", f"{stem}.offsets.npy"


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 rows → int8 rows and a scale per row (symmetric, the row's max to 127)."""
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return q, scales


def rows_of(stored: tuple, start: int, n: int) -> tuple:
    """Rows start..start+n of (int8 rows, scales, …): one passage's sentences or tokens."""
    return stored[0][start : start + n], stored[1][start : start + n]


def write_rows(
    folder: Path, stem: str, quantized: np.ndarray, scales: np.ndarray, counts: list[int]
) -> None:
    """`counts[i]` rows belong to passage i, in passage order."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    if int(offsets[-1]) != len(quantized) or len(scales) != len(quantized):
        raise ValueError(f"{stem} vectors and counts disagree")
    rows, scale_file, offset_file = files_of(stem)
    np.save(folder / rows, np.ascontiguousarray(quantized, dtype=np.int8))
    np.save(folder / scale_file, np.asarray(scales, dtype=np.float32))
    np.save(folder / offset_file, offsets)


class VectorRows:
    """Passage i's rows (of one stem), dequantised (float32, ~unit length)."""

    def __init__(self, folder: Path, passages: int, in_memory_bytes: int, stem: str = SENTENCES):
        rows_file, scale_file, offset_file = files_of(stem)
        self.offsets = np.load(folder / offset_file)  # 8 B per passage: in memory
        self.scales = np.load(folder / scale_file)  # 4 B per row: in memory
        path = folder / rows_file
        shape, fortran, dtype, self._header = npy_header(path)
        rows = int(self.offsets[-1]) if len(self.offsets) else -1
        if (
            len(self.offsets) != passages + 1
            or len(shape) != 2
            or fortran
            or dtype != np.int8
            or shape[0] != rows
            or len(self.scales) != rows
        ):
            raise ValueError(f"the {stem} vector files disagree")
        self.dimension = int(shape[1])
        self._bytes = ByteSource(path, in_memory_bytes)
        if self._bytes.size != self._header + rows * self.dimension:
            raise ValueError(f"{rows_file}: size does not match its header")

    def of(self, i: int) -> np.ndarray:
        a, b = self.rows(i)
        q, scales = self.quantized(a, b)
        return q.astype(np.float32) * scales[:, None]

    def rows(self, i: int) -> tuple[int, int]:
        return int(self.offsets[i]), int(self.offsets[i + 1])

    def quantized(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows a..b as stored (int8 and scales): incremental builds copy them over."""
        raw = self._bytes.read(self._header + a * self.dimension, self._header + b * self.dimension)
        return np.frombuffer(raw, dtype=np.int8).reshape(b - a, self.dimension), self.scales[a:b]
