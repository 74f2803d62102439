"""Build the index: chunk every seed file, embed the passages, write the folder."""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from pathlib import Path

from .chunking import chunk_folder, find_sources
from .config import ROOT, Config
from .embedding import get_encoder
from .errors import SeedsError
from .index import FORMAT_VERSION, file_sha256, write_index
from .lexical import Lexical
from .types import BuildSummary

log = logging.getLogger(__name__)


def chunking_settings(config: Config) -> dict:
    return {"chunk_tokens": config.chunk_tokens, "overlap_sentences": config.overlap_sentences,
            "section_embedded": True}


def passage_document(p) -> str:
    """What is embedded and BM25-indexed: the passage under its section heading, which
    often names the topic ("Russian counteroffensive in Kursk region", a paper's title)
    that the passage only implies."""
    return f"{p.section}\n{p.text}" if p.section else p.text


def recorded_seeds_dir(seeds_dir: Path, index_dir: Path) -> str:
    """Where the seeds are, as the manifest keeps it: relative to the index's parent when
    possible, so a committed index names no machine path."""
    try:
        return os.path.relpath(seeds_dir.resolve(), index_dir.resolve().parent)
    except ValueError:  # another drive on Windows
        return str(seeds_dir.resolve())


def build_index(seeds_dir=None, index_dir=None, *, model=None, show_progress=False,
                config: Config | None = None) -> BuildSummary:
    """Chunk, embed and persist every seed file; returns files, passages and seconds."""
    config = config or Config.from_env()
    seeds = Path(seeds_dir) if seeds_dir is not None else config.seeds_dir
    target = Path(index_dir) if index_dir is not None else config.index_dir
    encoder = get_encoder(model or config.model)
    started = time.perf_counter()
    if not seeds.is_dir():
        raise SeedsError(f"the seeds folder {seeds} does not exist; create it and put "
                         "*.txt or *.md articles in it, or pass --seeds")

    weights = encoder.verify()
    window = min(config.chunk_tokens, encoder.max_tokens)
    passages, _texts, skipped = chunk_folder(
        seeds, encoder.count_tokens, window, config.overlap_sentences)
    for message in skipped:
        log.warning("%s", message)
    if not passages:
        raise SeedsError(f"nothing could be indexed in {seeds}: add *.txt or *.md articles "
                         "(UTF-8 text)")

    documents = [passage_document(p) for p in passages]
    vectors = encoder.encode(documents, batch_size=config.batch_size,
                             threads=config.build_threads, show_progress=show_progress)
    indexed = {p.source for p in passages}
    hashes = {p.relative_to(seeds).as_posix(): file_sha256(p) for p in find_sources(seeds)}
    seconds = time.perf_counter() - started
    manifest = {
        "format_version": FORMAT_VERSION,
        "model": encoder.name,
        "model_sha256": weights,
        "dimension": int(vectors.shape[1]),
        "metric": "cosine (inner product over L2-normalised vectors)",
        "index_type": "flat",
        "lexical": {"library": "bm25s", "method": "lucene", "k1": 1.5, "b": 0.75,
                    "stemmer": "snowball-english", "section_indexed": True},
        "chunking": chunking_settings(config),
        "seeds_dir": recorded_seeds_dir(seeds, target),
        "files": {s: h for s, h in hashes.items() if s in indexed},
        "skipped_files": {s: h for s, h in hashes.items() if s not in indexed},
        "passages": len(passages),
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "build_seconds": round(seconds, 2),
    }
    lexical = Lexical.build(documents)
    write_index(target, vectors, passages, lexical, manifest)
    log.info("indexed %d passages from %d files in %.1f s", len(passages), len(indexed), seconds)
    return BuildSummary(files=len(indexed), passages=len(passages),
                        seconds=time.perf_counter() - started, skipped=tuple(skipped))


def default_seeds_for(manifest: dict, index_dir: Path) -> Path:
    recorded = manifest.get("seeds_dir")
    if recorded:
        return (Path(index_dir).resolve().parent / recorded).resolve()
    return ROOT / "seeds"
