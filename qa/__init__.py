"""ask-the-article: offline question answering over news articles.

    import qa
    qa.build_index()                      # seeds/ → index/
    hits = qa.retrieve("How many soldiers did North Korea send?")
    reply = qa.answer("How many soldiers did North Korea send?")
    index = qa.Index.open("index/")       # the object the functions above are shims over

Importing `qa` loads no model and no index: both load on first use, once.
"""

from qa.core.config import Config
from qa.core.errors import (
    BuildBusyError,
    BuildError,
    ClusterError,
    ConfigError,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    ModelError,
    QAError,
    QuestionError,
    SeedsError,
)
from qa.core.types import Answer, Article, BuildSummary, Health, Hit, IndexCheck, Passage

__all__ = [
    "Index",
    "Rebuilder",
    "build_index",
    "retrieve",
    "answer",
    "verify_index",
    "Config",
    "Passage",
    "Article",
    "Hit",
    "Answer",
    "BuildSummary",
    "IndexCheck",
    "Health",
    "QAError",
    "ConfigError",
    "SeedsError",
    "ModelError",
    "IndexMissingError",
    "IndexCorruptError",
    "IndexStaleError",
    "BuildError",
    "BuildBusyError",
    "ClusterError",
    "QuestionError",
]
__version__ = "0.1.0"


def build_index(
    seeds_dir=None,
    index_dir=None,
    *,
    model=None,
    show_progress=False,
    config=None,
    full=False,
    wait=False,
) -> BuildSummary:
    """Chunk and embed every *.txt/*.md under seeds_dir into index_dir (atomically).
    Only new and changed files are embedded unless `full`. One build per index folder
    at a time: another running one is a BuildBusyError, or waited for with `wait`."""
    from qa.building.build import build_index as _build

    return _build(
        seeds_dir,
        index_dir,
        model=model,
        show_progress=show_progress,
        config=config,
        full=full,
        wait=wait,
    )


def retrieve(
    question: str, k: int | None = None, *, index_dir=None, config=None, since=None, until=None
) -> list[Hit]:
    """Up to k passages closest to the question, best first (k: config.k, 3); with
    since/until ("2024-09-01"), only from articles published inside those dates."""
    from qa.api import Index

    return Index.at(index_dir, config).retrieve(question, k, since=since, until=until)


def answer(
    question: str,
    history=(),
    *,
    k: int | None = None,
    index_dir=None,
    config=None,
    since=None,
    until=None,
) -> Answer:
    """Only the relevant passages, each with its answering sentence; no hits when the
    articles do not cover the question (k: config.k, 3). since/until as for retrieve."""
    from qa.api import Index

    return Index.at(index_dir, config).answer(question, history, k, since=since, until=until)


def verify_index(index_dir=None, *, config=None) -> IndexCheck:
    """Check every index file against the sha256 in its manifest, and the index against
    its seeds folder, model, chunking and encoder (`IndexCheck.stale`). Damage raises
    IndexCorruptError; a missing index IndexMissingError."""
    from qa.api import Index

    return Index.at(index_dir, config).verify()


def __getattr__(name: str):
    if name == "Index":  # imported on first use: `import qa` stays light
        from qa.api import Index

        return Index
    if name == "Rebuilder":  # adds and deletes articles, rebuilding in the background
        from qa.manage import Rebuilder

        return Rebuilder
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
