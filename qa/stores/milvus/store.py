"""The Milvus store behind the store protocol (stores.py): a collection in Milvus Lite
(`milvus:PATH.db`) or a Milvus server or cluster (`http://HOST:19530`, `https://`,
`tcp://`). Shared by many app processes and built by its operator, so the page never
builds it. The collection's layout and connection are milvus.py, answering from it
milvus_index.py, writing a build milvus_build.py."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from qa.core.config import Config
from qa.stores.milvus.connection import (
    build_id,
    client_for,
    open_meta,
    read_blob,
    read_manifest_from,
    verify_milvus,
)
from qa.stores.milvus.index import MilvusIndex
from qa.stores.protocol import Build, Previous, register
from qa.core.types import Article, IndexCheck

PREFIXES = ("milvus:", "http://", "https://", "tcp://")


class MilvusKind:
    name = "milvus"
    shared = True

    def __init__(self):
        self._seen: set[str] = set()  # collections known to exist

    def claims(self, location: str) -> bool:
        return isinstance(location, str) and location.startswith(PREFIXES)

    def key(self, config: Config) -> str:
        return f"{config.store}#{config.collection}"

    def where(self, config: Config) -> str:
        return f"{config.store} ({config.collection})"

    def base(self, config: Config) -> Path:
        """What a recorded seeds folder is relative to: nothing, it is kept absolute."""
        return Path(config.collection)

    def read_manifest(self, config: Config) -> dict:
        return read_manifest_from(client_for(config.store), config.collection)

    def stamp(self, config: Config):
        """The build the collection holds: reopened when another process's build ends.
        One read a question; the first asks whether there is a collection at all and loads
        it (asking for a row of one that is not there, or not loaded, makes pymilvus log
        a traceback)."""
        client = client_for(config.store)
        if self.key(config) not in self._seen:
            if not open_meta(client, config.collection):
                return None
            self._seen.add(self.key(config))
        return build_id(client, config.collection)

    def open(self, config: Config, manifest: dict):
        return MilvusIndex.open(config.store, config.collection, manifest)

    def problem(self, config: Config, opened) -> str:
        return ""  # the engine keeps its own data whole

    def writing(self, config: Config, wait: bool):
        return nullcontext()  # the engine orders writes; the manifest goes last

    def previous(self, config: Config, alike) -> Previous | None:
        from qa.stores.milvus.build import _previous

        client = client_for(config.store)
        manifest = _previous(client, config.collection, alike)
        if manifest is None:
            return None
        known = read_blob(client, config.collection, "articles") or {}
        return Previous(
            files=dict(manifest["files"]),
            articles={s: Article.from_json(a) for s, a in known.items()},
            token_vectors=bool(manifest.get("token_vectors")),
            held=manifest,
        )

    def write(self, config: Config, build: Build) -> int:
        from qa.stores.milvus.build import write

        return write(config, build)

    def verify(self, config: Config) -> IndexCheck:
        return verify_milvus(config)


register(MilvusKind())
