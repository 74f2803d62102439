"""Build the index: chunk every seed file, embed the passages, write the folder."""

from __future__ import annotations

import dataclasses
import logging
import time
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


def passage_document(p) -> str:
    """What is embedded and BM25-indexed: the passage under its section heading, which
    often names the topic ("Russian counteroffensive in Kursk region", a paper's title)
    that the passage only implies."""
    return f"{p.section}\n{p.text}" if p.section else p.text


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
    segments, fresh, skipped, hashes, articles = [], [], [], {}, {}
    for path, source in seed_files(seeds_dir, config, hashes, skipped):
        if old_files.get(source) == hashes[source] and source in old_ranges:
            articles[source] = previous.articles.get(source) or Article(source)
            first, count = old_ranges[source]
            rows = (
                previous.sentences.rows(first)[0],
                previous.sentences.rows(first + count - 1)[1],
            )
            segments.append(
                (
                    source,
                    previous.passages[first : first + count],
                    previous.vectors.reconstruct_n(first, count),
                    previous.sentences.quantized(*rows),
                )
            )
            continue
        found = chunk_seed(path, source, encoder, window, config, skipped, articles)
        if found:
            segments.append((source, found, None, None))
            fresh.extend(found)
    if not segments:
        raise nothing_indexed(seeds_dir)

    new_vectors, new_sentences = embed_passages(encoder, fresh, config, show_progress)
    passages, parts, sentence_parts, ranges, used, used_rows = [], [], [], {}, 0, 0
    for source, found, vecs, sents in segments:
        if vecs is None:
            vecs = new_vectors[used : used + len(found)]
            used += len(found)
            rows = sum(len(p.sentences) for p in found)
            sents = sentence_rows(new_sentences, used_rows, rows)
            used_rows += rows
        ranges[source] = [len(passages), len(found)]
        passages.extend(found)
        parts.append(vecs)
        sentence_parts.append(sents)
    vectors = np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)
    sentences = (
        np.concatenate([q for q, _ in sentence_parts]),
        np.concatenate([sc for _, sc in sentence_parts]),
        [len(p.sentences) for p in passages],
    )
    kind = choose(config.index_type, len(passages), config.flat_max)
    index, params = make(vectors, kind, threads=config.build_threads)
    lexical = Lexical.build([passage_document(p) for p in passages])
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
    if why:
        log.warning("%s", why)
        skipped.append(why)
        return []
    articles[source] = article
    return found


def nothing_indexed(seeds_dir: Path) -> SeedsError:
    return SeedsError(
        f"nothing could be indexed in {seeds_dir}: add *.txt, *.md or *.html articles (UTF-8)"
    )


def sentence_rows(sentences: tuple, start: int, n: int) -> tuple:
    """Rows start..start+n of embed_passages' sentence vectors (int8 values, scales)."""
    return sentences[0][start : start + n], sentences[1][start : start + n]


def embed_passages(encoder, fresh: list, config: Config, show_progress: bool):
    """Vectors of the new passages (under their section) and of each of their sentences,
    the latter int8 (sentences.py)."""
    if not fresh:
        return None, None
    documents = [passage_document(p) for p in fresh]
    # where each sentence sits in its document: after the section line, if any
    spans = [
        [
            (a - p.start + len(d) - len(p.text), b - p.start + len(d) - len(p.text))
            for a, b in p.sentences
        ]
        for p, d in zip(fresh, documents)
    ]
    vectors, sentences = encoder.encode_passages(
        documents, spans, threads=config.build_threads, show_progress=show_progress
    )
    return vectors, quantize(sentences)


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
