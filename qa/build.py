"""Build the index: chunk every seed file, embed the passages, write the folder."""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .sources import chunk_file, find_sources, refusal, source_hash
from .config import Config
from .embedding import encoder_for
from .errors import QAError, SeedsError
from .index import build_lock, load_index, write_index
from .manifest import built_alike, chunking_settings, new_manifest, recorded_seeds_dir
from .lexical import Lexical
from .sentences import quantize
from .types import Article, BuildSummary
from .vectors import choose, make

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

    One build per index folder at a time: another one running is a BuildBusyError, or,
    with `wait`, waited for.
    """
    config = config or Config.from_env()
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else config.seeds_dir
    index_dir = Path(index_dir) if index_dir is not None else config.index_dir
    if model is not None:
        config = dataclasses.replace(config, model=model)
    encoder = encoder_for(config)
    started = time.perf_counter()
    if not seeds_dir.is_dir():
        raise SeedsError(
            f"the seeds folder {seeds_dir} does not exist; create it and put "
            "*.txt or *.md articles in it, or pass --seeds"
        )
    if config.store:  # a Milvus store (milvus_build.py)
        from .milvus_build import build_milvus

        return build_milvus(seeds_dir, encoder, config, full, show_progress, started)
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise QAError(
            f"cannot create {index_dir.parent}: {e.strerror}; choose another --index folder"
        ) from None
    with build_lock(index_dir, wait=wait):
        return _build(seeds_dir, index_dir, encoder, config, full, show_progress, started)


@dataclass
class Segment:
    """One file's passages and their vectors: reused from the previous index, or (None)
    still to be embedded."""

    source: str
    passages: list
    vectors: np.ndarray | None = None
    sentences: tuple | None = None  # (int8 rows, scales)
    tokens: tuple | None = None  # (int8 rows, scales, rows per passage); None: not stored


def _build(
    seeds_dir: Path,
    index_dir: Path,
    encoder,
    config: Config,
    full: bool,
    show_progress: bool,
    started: float,
) -> BuildSummary:

    weights = encoder.verify()
    window = min(config.chunk_tokens, encoder.max_tokens)
    previous = None if full else _reusable(index_dir, encoder, config)
    old_files = previous.manifest["files"] if previous else {}
    old_ranges = previous.manifest.get("ranges", {}) if previous else {}

    # One segment per file, in sorted order: reused (passages + vectors) or fresh.
    segments, skipped, hashes, articles = [], [], {}, {}
    for path, source in seed_files(seeds_dir, config, hashes, skipped):
        if old_files.get(source) == hashes[source] and source in old_ranges:
            articles[source] = previous.articles.get(source) or Article(source)
            first, count = old_ranges[source]
            segments.append(_reused(previous, source, first, count))
            continue
        found = chunk_seed(path, source, encoder, window, config, skipped, articles)
        if found:
            segments.append(Segment(source, found))
    if not segments:
        raise nothing_indexed(seeds_dir)

    total = sum(len(s.passages) for s in segments)
    keep_tokens = stores_tokens(config, total)
    for s in segments:  # reused without the token vectors this build keeps: embed again
        if keep_tokens and s.vectors is not None and s.tokens is None:
            s.vectors = None
    fresh = [p for s in segments if s.vectors is None for p in s.passages]
    new = embed_passages(encoder, fresh, config, show_progress)
    passages, ranges, used, used_rows, used_tokens = [], {}, 0, 0, 0
    for s in segments:
        if s.vectors is None:
            n = len(s.passages)
            s.vectors = new.vectors[used : used + n]
            rows = sum(len(p.sentences) for p in s.passages)
            s.sentences = rows_of(new.sentences, used_rows, rows)
            counts = new.token_counts[used : used + n]
            s.tokens = (*rows_of(new.tokens, used_tokens, sum(counts)), counts)
            used, used_rows, used_tokens = used + n, used_rows + rows, used_tokens + sum(counts)
        ranges[s.source] = [len(passages), len(s.passages)]
        passages.extend(s.passages)
    vectors = np.ascontiguousarray(np.concatenate([s.vectors for s in segments]), np.float32)
    sentences = _stacked([s.sentences for s in segments], [len(p.sentences) for p in passages])
    tokens = None
    if keep_tokens:
        counts = [c for s in segments for c in s.tokens[2]]
        tokens = _stacked([s.tokens for s in segments], counts)
    kind = choose(config.index_type, len(passages), config.flat_max)
    index, params = make(vectors, kind, threads=config.build_threads)
    lexical = Lexical.build([p.document for p in passages])
    seconds = time.perf_counter() - started
    manifest = new_manifest(
        model=encoder.name,
        model_sha256=weights,
        encoder=encoder.encoder_id,
        dimension=int(vectors.shape[1]),
        index_type=kind,
        index_params=params,
        chunking=chunking_settings(config),
        seeds_dir=recorded_seeds_dir(seeds_dir, index_dir),
        files={s: h for s, h in hashes.items() if s in ranges},
        skipped_files={s: h for s, h in hashes.items() if s not in ranges},
        ranges=ranges,
        passages=len(passages),
        build_seconds=seconds,
        token_vectors=keep_tokens,
    )
    write_index(
        index_dir,
        index,
        passages,
        lexical,
        manifest,
        sentences,
        duplicate_groups(passages),
        articles=[dataclasses.replace(articles[s], passages=ranges[s][1]) for s in ranges],
        tokens=tokens,
    )
    log.info(
        "indexed %d passages from %d files in %.1f s (%d embedded)",
        len(passages),
        len(ranges),
        seconds,
        len(fresh),
    )
    return BuildSummary(
        files=len(ranges),
        passages=len(passages),
        seconds=time.perf_counter() - started,
        skipped=tuple(skipped),
        embedded=len(fresh),
    )


def stores_tokens(config: Config, passages: int) -> bool:
    """Whether an index of this many passages keeps its token vectors (config.tokens:
    "auto" up to flat_max passages, ~40–60 KB each; README "Word by word")."""
    if config.token_vectors == "auto":
        return passages <= config.flat_max
    return config.token_vectors == "on"


def _reused(previous, source: str, first: int, count: int) -> Segment:
    """A file's segment copied from the previous index (token vectors if it has them)."""
    last = first + count - 1
    rows = (previous.sentences.rows(first)[0], previous.sentences.rows(last)[1])
    tokens = None
    if previous.tokens is not None:
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


def rows_of(stored: tuple, start: int, n: int) -> tuple:
    """Rows start..start+n of embed_passages' sentence or token vectors (int8, scales)."""
    return stored[0][start : start + n], stored[1][start : start + n]


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


def duplicate_groups(passages) -> list[list[int]]:
    """Passages with the same text (identical files, a paragraph quoted in full): shown
    once, citing every file that holds them."""
    by_text: dict[str, list[int]] = {}
    for i, p in enumerate(passages):
        by_text.setdefault(p.text, []).append(i)
    return [ids for ids in by_text.values() if len(ids) > 1]


def _reusable(index_dir: Path, encoder, config: Config):
    """The previous index, if it can lend passages and vectors to this build."""
    try:
        previous = load_index(index_dir, in_memory_bytes=int(config.in_memory_mb * 2**20))
    except QAError:
        return None
    return previous if built_alike(previous.manifest, encoder, config) else None
