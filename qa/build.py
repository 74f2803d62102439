"""The build, one pipeline for every store: sources → passages → vectors → a store.

The seed files are listed and hashed; the store says what its previous build holds
(stores.Previous); files whose content hash is unchanged are kept (same model, encoder
and chunking), the others are read and chunked (sources.py) and their passages encoded —
vectors, sentence vectors and token vectors (encoder) — and the store writes the build
(stores.StoreKind.write: the folder swaps a new folder in, Milvus replaces the rows of
changed files). Encoding is the slow part, and happens before the store is touched.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import builtin_stores  # noqa: F401  (registers the folder and Milvus stores)
from .config import Config
from .embedding import encoder_for
from .errors import SeedsError
from .manifest import built_alike, chunking_settings
from .sentences import quantize, rows_of
from .sources import chunk_file, find_sources, refusal, source_hash
from .stores import Build, Segment, kind_for
from .types import BuildSummary

log = logging.getLogger(__name__)


def build_index(
    seeds_dir=None,
    index_dir=None,
    *,
    model=None,
    show_progress=False,
    config: Config | None = None,
    full: bool = False,
    wait: bool = False,
) -> BuildSummary:
    """Chunk, embed and persist every seed file; returns files, passages and seconds.

    Incremental unless `full`: files whose content hash is unchanged since the previous
    build (same model and chunking) keep their passages and vectors; only new and changed
    files are chunked and embedded, deleted ones drop out. The result has the same
    content as a full rebuild (tests/test_build.py).

    One build per index at a time: another one running is a BuildBusyError, or, with
    `wait`, waited for (the folder store; Milvus orders its own writes).
    """
    config = config or Config.from_env()
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else config.seeds_dir
    if index_dir is not None:
        config = dataclasses.replace(config, index_dir=Path(index_dir))
    if model is not None:
        config = dataclasses.replace(config, model=model)
    encoder = encoder_for(config)
    started = time.perf_counter()
    if not seeds_dir.is_dir():
        raise SeedsError(
            f"the seeds folder {seeds_dir} does not exist; create it and put "
            "*.txt or *.md articles in it, or pass --seeds"
        )
    kind = kind_for(config)
    with kind.writing(config, wait):
        return _build(kind, seeds_dir, encoder, config, full, show_progress, started)


def _build(kind, seeds_dir: Path, encoder, config: Config, full: bool, show_progress, started):
    weights = encoder.verify()
    window = min(config.chunk_tokens, encoder.max_tokens)
    previous = None if full else kind.previous(config, lambda m: built_alike(m, encoder, config))
    old = previous.files if previous else {}

    # Every file, in sorted order: kept from the store's previous build, or read anew.
    order, kept, fresh, skipped, hashes, articles = [], set(), [], [], {}, {}
    for path, source in seed_files(seeds_dir, config, hashes, skipped):
        if source in old and old[source] == hashes[source] and source in previous.articles:
            order.append(source)
            kept.add(source)
            articles[source] = previous.articles[source]
            continue
        found = chunk_seed(path, source, encoder, window, config, skipped, articles)
        if found:
            order.append(source)
            fresh.append(Segment(source, found))
    if not order:
        raise nothing_indexed(seeds_dir)

    total = sum(articles[s].passages for s in kept) + sum(len(s.passages) for s in fresh)
    keep_tokens = stores_tokens(config, total)
    if previous is not None and previous.token_vectors != keep_tokens and kept:
        log.info("token vectors are %s now: rebuilding", "kept" if keep_tokens else "dropped")
        return _build(kind, seeds_dir, encoder, config, True, show_progress, started)
    passages = [p for s in fresh for p in s.passages]
    _fill(fresh, embed_passages(encoder, passages, config, show_progress), keep_tokens)
    for s in fresh:
        articles[s.source] = dataclasses.replace(articles[s.source], passages=len(s.passages))
    fields = dict(
        model=encoder.name,
        model_sha256=weights,
        encoder=encoder.encoder_id,
        dimension=int(encoder.dimension),
        chunking=chunking_settings(config),
        token_vectors=keep_tokens,
    )
    build = Build(
        seeds_dir, order, frozenset(kept), fresh, articles, hashes, fields, previous, started
    )
    held = kind.write(config, build)
    seconds = time.perf_counter() - started
    log.info(
        "indexed %d passages from %d files in %.1f s (%d embedded)",
        held,
        len(order),
        seconds,
        len(passages),
    )
    return BuildSummary(
        files=len(order),
        passages=held,
        seconds=seconds,
        skipped=tuple(skipped),
        embedded=len(passages),
    )


def _fill(fresh: list[Segment], new, keep_tokens: bool) -> None:
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


def stores_tokens(config: Config, passages: int) -> bool:
    """Whether an index of this many passages keeps its token vectors (config.tokens:
    "auto" up to flat_max passages, ~40–60 KB each; docs/how-it-works.md "Word by word")."""
    if config.token_vectors == "auto":
        return passages <= config.flat_max
    return config.token_vectors == "on"


def seed_files(seeds_dir: Path, config: Config, hashes: dict, skipped: list):
    """(path, source) of each seed file a build may index, in order; fills in every
    file's content hash and the messages for files refused (too big, binary...)."""
    for path in find_sources(seeds_dir):
        source = path.relative_to(seeds_dir).as_posix()
        hashes[source] = source_hash(path, seeds_dir)
        why = refusal(path, seeds_dir, int(config.max_file_mb * 2**20))
        if why:
            log.warning("%s", why)
            skipped.append(why)
            continue
        yield path, source


def chunk_seed(
    path: Path, source: str, encoder, window: int, config: Config, skipped: list, articles: dict
):
    """A seed file's passages ([] with a message in `skipped` when it has none); its
    metadata goes into `articles`."""
    found, why, article = chunk_file(
        path, source, encoder.count_tokens, window, config.overlap_sentences
    )
    if why:  # skipped, or a note on what was left out of it (BuildSummary.skipped has both)
        log.warning("%s", why)
        skipped.append(why)
    if not found:
        return []
    articles[source] = article
    return found


def nothing_indexed(seeds_dir: Path) -> SeedsError:
    return SeedsError(
        f"nothing could be indexed in {seeds_dir}: add *.txt, *.md or *.html articles (UTF-8)"
    )


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
    return Embedded(np.concatenate(vectors), _joined(sentences), _joined(tokens), counts)


EMBED_BATCH = 256  # passages encoded between two quantisations


def _joined(parts: list[tuple]) -> tuple:
    return np.concatenate([q for q, _ in parts]), np.concatenate([s for _, s in parts])


def _bar(total: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm  # comes with the tokenizers/transformers stack

    return tqdm(total=total, desc="Encoding", unit="passage")
