"""The index behind a running app: made ready when the app starts (`ensure_index`), and
rebuilt when articles are added or deleted while it runs (`python app.py --allow-upload`).

A file is checked (type, size, UTF-8, some article text) before it goes into the seeds
folder, saved through `adding.save_source` (atomic, never twice), and the index is then
rebuilt incrementally in a background thread. Questions keep being answered from the
loaded index meanwhile; it reloads itself when the new manifest lands
(retrieval.get_searcher). No Gradio here: the page only shows `Rebuilder.status()`.
"""

from __future__ import annotations

import dataclasses

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa.building.adding import remove_source, save_source
from qa.core.config import Config
from qa.core.errors import (
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    QAError,
    SeedsError,
)
from qa.text.sources import SUFFIXES, chunk_file
from qa.core.types import BuildSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RebuildStatus:
    running: bool
    generation: int  # builds finished so far: changes when the article list may have
    message: str  # one line for the page


class Rebuilder:
    """Saves and deletes articles in `config.seeds_dir` and rebuilds `config.index_dir`
    behind the running app, one build at a time; a change made during a build is picked
    up by one more build right after it."""

    def __init__(self, config: Config):
        # the page's builds are a few articles at a time: on this machine, never on Ray
        self.config = dataclasses.replace(config, ray="")
        self.max_bytes = int(config.max_file_mb * 2**20)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._started = 0.0
        self._generation = 0
        self._last = ""

    def add(self, upload: Path, name: str, max_bytes: int | None = None) -> str:
        """Check an uploaded file (at most `max_bytes`, else max_file_mb), save it into
        the seeds folder as `name` (made safe), start a rebuild; returns the article's
        name in the folder."""
        source = safe_name(name)
        check_article(upload, source, max_bytes or self.max_bytes)
        try:
            saved = save_source(self.config.seeds_dir, source, upload.read_bytes())
        except OSError as e:  # a full disk, a read-only folder: one line for the page
            raise SeedsError(f"could not save {source}: {e.strerror or e}") from None
        self.start()
        return saved.relative_to(self.config.seeds_dir).as_posix()

    def remove(self, source: str) -> None:
        """Delete one article (never anything outside the seeds folder), then rebuild."""
        remove_source(source, self.config.seeds_dir)
        self.start()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True  # the running build may have listed the folder already
                return
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="rebuild", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        from qa.api import Index

        while True:
            with self._lock:
                self._again = False
            try:
                index = Index.build(
                    self.config.seeds_dir, self.config.index_dir, self.config, wait=True
                )
                last = describe(index.last_build)
            except QAError as e:
                last = f"the index was not rebuilt: {e}"
            except Exception as e:  # a thread's error would otherwise only reach stderr
                last = f"the index was not rebuilt: {type(e).__name__}: {e}"
            log.log(
                logging.WARNING if last.startswith("the index was not") else logging.INFO,
                "%s",
                last,
            )
            with self._lock:
                self._last = last
                self._generation += 1
                if not self._again:
                    self._thread = None
                    return
                self._started = time.monotonic()

    def status(self) -> RebuildStatus:
        with self._lock:
            running = self._thread is not None
            if running:
                seconds = time.monotonic() - self._started
                message = f"Rebuilding the index… {seconds:.0f} s (answers come from the "
                message += "previous index until it is done)"
            else:
                message = self._last
            return RebuildStatus(running, self._generation, message)


def describe(summary: BuildSummary | None) -> str:
    from qa.answering.page import plural

    if summary is None:
        return ""
    line = (
        f"Index rebuilt: {plural(summary.files, 'article')}, "
        f"{plural(summary.passages, 'passage')} ({summary.embedded} new) in "
        f"{summary.seconds:.1f} s"
    )
    return "; ".join([line, *summary.skipped])


