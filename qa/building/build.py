"""The build, one pipeline for every store: sources → passages → vectors → a store.

The seed files are listed and hashed; the store says what its previous build holds
(stores.Previous); files whose content hash is unchanged are kept (same model, encoder
and chunking), the others are read and chunked (sources.py) and their passages encoded —
vectors, sentence vectors and token vectors (encoder) — and the store writes the build
(stores.StoreKind.write: the folder swaps a new folder in, Milvus replaces the rows of
changed files). Encoding is the slow part, and happens before the store is touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from pathlib import Path

from qa.stores import builtin  # noqa: F401  (registers the folder and Milvus stores)
from qa.core.config import Config
from qa.encoders.embedding import encoder_for
from qa.core.errors import QAError, SeedsError
from qa.words.languages import detect, languages_of
from qa.stores.manifest import built_alike, chunking_settings
from qa.building.encoding import embed_passages, fill
from qa.text.sources import add_sidecar, chunk_file, find_sources, refusal, source_hash
from qa.stores.protocol import Build, Segment, kind_for
from qa.core.types import BuildSummary

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
    content as a full rebuild (tests/building/test_build.py).

    One build per index at a time: another one running is a BuildBusyError, or, with
    `wait`, waited for (the folder store; Milvus orders its own writes).
    """
    config = config or Config.from_env()
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else config.seeds_dir
    if index_dir is not None:
        config = dataclasses.replace(config, index_dir=Path(index_dir))
    if model is not None:
        config = dataclasses.replace(config, model=model)
    started = time.perf_counter()
    if not seeds_dir.is_dir():
        raise SeedsError(
            f"the seeds folder {seeds_dir} does not exist; create it and put "
            "*.txt or *.md articles in it, or pass --seeds"
        )
    kind = kind_for(config)
    # "auto" languages: as the index there was built (a rebuild keeps --languages many)
    config = dataclasses.replace(config, languages=languages_of(config, _manifest(kind, config)))
    encoder = encoder_for(config)
    with kind.writing(config, wait), _cluster(config) as cluster:
        return _build(kind, seeds_dir, encoder, config, full, show_progress, started, cluster)


def _build(kind, seeds_dir, encoder, config: Config, full: bool, show_progress, started, cluster):
    weights = encoder.verify()
    if cluster:
        cluster.accepts(encoder)
    window = min(config.ranking.chunk_tokens, encoder.max_tokens)
    previous = None if full else kind.previous(config, lambda m: built_alike(m, encoder, config))
    old = previous.files if previous else {}

    # Every file, in sorted order: kept from the store's previous build, or read anew.
    listed, to_read, kept, skipped, hashes, articles = [], [], set(), [], {}, {}
    slots = []  # where each file read anew stands among the refusals: messages in file order
    for path, source in seed_files(seeds_dir, config, hashes, skipped):
        listed.append(source)
        if source in old and old[source] == hashes[source] and source in previous.articles:
            kept.add(source)
            articles[source] = previous.articles[source]
        else:
            to_read.append((path, source))
            slots.append(len(skipped))
    if cluster:  # read and chunk on the cluster (distributed.py), in the same order
        chunked = cluster.chunk(to_read, window, config.ranking.overlap_sentences)
        # the workers get the files' bytes: the sidecars are read here, as chunk_file does
        chunked = (add_sidecar(p, s, c) for (p, s), c in zip(to_read, chunked))
    else:
        chunked = (
            chunk_file(p, s, encoder.count_tokens, window, config.ranking.overlap_sentences)
            for p, s in to_read
        )
    found, notes = {}, []
    for slot, (_, source), (passages, why, article) in zip(slots, to_read, chunked):
        if why:  # skipped, or a note on what was left out of it (BuildSummary.skipped has both)
            log.warning("%s", why)
            notes.append((slot, why))
        if passages:
            found[source] = passages
            articles[source] = article
    for at, (slot, why) in enumerate(notes):  # each after the refusals of files before it
        skipped.insert(slot + at, why)
    if config.languages == "many":  # which questions BM25 and the word rules can serve
        for source, passages in found.items():
            text = " ".join(p.text for p in passages[:8])
            articles[source] = dataclasses.replace(articles[source], language=detect(text))
    order = [s for s in listed if s in kept or s in found]
    fresh = [Segment(s, found[s]) for s in order if s in found]
    if not order:
        raise nothing_indexed(seeds_dir)

    total = sum(articles[s].passages for s in kept) + sum(len(s.passages) for s in fresh)
    keep_tokens = stores_tokens(config, total)
    if previous is not None and previous.token_vectors != keep_tokens and kept:
        log.info("token vectors are %s now: rebuilding", "kept" if keep_tokens else "dropped")
        return _build(kind, seeds_dir, encoder, config, True, show_progress, started, cluster)
    passages = [p for s in fresh for p in s.passages]
    if cluster:
        embedded = cluster.embed(passages, encoder, keep_tokens, show_progress)
    else:
        embedded = embed_passages(encoder, passages, config, show_progress)
    fill(fresh, embedded, keep_tokens)
    for s in fresh:
        articles[s.source] = dataclasses.replace(articles[s.source], passages=len(s.passages))
    fields = dict(
        model=encoder.name,
        model_sha256=weights,
        encoder=encoder.encoder_id,
        dimension=int(encoder.dimension),
        chunking=chunking_settings(config),
        token_vectors=keep_tokens,
        languages=config.languages,
    )
    if config.languages == "many":
        fields["article_languages"] = sorted({articles[s].language for s in order})
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


def nothing_indexed(seeds_dir: Path) -> SeedsError:
    return SeedsError(
        f"nothing could be indexed in {seeds_dir}: add *.txt, *.md or *.html articles (UTF-8)"
    )


def _cluster(config: Config):
    """The Ray cluster that reads, chunks and encodes (config.ray; it connects when there
    is something to read), or None: this machine does it."""
    if not config.ray:
        return contextlib.nullcontext()
    from qa.building.distributed import (
        Cluster,
    )  # imports Ray only when asked for (`qa build --ray`)

    return Cluster(config)


def _manifest(kind, config: Config) -> dict | None:
    """The store's manifest, or None when there is no index yet (or none readable)."""
    try:
        return kind.read_manifest(config)
    except QAError:
        return None
