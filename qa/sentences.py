"""Sentence vectors, embedded once at build time, so an answer needs no encoding.

The bold answering sentence is the one closest to the question (chat.py). Embedding a
hit's sentences at question time cost 60–80 ms per answer; reading their vectors back
costs a few microseconds. They are stored as int8 with one scale per sentence (388 bytes
instead of 1,536 for float32): the quantisation moves a cosine by ~0.001, far less than
the gaps between sentences that it decides.

    sentences.npy          int8 (m, d): every sentence of every passage, in order
    sentences.scales.npy   float32 (m,): the row's scale (value = int8 × scale)
    sentences.offsets.npy  int64 (n + 1,): passage i's rows are [offsets[i], offsets[i+1])

Large files are read on demand with positioned reads (store.ByteSource), never mapped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .store import ByteSource, npy_header

VECTORS, SCALES, OFFSETS = "sentences.npy", "sentences.scales.npy", "sentences.offsets.npy"


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 rows → int8 rows and a scale per row (symmetric, the row's max to 127)."""
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return q, scales


def write_sentence_vectors(
    folder: Path, quantized: np.ndarray, scales: np.ndarray, counts: list[int]
) -> None:
    """`counts[i]` rows belong to passage i, in passage order."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    if int(offsets[-1]) != len(quantized) or len(scales) != len(quantized):
        raise ValueError("sentence vectors and counts disagree")
    np.save(folder / VECTORS, np.ascontiguousarray(quantized, dtype=np.int8))
    np.save(folder / SCALES, np.asarray(scales, dtype=np.float32))
    np.save(folder / OFFSETS, offsets)


class SentenceVectors:
    """Passage i's sentence vectors, dequantised (float32, ~unit length)."""

    def __init__(self, folder: Path, passages: int, in_memory_bytes: int):
        self.offsets = np.load(folder / OFFSETS)  # 8 B per passage: in memory
        self.scales = np.load(folder / SCALES)  # 4 B per sentence: in memory
        path = folder / VECTORS
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
            raise ValueError("the sentence vector files disagree")
        self.dimension = int(shape[1])
        self._bytes = ByteSource(path, in_memory_bytes)
        if self._bytes.size != self._header + rows * self.dimension:
            raise ValueError("sentences.npy: size does not match its header")

    def of(self, i: int) -> np.ndarray:
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        raw = self._bytes.read(self._header + a * self.dimension, self._header + b * self.dimension)
        q = np.frombuffer(raw, dtype=np.int8).reshape(b - a, self.dimension)
        return q.astype(np.float32) * self.scales[a:b, None]

    def rows(self, i: int) -> tuple[int, int]:
        return int(self.offsets[i]), int(self.offsets[i + 1])

    def quantized(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows a..b as stored (int8 and scales): incremental builds copy them over."""
        raw = self._bytes.read(self._header + a * self.dimension, self._header + b * self.dimension)
        return np.frombuffer(raw, dtype=np.int8).reshape(b - a, self.dimension), self.scales[a:b]
