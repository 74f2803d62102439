"""The Milvus store: the index in a Milvus collection, for several app processes and
machines (`--store milvus:PATH.db` for Milvus Lite, `--store http://HOST:19530` for a
Milvus server or cluster). The default store is the folder of files (folder.py).

Milvus finds candidates and scores them; fusion and every judgement stay in qa
(retrieval.Searcher), so answers do not depend on the store. Two collections:

    <collection>        one row per passage: id, vector (dense, inner product = cosine),
                        terms (sparse: the passage's BM25 term weights, below), the
                        Passage record, its sentence vectors (int8), file and text hashes
    <collection>_meta   the manifest, the BM25 statistics (per stem: id, document
                        frequency, best weight) and the articles' word counts

BM25 is ours, not Milvus's: the passage side of each term's score (its saturation,
tf / (tf + k1 (1 - b + b dl / avgdl))) is stored as a sparse vector, and a question
sends each of its stems weighted by its IDF, so an inner product in the engine is the
very BM25 the files store computes (bm25s, Lucene variant), stemmed and with the same
stop words. Milvus's own BM25 function would not do: Milvus Lite has no stemmer and
keeps statistics per segment (../shared/NOTES.md).
"""

from __future__ import annotations

import base64
import json
import logging
import math
import threading

import numpy as np

from qa.core.errors import IndexMissingError, QAError
from qa.words.lexical import B, K1

log = logging.getLogger(__name__)

# The collection's fields (2: record and sentences as ARRAYs of parts, and `published`;
# 3: token vectors); a collection made with other fields is rebuilt, never written into
# or read.
SCHEMA = 3
CHUNK = 60_000  # characters per meta row (a VARCHAR holds at most 65,535)
FIELDS = ["record", "sentences", "tokens", "text_hash"]
# A VARCHAR holds 65,535 bytes; a passage's record or its sentence vectors (a 256-token
# passage of very short sentences: ~130 KB of base64) can need more: such a field is an
# ARRAY of parts of at most PART characters (4 bytes each at worst in UTF-8).
PART, PARTS = 16_000, 16


def split_text(text: str, size: int = PART) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def uri_of(store: str) -> str:
    return store[len("milvus:") :] if store.startswith("milvus:") else store


def is_lite(store: str) -> bool:
    return store.startswith("milvus:")


_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def client_for(store: str):
    """One MilvusClient per store in a process (Milvus Lite allows one per .db file)."""
    with _clients_lock:
        if store not in _clients:
            try:
                from pymilvus import MilvusClient
            except ImportError:
                raise QAError(
                    "the Milvus store needs pymilvus and milvus-lite: "
                    "pip install -r requirements-milvus.txt"
                ) from None
            # pymilvus logs each failed call with its traceback(s), and its reconnection
            # attempts, on a handler of its own: 15,000 lines for 52 questions while a
            # server was down. Every engine failure here becomes one QAError line
            # (`guarded`, `_answered`), which the page logs once per question.
            logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
            if is_lite(store):
                # Lite's in-process gRPC server logs a traceback for calls it does not
                # implement (AllocTimestamp, when a collection is created): harmless. And
                # Lite logs the whole traceback of a .db file another process holds
                # before the one-line error below says so.
                logging.getLogger("grpc._server").addFilter(_LiteNoise())
                logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)
            try:
                _clients[store] = MilvusClient(uri_of(store))
            except Exception as e:  # pymilvus raises its own MilvusException and others
                raise QAError(
                    f"cannot open the Milvus store {store}: {_short(e)}; check the address "
                    "(a Milvus Lite .db file is usable by one process at a time: serve it "
                    "with `milvus-lite server` for several)"
                ) from None
        return _clients[store]


class _LiteNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "Method not implemented" not in record.getMessage()


def _short(e: Exception) -> str:
    return " ".join(str(e).split())[:200]


# ---------------------------------------------------------------- meta rows


def read_blob(client, collection: str, name: str):
    """A JSON value kept in the meta collection (split into rows of CHUNK characters)."""
    meta = f"{collection}_meta"
    head = client.get(meta, ids=[name], output_fields=["value"])
    if not head:
        return None
    parts = int(json.loads(head[0]["value"]))
    keys = [f"{name}:{i}" for i in range(parts)]
    rows = {r["key"]: r["value"] for r in client.get(meta, ids=keys, output_fields=["value"])}
    if len(rows) != parts:
        raise QAError(
            f"the Milvus store's {name} is incomplete; rebuild: python -m qa build --full"
        )
    return json.loads("".join(rows[k] for k in keys))


