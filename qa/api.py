"""`qa.Index`: one index — opened or built — that answers. The public centre of the
package: `qa.retrieve`, `qa.answer`, `qa.build_index` and `qa.verify_index` are shims
over it, and the app and the command line use it alone.

    index = qa.Index.open("index/")               # loaded once per process and location
    index.answer("How many soldiers did North Korea send?")
    index.health()                                # Health(ok=..., problem=..., stale=...)
    qa.Index.build("seeds/", "index/")            # build (incrementally), then open

Loading is shared: every Index on the same location and settings uses one loaded copy,
reloaded by itself when a rebuild replaces the files (retrieval.get_searcher).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from qa.stores import builtin  # noqa: F401  (registers the folder and Milvus stores)
from qa.core.config import Config
from qa.stores.protocol import claimed, kind_for
from qa.core.types import Answer, Article, BuildSummary, Health, Hit, IndexCheck


class Index:
    """An index folder with the settings it is used with. Make one with `open` or `build`."""

    def __init__(self, location: Path, config: Config, seeds_dir=None):
        # A folder of files, or (config.store set) a store named by its address
        self.location = config.store or Path(location)
        if not config.store:
            config = dataclasses.replace(config, index_dir=self.location)
        self.config = config
        # the seeds folder the index is checked against; None: QA_SEEDS_DIR, else the one
        # its manifest records (manifest.seeds_of)
        self.seeds_dir = Path(seeds_dir) if seeds_dir is not None else None
        self.last_build: BuildSummary | None = None

    @classmethod
    def open(
        cls, location=None, config: Config | None = None, *, seeds_dir=None, stale_ok=False
    ) -> Index:
        """The index at `location` (default: the configured index_dir), loaded and checked
        against its seeds, model and encoder now, so that problems surface here. With
        `stale_ok`, seed files changed since the build do not stop it (the app answers
        from the old index while it rebuilds); another model or encoder still does."""
        index = cls.at(location, config, seeds_dir=seeds_dir)
        index._searcher(stale_ok=stale_ok)
        return index

    @classmethod
    def at(cls, location=None, config: Config | None = None, *, seeds_dir=None) -> Index:
        """The index at `location` (default: the configured index_dir), not loaded yet:
        the first question loads it, and says what is wrong if it cannot."""
        config = config or Config.from_env()
        if claimed(location):
            config = dataclasses.replace(config, store=location)  # a store's address
            location = None
        if location is None and config.store:
            return cls(Path(config.store), config, seeds_dir)
        where = Path(location) if location is not None else config.index_dir
        return cls(where, config, seeds_dir)

    @classmethod
    def build(
        cls,
        seeds_dir=None,
        location=None,
        config: Config | None = None,
        *,
        full: bool = False,
        show_progress: bool = False,
        wait: bool = False,
    ) -> Index:
        """Build the seeds folder into `location` (incrementally unless `full`), then open
        it. `last_build` holds the BuildSummary."""
        from qa.building.build import build_index

        index = cls.at(location, config)
        summary = build_index(
            seeds_dir,
            index.location,
            config=index.config,
            full=full,
            show_progress=show_progress,
            wait=wait,
        )
        index._searcher()
        index.last_build = summary
        return index

    @property
    def where(self) -> str:
        """The index, for messages: "index" (a folder), "milvus:x.db (qa)" (a store)."""
        return kind_for(self.config).where(self.config)

    @property
    def shared(self) -> bool:
        """Whether the store serves several processes and is built by its operator (a
        Milvus server): the page then never builds or changes it."""
        return kind_for(self.config).shared

    def _searcher(self, stale_ok: bool = False):
        from qa.answering.retrieval import get_searcher

        return get_searcher(
            self.location, seeds_dir=self.seeds_dir, config=self.config, check_seeds=not stale_ok
        )

    def retrieve(self, question: str, k: int | None = None, *, since=None, until=None) -> list[Hit]:
        """The k best-ranked passages, best first, relevant or not (k: config.k). With
        since/until ("2024-09-01", inclusive), only articles published inside them;
        undated articles are then left out. Ranking only: the hits' `answer_text` is
        empty, for choosing each one's answering sentence is `answer`'s work (~0.8 ms a
        hit, which would make `retrieve` slower than `answer`; docs/performance.md)."""
        from qa.core.inputs import clean_dates, clean_question

        text, _ = clean_question(question)
        dates = clean_dates(since, until)
        return self._searcher().search(text, k if k is not None else self.config.k, dates)

    def answer(
        self, question: str, history=(), k: int | None = None, *, since=None, until=None
    ) -> Answer:
        """Only the relevant passages, each with its answering sentence; no hits when the
        articles do not cover the question (k: config.k). since/until as for retrieve.
        When dated articles state different figures, both are shown, newest first."""
        from qa.answering.chat import answer

        return answer(
            question,
            history,
            k=k if k is not None else self.config.k,
            index_dir=self.location,
            config=self.config,
            since=since,
            until=until,
        )

    def articles(self) -> list[Article]:
        """Every indexed article (title, date, author, site, URL, passages), newest first;
        undated ones last, by file name."""
        found = list(self._searcher().index.articles.values())
        dated = sorted((a for a in found if a.published), key=lambda a: a.published, reverse=True)
        return dated + sorted((a for a in found if not a.published), key=lambda a: a.source)

    def article(self, source: str) -> Article:
        """One article with `text` filled in: the text its passages' offsets refer to (a
        page's extracted text; a .txt/.md file as read, front matter blanked), for showing
        a hit in its context. SeedsError when the index or the seeds folder lacks it."""
        from qa.text.documents import read_article
        from qa.core.errors import SeedsError
        from qa.stores.manifest import default_seeds_for
        from qa.text.sources import read_source, source_hash

        index = self._searcher().index
        known = index.article(source)
        if known is None:
            raise SeedsError(f"{source} is not an indexed article; see Index.articles()")
        if known.text:
            return known
        # The folder the index was built from, else the configured one; and only the
        # very file that was indexed (same sha256), or the offsets would not fit it.
        recorded = default_seeds_for(index.manifest, kind_for(self.config).base(self.config))
        folders = [recorded, Path(self.config.seeds_dir)]
        wanted = index.manifest.get("files", {}).get(source)
        for folder in folders:
            path = folder / source
            try:
                if path.is_file() and source_hash(path, folder) == wanted:
                    text, _ = read_article(path, source, read_source(path))
                    return dataclasses.replace(known, text=text)
            except (OSError, UnicodeDecodeError):
                continue
        raise SeedsError(
            f"{source} changed or went away since the index was built; rebuild it: "
            "python -m qa build"
        )

    def warm(self) -> None:
        """Load the encoder now, not on the first question."""
        self._searcher().embed("warm up")

    def verify(self) -> IndexCheck:
        """Every file against the sha256 in the manifest (IndexCorruptError if one differs),
        and whether the index still matches its seeds, model, chunking and encoder."""
        from qa.encoders.embedding import encoder_for
        from qa.stores.manifest import chunking_settings, seeds_of, staleness

        kind = kind_for(self.config)
        checked = kind.verify(self.config)
        manifest = kind.read_manifest(self.config)
        stale = staleness(
            manifest,
            seeds_dir=seeds_of(manifest, kind.base(self.config), self.seeds_dir),
            model=self.config.model,
            chunking=chunking_settings(self.config),
            encoder=encoder_for(self.config, manifest).encoder_id,
            languages=self.config.languages,
        )
        return dataclasses.replace(checked, stale=stale)

    def health(self) -> Health:
        """What the running index is: passages, encoder, build time, and what is wrong (a
        file changed under it, or "" when nothing is)."""
        searcher = self._searcher()
        manifest = searcher.index.manifest
        return Health(
            location=str(self.location),
            ok=not searcher.problem,
            problem=searcher.problem,
            passages=searcher.index.size,
            encoder=str(manifest.get("encoder", "")),
            built_at=str(manifest.get("built_at", "")),
        )

    def __repr__(self) -> str:
        return f"Index({str(self.location)!r})"
