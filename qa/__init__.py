"""ask-the-article: offline question answering over news articles.

    import qa
    qa.build_index()                      # seeds/ → index/
    hits = qa.retrieve("How many soldiers did North Korea send?")
    reply = qa.answer("How many soldiers did North Korea send?")

Importing `qa` loads no model and no index: both load on first use, once.
"""
from .config import Config
from .errors import (BuildError, ConfigError, IndexCorruptError, IndexMissingError,
                     IndexStaleError, ModelError, QAError, QuestionError, SeedsError)
from .types import Answer, BuildSummary, Hit, Passage

__all__ = [
    "build_index", "retrieve", "answer", "Config",
    "Passage", "Hit", "Answer", "BuildSummary",
    "QAError", "ConfigError", "SeedsError", "ModelError", "IndexMissingError",
    "IndexCorruptError", "IndexStaleError", "BuildError", "QuestionError",
]
__version__ = "0.1.0"


def build_index(seeds_dir=None, index_dir=None, *, model=None, show_progress=False,
                config=None, full=False) -> BuildSummary:
    """Chunk and embed every *.txt/*.md under seeds_dir into index_dir (atomically).
    Only new and changed files are embedded unless `full`."""
    from .build import build_index as _build

    return _build(seeds_dir, index_dir, model=model, show_progress=show_progress,
                  config=config, full=full)


def retrieve(question: str, k: int = 3, *, index_dir=None, config=None) -> list[Hit]:
    """Up to k passages closest to the question, best first."""
    from .chat import retrieve as _retrieve

    return _retrieve(question, k, index_dir=index_dir, config=config)


def answer(question: str, history=(), *, k: int = 3, index_dir=None, config=None) -> Answer:
    """Only the relevant passages, each with its answering sentence; no hits when the
    articles do not cover the question."""
    from .chat import answer as _answer

    return _answer(question, history, k=k, index_dir=index_dir, config=config)