def safe_name(name: str) -> str:
    """A file name for the seeds folder: letters, digits, dot, dash and underscore; no
    folder, never hidden (the build ignores dot files); the suffix kept."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80]
    return f"{stem or 'article'}{suffix}"


def check_article(path: Path, name: str, max_bytes: int) -> None:
    """SeedsError unless the file is an article the build would index under `name`: a
    known type, within the size limit, and what the build itself reads (UTF-8, some
    article text that is not a heading alone)."""
    if Path(name).suffix.lower() not in SUFFIXES:
        raise SeedsError(f"{name}: only {', '.join(SUFFIXES)} files can be added")
    size = path.stat().st_size
    if size > max_bytes:
        raise SeedsError(f"{name} is over the {max_bytes / 2**20:.0f} MB limit")
    # words stand in for tokens: whether there is text at all needs no tokenizer
    found, why, _ = chunk_file(
        path, name, lambda texts: [len(t.split()) for t in texts], entities=False
    )
    if not found:
        raise SeedsError(why.removeprefix("skipped: "))


def upload_bytes(config: Config) -> int:
    """The largest article the page takes: what this machine indexes in reasonable time
    (max_upload_mb; docs/robustness.md), and never more than the seeds folder allows."""
    return int(min(config.max_upload_mb, config.max_file_mb) * 2**20)


def ensure_index(
    config: Config, rebuilder: Rebuilder | None = None, say: Callable[[str], None] = log.info
) -> None:
    """Make the index ready for a starting app: verify it fully (sha256 of every file)
    against the seeds folder it serves (config.seeds_dir), and `say` what is wrong.

    - Missing, damaged, or made by another model, encoder or chunking: built now (the
      page cannot answer from it), waiting for a build already running.
    - Only its seed files changed (an article added, or saved while the app was down):
      it is opened at once and rebuilt in the background (`rebuilder`), as when an
      article is uploaded; a rebuild that cannot run (a read-only folder) leaves it
      answering from the old index, and says so.

    A shared store (Milvus) serves several app processes: it is only checked here, and
    built by its operator (python -m qa build --store ...). Then the model is loaded, so
    that the first visitor's question does not wait for it."""
    from qa.api import Index
    from qa.answering.page import plural

    if Index.at(None, config).shared:
        Index.at(None, config).verify()
        Index.open(None, config).warm()
        return
    index = Index.at(config.index_dir, config, seeds_dir=config.seeds_dir)
    try:
        stale = index.verify().stale
        Index.open(config.index_dir, config, seeds_dir=config.seeds_dir, stale_ok=True)
    except (IndexMissingError, IndexStaleError, IndexCorruptError) as e:
        say(f"{e}\nbuilding the index now…")
        here = dataclasses.replace(config, ray="")  # the page builds here, never on Ray
        index = Index.build(config.seeds_dir, config.index_dir, here, wait=True)
        summary = index.last_build
        say(
            f"indexed {plural(summary.files, 'file')}, {plural(summary.passages, 'passage')} "
            f"in {summary.seconds:.1f} s"
        )
    else:
        if stale:
            say(
                f"the index is out of date ({stale}): answering from it while it is "
                "rebuilt in the background"
            )
            (rebuilder or Rebuilder(config)).start()
    index.warm()


def answering_index(config: Config, say: Callable[[str], None] = log.warning):
    """The index `qa ask` answers from, by the page's rule (ensure_index): an index whose
    seed files changed since its build is rebuilt first; one that cannot be (a read-only
    folder, another build running, a store its operator builds) answers as it is, with one
    line `say`ing why. Missing, damaged or built another way: the error stands."""
    from qa.api import Index
    from qa.stores.manifest import FIX, seeds_of
    from qa.stores.protocol import kind_for

    try:
        return Index.open(None, config)
    except IndexStaleError as e:
        stale = str(e).removesuffix(f"; {FIX}")  # "the index in X is out of date (why)"
    index = Index.open(None, config, stale_ok=True)  # another model or chunking: raises
    kind = kind_for(index.config)
    seeds = seeds_of(kind.read_manifest(index.config), kind.base(index.config))
    if index.shared:
        why = "a shared store is built by its operator: python -m qa build --store ..."
    elif seeds is None:
        why = "its seeds folder is gone"
    else:
        here = dataclasses.replace(index.config, ray="")  # as the page: on this machine
        try:
            fresh = Index.build(seeds, index.location, here)
        except Exception as e:  # whatever stops the build, the old index still answers
            why = " ".join(str(e).split())  # one line
            why = why if isinstance(e, QAError) else f"{type(e).__name__}: {why}"
        else:
            was = stale.replace(" is out of date", " was out of date", 1)
            say(f"note: {was}: rebuilt it before answering")
            return fresh
    say(f"warning: {stale} and could not be rebuilt ({why}); answering from it")
    return index


def check_built_from(config: Config) -> None:
    """SeedsError when the index that `qa add` would rebuild, not named by --index or
    --store, holds the articles of another seeds folder than the one added to (its
    manifest records which): `qa add FILE --seeds DIR` rebuilt the project's index/ from
    DIR, its own articles gone. An index built from DIR (`qa build --seeds DIR`), or none
    yet, is built as before."""
    from qa.api import Index
    from qa.stores.manifest import default_seeds_for
    from qa.stores.protocol import kind_for

    config = Index.at(None, config).config  # registers the stores; the index's own settings
    kind = kind_for(config)
    try:
        manifest = kind.read_manifest(config)
    except QAError:  # none yet, or one that a build replaces anyway
        return
    built_from = default_seeds_for(manifest, kind.base(config))
    if built_from.resolve() != Path(config.seeds_dir).resolve():
        raise SeedsError(
            f"{kind.where(config)} holds the articles of {built_from}, not of "
            f"{config.seeds_dir}: name the index of {config.seeds_dir} with --index or "
            "--store (a new one is built), or save the article only with --no-build"
        )
