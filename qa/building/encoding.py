"""Passages → what the index keeps of them: a vector per passage, and int8 rows for each
of its sentences and tokens (sentences.py). One function for every way of building: the
local pipeline (build.py) calls it over all new passages, each Ray worker over its share
(distributed.py); the rows are the same either way (each text is run alone, each row
quantised alone)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.core.config import Config
from qa.stores.sentences import quantize, rows_of
from qa.stores.protocol import Segment


@dataclass(frozen=True)
class Embedded:
    """What the encoder made of the new passages (int8 rows: sentences.py)."""

    vectors: np.ndarray  # (n, d) float32
    sentences: tuple  # (int8 rows, scales): each passage's sentences, in order
    tokens: tuple  # (int8 rows, scales): each passage's tokens, in order
    token_counts: list  # token rows per passage


def embed_passages(encoder, fresh: list, config: Config, show_progress: bool) -> Embedded | None:
    """Vectors of the new passages (under their section), of each of their sentences and
    of each of their tokens, the last two int8 (sentences.py). Encoded in batches, each
    quantised before the next: float32 token states of every passage at once would take
    ~600 KB a passage."""
    if not fresh:
        return None
    vectors, sentences, tokens, counts = [], [], [], []
    bar = _bar(len(fresh), show_progress)
    for start in range(0, len(fresh), EMBED_BATCH):
        batch = fresh[start : start + EMBED_BATCH]
        documents = [p.document for p in batch]
        # where each sentence sits in its document: after the section line, if any
        spans = [
            [
                (a - p.start + len(d) - len(p.text), b - p.start + len(d) - len(p.text))
                for a, b in p.sentences
            ]
            for p, d in zip(batch, documents)
        ]
        v, pooled, states = encoder.encode_passages(documents, spans, threads=config.build_threads)
        vectors.append(v)
        sentences.append(quantize(pooled))
        tokens.append(quantize(np.concatenate(states)))
        counts.extend(len(t) for t in states)
        if bar:
            bar.update(len(batch))
    if bar:
        bar.close()
    return Embedded(np.concatenate(vectors), joined(sentences), joined(tokens), counts)


EMBED_BATCH = 256  # passages encoded between two quantisations


def joined(parts: list[tuple]) -> tuple:
    """(int8 rows, scales) parts, one after the other."""
    return np.concatenate([q for q, _ in parts]), np.concatenate([s for _, s in parts])


def _bar(total: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm  # comes with the tokenizers/transformers stack

    return tqdm(total=total, desc="Encoding", unit="passage")


def fill(fresh: list[Segment], new, keep_tokens: bool) -> None:
    """Hand each fresh segment its rows of what the encoder made of all of them."""
    used = used_rows = used_tokens = 0
    for s in fresh:
        n = len(s.passages)
        s.vectors = new.vectors[used : used + n]
        rows = sum(len(p.sentences) for p in s.passages)
        s.sentences = rows_of(new.sentences, used_rows, rows)
        counts = new.token_counts[used : used + n]
        if keep_tokens:
            s.tokens = (*rows_of(new.tokens, used_tokens, sum(counts)), counts)
        used, used_rows, used_tokens = used + n, used_rows + rows, used_tokens + sum(counts)