def read_manifest_from(client, collection: str) -> dict:
    return _answered(_read_manifest, client, collection)


def open_meta(client, collection: str) -> bool:
    """Whether the collection's meta rows exist (a build started there), loaded for
    reading if so: Milvus Lite opens a .db file's collections released (a build in
    another process loaded them in its own), and a read before load_collection fails,
    logged by pymilvus as a traceback."""
    return _answered(_open_meta, client, f"{collection}_meta")


def _open_meta(client, meta: str) -> bool:
    if not client.has_collection(meta):
        return False
    client.load_collection(meta)  # at once when loaded already (a server, this process)
    return True


def _answered(call, *args):
    try:
        return call(*args)
    except QAError:
        raise
    except Exception as e:  # the engine failed: say so in one line
        raise QAError(
            f"the Milvus store did not answer ({_short(e)}); check that it is running and reachable"
        ) from None


def _checked(manifest: dict, collection: str) -> dict:
    from qa.core.errors import IndexStaleError
    from qa.stores.manifest import FORMAT_VERSION

    if manifest.get("format_version") != FORMAT_VERSION or manifest.get("milvus_schema") != SCHEMA:
        raise IndexStaleError(
            f"collection {collection!r} was built by an older version of this program; "
            "rebuild it with: python -m qa build --full --store ..."
        )
    return manifest


def _read_manifest(client, collection: str) -> dict:
    if not client.has_collection(collection) or not client.has_collection(f"{collection}_meta"):
        raise IndexMissingError(
            f"there is no index in collection {collection!r} of this Milvus store; "
            "build it with: python -m qa build --store ..."
        )
    client.load_collection(f"{collection}_meta")
    manifest = read_blob(client, collection, "manifest")
    if manifest is None:
        raise IndexMissingError(
            f"collection {collection!r} has no finished build; build it with: python -m qa build --store ..."
        )
    return _checked(manifest, collection)


def build_id(client, collection: str) -> str | None:
    """Which build the store holds (one small read; None when there is none): a
    process reopens the index when it changes."""
    try:
        rows = client.get(f"{collection}_meta", ids=["build_id"], output_fields=["value"])
    except Exception:  # no such collection (yet), or not loaded
        return None
    return rows[0]["value"] if rows else None


def guarded(method):
    """Engine failures (connection lost, server down) become one QAError line."""
    import functools

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except QAError:
            raise
        except Exception as e:
            raise QAError(
                f"the Milvus store {self.store} did not answer ({_short(e)}); check that it "
                "is running and reachable, then ask again"
            ) from None

    return call


# ---------------------------------------------------------------- BM25, split in two


def saturation(tf: int, dl: int, avgdl: float) -> float:
    """The passage side of a term's BM25 score (Lucene variant, as bm25s)."""
    return tf / (K1 * ((1 - B) + B * dl / avgdl) + tf)


def idf(df: int, n: int) -> float:
    """The question side (Lucene's IDF, as bm25s)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def encode_bytes(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def row_count(client, collection: str) -> int:
    """How many passages the collection holds (loaded for the query)."""
    client.load_collection(collection)
    rows = client.query(collection, filter="", output_fields=["count(*)"])
    return int(rows[0]["count(*)"]) if rows else 0


def verify_milvus(config):
    """`python -m qa check` for a Milvus store: the manifest is there and the collection
    holds as many rows as it says (the engine keeps its own checksums; there are no files
    to hash). Whether it still fits its seeds, model and chunking: api.Index.verify."""
    import time

    from qa.core.types import IndexCheck

    started = time.perf_counter()
    client = client_for(config.store)
    manifest = read_manifest_from(client, config.collection)
    count = row_count(client, config.collection)
    if count != int(manifest["passages"]):
        from qa.core.errors import IndexCorruptError

        raise IndexCorruptError(
            f"collection {config.collection!r} holds {count} passages, its manifest "
            f"{manifest['passages']}; rebuild it with: python -m qa build --full --store {config.store}"
        )
    return IndexCheck(
        index_dir=f"{config.store} ({config.collection})",
        passages=count,
        files=0,
        bytes=0,
        seconds=time.perf_counter() - started,
    )
