"""ask-the-article: offline question answering over news articles.

    import qa
    qa.build_index()                      # seeds/ → index/
    hits = qa.retrieve("How many soldiers did North Korea send?")
    reply = qa.answer("How many soldiers did North Korea send?")

Importing `qa` loads no model and no index: both load on first use, once.
"""
from .config import Config
from .errors import (BuildBusyError, BuildError, ConfigError, IndexCorruptError,
                     IndexMissingError, IndexStaleError, ModelError, QAError, QuestionError,
                     SeedsError)
from .types import Answer, BuildSummary, Hit, IndexCheck, Passage

__all__ = [
    "build_index", "retrieve", "answer", "verify_index", "Config",
    "Passage", "Hit", "Answer", "BuildSummary", "IndexCheck",
    "QAError", "ConfigError", "SeedsError", "ModelError", "IndexMissingError",
    "IndexCorruptError", "IndexStaleError", "BuildError", "BuildBusyError", "QuestionError",
]
__version__ = "0.1.0"


def build_index(seeds_dir=None, index_dir=None, *, model=None, show_progress=False,
                config=None, full=False, wait=False) -> BuildSummary:
    """Chunk and embed every *.txt/*.md under seeds_dir into index_dir (atomically).
    Only new and changed files are embedded unless `full`. One build per index folder
    at a time: another running one is a BuildBusyError, or waited for with `wait`."""
    from .build import build_index as _build

    return _build(seeds_dir, index_dir, model=model, show_progress=show_progress,
                  config=config, full=full, wait=wait)


def verify_index(index_dir=None, *, config=None) -> IndexCheck:
    """Check every index file against the sha256 in its manifest, and the index against
    its seeds folder, model and chunking (`IndexCheck.stale`). Damage raises
    IndexCorruptError; a missing index IndexMissingError."""
    import dataclasses
    from pathlib import Path

    from .build import chunking_settings
    from .embedding import encoder_for
    from .index import read_manifest, staleness
    from .index import verify_index as _verify
    from .retrieval import seeds_of

    config = config or Config.from_env()
    folder = Path(index_dir) if index_dir is not None else config.index_dir
    checked = _verify(folder)
    manifest = read_manifest(folder)
    stale = staleness(manifest, seeds_dir=seeds_of(manifest, folder), model=config.model,
                      chunking=chunking_settings(config),
                      encoder=encoder_for(config).encoder_id)
    return dataclasses.replace(checked, stale=stale)


def retrieve(question: str, k: int = 3, *, index_dir=None, config=None) -> list[Hit]:
    """Up to k passages closest to the question, best first."""
    from .chat import retrieve as _retrieve

    return _retrieve(question, k, index_dir=index_dir, config=config)


def answer(question: str, history=(), *, k: int = 3, index_dir=None, config=None) -> Answer:
    """Only the relevant passages, each with its answering sentence; no hits when the
    articles do not cover the question."""
    from .chat import answer as _answer

    return _answer(question, history, k=k, index_dir=index_dir, config=config)
