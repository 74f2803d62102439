"""The manifest: what an index folder records about itself, and when it no longer fits.

`manifest.json` holds the format version, the model and its weights' sha256, the encoder
that made the vectors, the dimension, the index type, the chunking settings, where the
seeds are, one sha256 per seed file, the passage count and the build time; the writer
(index_files.write_index) adds the size and sha256 of every other file. An index reads as stale
when its model, encoder, chunking or seed files differ from what a load is asked for.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from qa.text.entities import PIPELINE, PIPELINE_VERSION, RULES
from qa.core.config import ROOT, Config, seeds_dir_from_env
from qa.core.errors import IndexStaleError
from qa.words.lexical import B, K1

log = logging.getLogger(__name__)

# 2: sha256 of every file, duplicates, lock; 3: sentence vectors; 4: articles.jsonl;
# 5: token vectors (tokens.py)
FORMAT_VERSION = 5
FIX = "rebuild it with: python -m qa build"

# Bumped when the chunker's output changes (2: lists indexed, words cut at 100 characters,
# long headings as text; 3: HTML pages, front matter left out; 4: every article titled,
# from its first sentence when it gives no title), so an index chunked the old way reads
# as stale and is rebuilt.
CHUNKER_VERSION = 4


def chunking_settings(config: Config) -> dict:
    return {
        "chunk_tokens": config.ranking.chunk_tokens,
        "overlap_sentences": config.ranking.overlap_sentences,
        "section_embedded": True,
        "chunker": CHUNKER_VERSION,
        # the recogniser whose spans the passages keep (an index without them is rebuilt)
        "entities": f"{PIPELINE} {PIPELINE_VERSION} rules {RULES}",
    }


def recorded_seeds_dir(seeds_dir: Path, index_dir: Path) -> str:
    """Where the seeds are, as the manifest keeps it: relative to the index's parent when
    possible, so a committed index names no machine path."""
    try:
        return os.path.relpath(seeds_dir.resolve(), index_dir.resolve().parent)
    except ValueError:  # another drive on Windows
        return str(seeds_dir.resolve())


def new_manifest(
    *,
    model: str,
    encoder: str,
    dimension: int,
    index_type: str,
    index_params: dict,
    chunking: dict,
    passages: int,
    model_sha256: str = "",
    seeds_dir: str = "",
    files: dict | None = None,
    skipped_files: dict | None = None,
    ranges: dict | None = None,
    build_seconds: float = 0.0,
    token_vectors: bool = False,
    languages: str = "en",
    article_languages: list | None = None,
    note: str = "",
) -> dict:
    """A manifest for write_index (which adds every file's size and sha256)."""
    manifest = {
        "format_version": FORMAT_VERSION,
        "model": model,
        "model_sha256": model_sha256,
        "encoder": encoder,
        "dimension": dimension,
        "metric": "cosine (inner product over L2-normalised vectors)",
        "index_type": index_type,
        "index_params": index_params,
        "lexical": {
            "library": "bm25s",
            "method": "lucene",
            "k1": K1,
            "b": B,
            "stemmer": "snowball-english",
            "section_indexed": True,
        },
        "chunking": chunking,
        "seeds_dir": seeds_dir,
        "files": files or {},
        "skipped_files": skipped_files or {},
        "ranges": ranges or {},
        "passages": passages,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "build_seconds": round(build_seconds, 2),
        "token_vectors": token_vectors,
        "languages": languages,  # "en", or "many" (languages.py, multilingual.py)
    }
    if article_languages:
        manifest["article_languages"] = list(article_languages)
    if note:
        manifest["note"] = note
    return manifest


def default_seeds_for(manifest: dict, index_dir: Path) -> Path:
    """The seeds folder the manifest records (relative to the index's parent, or absolute
    as a Milvus store keeps it), else the project's seeds/."""
    recorded = manifest.get("seeds_dir")
    if recorded:
        return (Path(index_dir).resolve().parent / recorded).resolve()
    return ROOT / "seeds"


def seeds_of(manifest: dict, index_dir: Path, seeds_dir=None) -> Path | None:
    """The seeds folder an index is checked against: the one given, QA_SEEDS_DIR, or
    the one its manifest records; None (not checked) when it does not exist."""
    if seeds_dir is None:
        seeds_dir = seeds_dir_from_env() or default_seeds_for(manifest, index_dir)
    seeds = Path(seeds_dir)
    if not seeds.is_dir():
        log.warning("seeds folder %s not found; serving the index without checking it", seeds)
        return None
    return seeds


def built_alike(manifest: dict, encoder, config: Config) -> bool:
    """Whether a build with this encoder and config may reuse the index's passages and
    vectors: the same model, encoder and chunking (the seeds are compared file by file)."""
    return not staleness(
        manifest,
        seeds_dir=None,
        model=encoder.name,
        chunking=chunking_settings(config),
        encoder=encoder.encoder_id,
    )


def seed_hashes(seeds_dir: Path) -> dict[str, str]:
    from qa.text.sources import find_sources, source_hash

    return {
        p.relative_to(seeds_dir).as_posix(): source_hash(p, seeds_dir)
        for p in find_sources(seeds_dir)
    }


def staleness(
    manifest: dict,
    *,
    seeds_dir: Path | None,
    model: str,
    chunking: dict,
    encoder: str | None = None,
    languages: str = "auto",
) -> str:
    """Why the index no longer fits (one line), or "" when it does."""
    if manifest.get("model") != model:
        return f"it was built with model {manifest.get('model')!r}, not {model!r}"
    built_for = manifest.get("languages", "en")
    if languages != "auto" and built_for != languages:
        return (
            f"it was built for --languages {built_for}, and QA_LANGUAGES/--languages asks "
            f"for {languages}"
        )
    if encoder is not None and manifest.get("encoder") != encoder:
        return (
            f"its vectors were made by encoder {manifest.get('encoder')!r}, and questions "
            f"would be encoded by {encoder!r}"
        )
    if manifest.get("chunking") != chunking:
        return "it was built with other chunking settings"
    if seeds_dir is not None:
        if not Path(seeds_dir).is_dir():
            return f"the seeds folder {seeds_dir} is missing"
        recorded = {**manifest.get("files", {}), **manifest.get("skipped_files", {})}
        current = seed_hashes(Path(seeds_dir))
        changed = sorted(set(recorded) ^ set(current)) + sorted(
            s for s in set(recorded) & set(current) if recorded[s] != current[s]
        )
        if changed:
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            return f"seed files changed since the build: {', '.join(changed[:3])}{more}"
    return ""


def check_fresh(manifest: dict, index_dir: Path, **kwargs) -> None:
    reason = staleness(manifest, **kwargs)
    if reason:
        raise IndexStaleError(f"the index in {index_dir} is out of date ({reason}); {FIX}")
