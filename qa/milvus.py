"""The Milvus store: the index in a Milvus collection, for several app processes and
machines (`--store milvus:PATH.db` for Milvus Lite, `--store http://HOST:19530` for a
Milvus server or cluster). The default store is the folder of files (index.py).

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
from dataclasses import dataclass, field

import numpy as np

from .errors import IndexMissingError, QAError
from .lexical import B, K1, Lexical, question_weights
from .types import Article, Passage

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
    try:
        return _read_manifest(client, collection)
    except QAError:
        raise
    except Exception as e:  # the engine failed: say so in one line
        raise QAError(
            f"the Milvus store did not answer ({_short(e)}); check that it is running and reachable"
        ) from None


def _checked(manifest: dict, collection: str) -> dict:
    from .errors import IndexStaleError
    from .manifest import FORMAT_VERSION

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


def date_filter(dates) -> str:
    """A Milvus filter for articles published inside (since, until); "" for none.
    ISO dates compare as strings; undated rows ("") never match a range."""
    if dates is None:
        return ""
    since, until = dates
    parts = ['published != ""']
    if since:
        parts.append(f'published >= "{since}"')
    if until:
        parts.append(f'published <= "{until}"')
    return " and ".join(parts)


# ---------------------------------------------------------------- BM25, split in two


def saturation(tf: int, dl: int, avgdl: float) -> float:
    """The passage side of a term's BM25 score (Lucene variant, as bm25s)."""
    return tf / (K1 * ((1 - B) + B * dl / avgdl) + tf)


def idf(df: int, n: int) -> float:
    """The question side (Lucene's IDF, as bm25s)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def encode_bytes(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def _sparse(value) -> dict[int, float]:
    """A sparse vector as pymilvus returns it (a dict, or a scipy-like row)."""
    if isinstance(value, dict):
        return {int(k): float(v) for k, v in value.items()}
    row = value.tocoo() if hasattr(value, "tocoo") else value
    return {int(k): float(v) for k, v in zip(row.col, row.data)}


# ---------------------------------------------------------------- the loaded store


@dataclass
class MilvusIndex:
    """What retrieval.Searcher asks of a store, answered by Milvus."""

    store: str
    collection: str
    manifest: dict
    terms: dict  # stem → [id, document frequency, best saturation]
    words: Lexical  # word counts and stems: spelling repair, unknown words (no postings)
    # id → (Passage, sentence vectors, text hash, token vectors or None)
    _records: dict = field(default_factory=dict)
    articles: dict = field(default_factory=dict)  # source → Article (title, date, ...)
    _groups: dict = field(default_factory=dict)  # text hash → ids with that text
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)  # one question's reads

    @classmethod
    def open(cls, store: str, collection: str, manifest: dict) -> MilvusIndex:
        """The collection whose manifest (read_manifest_from) the caller has read."""
        client = client_for(store)
        client.load_collection(collection)
        terms = read_blob(client, collection, "terms") or {}
        counts = read_blob(client, collection, "words") or {}
        vocab = {t: v[0] for t, v in terms.items() if v[1] > 0}  # deleted words: unknown
        words = Lexical(None, None, np.zeros(1, np.int64), vocab, counts)
        articles = read_blob(client, collection, "articles") or {}
        made = cls(store, collection, manifest, terms, words)
        made.articles = {s: Article.from_json(a) for s, a in articles.items()}
        return made

    @property
    def client(self):
        return client_for(self.store)

    @property
    def size(self) -> int:
        return int(self.manifest["passages"])

    # -- dense
    @guarded
    def dense(self, vector: np.ndarray, k: int, dates=None) -> dict[int, float]:
        found = self.client.search(
            self.collection,
            data=[vector.astype(np.float32).tolist()],
            anns_field="vector",
            filter=date_filter(dates),
            limit=k,
            search_params={"metric_type": "IP"},
            # the candidates' terms come along: their BM25 needs no second read
            output_fields=["terms"],
        )[0]
        self._local.terms = {int(h["id"]): _sparse(h["entity"]["terms"]) for h in found}
        self._local.vectors = {}
        return {int(h["id"]): float(h["distance"]) for h in found}

    @guarded
    def vectors_of(self, ids: list[int]) -> dict[int, np.ndarray]:
        known = getattr(self._local, "vectors", {})
        out = {i: known[i] for i in ids if i in known}
        rest = [i for i in ids if i not in out]
        if rest:
            rows = self.client.get(self.collection, ids=rest, output_fields=["vector"])
            out.update({int(r["id"]): np.asarray(r["vector"], np.float32) for r in rows})
        return out

    def cosines(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        return {i: float(v @ vector) for i, v in self.vectors_of(ids).items()}

    def vector(self, i: int) -> np.ndarray:
        return self.vectors_of([i])[i]

    # -- lexical
    @guarded
    def lexical_top(
        self, question: str, context: str, k: int, also=(), dates=None
    ) -> dict[int, float]:
        """BM25 scaled 0..1 (as lexical.Lexical.scores) of the k best passages, found by
        the engine, and of `also` (the dense candidates), computed from their stored
        terms: the same scores the files store gives."""
        query, scale = self._query_terms(question, context)
        if not query:
            return {}
        found = self.client.search(
            self.collection,
            data=[query],
            anns_field="terms",
            filter=date_filter(dates),
            limit=k,
            search_params={"metric_type": "IP"},
            output_fields=["vector"],  # for the cosines of lexical-only candidates
        )[0]
        self._local.vectors = {
            int(h["id"]): np.asarray(h["entity"]["vector"], np.float32) for h in found
        }
        # Sparse inner products come back as they are (Lite's BM25 *function* would
        # return them negated; this is not that function).
        out = {int(h["id"]): float(h["distance"]) * scale for h in found}
        known = getattr(self._local, "terms", {})
        rest = [int(i) for i in also if int(i) not in out and int(i) not in known]
        if rest:
            rows = self.client.get(self.collection, ids=rest, output_fields=["terms"])
            known = {**known, **{int(r["id"]): _sparse(r["terms"]) for r in rows}}
        for i in also:
            if int(i) not in out and int(i) in known:
                terms = known[int(i)]
                out[int(i)] = sum(query.get(t, 0.0) * v for t, v in terms.items()) * scale
        return {i: v for i, v in out.items() if v > 0}

    def _query_terms(self, question: str, context: str, context_weight: float = 0.5):
        """The question's stems weighted by IDF (context words count `context_weight`),
        and the factor that scales a passage's sum to 0..1 (Lexical.scores)."""
        weights = question_weights(question, context, context_weight)
        n = self.size
        query, ideal, asked, matched = {}, 0.0, 0.0, 0.0
        for term, weight in weights.items():
            asked += weight
            known = self.terms.get(term)
            if not known or known[1] <= 0:
                continue
            w = weight * idf(known[1], n)
            query[int(known[0])] = w
            ideal += w * known[2]
            matched += weight
        if ideal <= 0:
            return {}, 0.0
        return query, matched / asked / ideal

    # -- records
    @guarded
    def prefetch(self, ids) -> None:
        """Read the rows of these passages in one call (the hits to come)."""
        with self._lock:
            missing = [int(i) for i in ids if int(i) not in self._records]
        if not missing:
            return
        rows = self.client.get(self.collection, ids=missing, output_fields=FIELDS)
        with self._lock:
            for r in rows:
                self._records[int(r["id"])] = _parse_row(r)
            while len(self._records) > 4096:  # the oldest go first
                self._records.pop(next(iter(self._records)))
        self._read_groups(sorted({r["text_hash"] for r in rows}))

    def _read_groups(self, digests: list[str]) -> None:
        """Which passages share each of these texts, in one query."""
        same = self.client.query(
            self.collection,
            filter=f"text_hash in {json.dumps(digests)}",
            output_fields=["text_hash"],
            limit=16384,
        )
        groups: dict[str, set] = {d: set() for d in digests}
        for r in same:
            groups[r["text_hash"]].add(int(r["id"]))
        with self._lock:
            for digest, ids_ in groups.items():
                self._groups[digest] = tuple(sorted(ids_))
            while len(self._groups) > 4096:
                self._groups.pop(next(iter(self._groups)))

    def _rows(self, i: int) -> tuple:
        with self._lock:
            found = self._records.get(i)
        if found is None:
            self.prefetch([i])
            with self._lock:
                found = self._records.get(i)
        if found is None:
            raise QAError(
                f"passage {i} is gone from the Milvus store (rebuilt meanwhile?); ask again"
            )
        return found

    def article(self, source: str) -> Article | None:
        return self.articles.get(source)

    def passage(self, i: int) -> Passage:
        return self._rows(i)[0]

    def sentence_vectors(self, i: int) -> np.ndarray:
        return self._rows(i)[1]

    def token_vectors(self, i: int) -> np.ndarray | None:
        return self._rows(i)[3]

    @guarded
    def same_text(self, i: int) -> tuple[int, ...]:
        """The passages with passage i's text (itself included), in id order."""
        digest = self._rows(i)[2]
        with self._lock:
            group = self._groups.get(digest)
        if group is None:
            self._read_groups([digest])
            with self._lock:
                group = self._groups.get(digest, ())
        return tuple(sorted(set(group) | {i}))


def _parse_row(r: dict) -> tuple:
    """(Passage, sentence vectors, text hash, token vectors or None) of a row."""
    tokens = "".join(r["tokens"])
    return (
        Passage.from_json(json.loads("".join(r["record"]))),
        _int8_rows(json.loads("".join(r["sentences"]))),
        r["text_hash"],
        _int8_rows(json.loads(tokens)) if tokens else None,
    )


def _int8_rows(stored: dict) -> np.ndarray:
    """Rows kept as base64 int8 values and float32 scales (sentences.py), dequantised."""
    q = np.frombuffer(base64.b64decode(stored["q"]), dtype=np.int8)
    scales = np.frombuffer(base64.b64decode(stored["scales"]), dtype=np.float32)
    return q.reshape(len(scales), -1).astype(np.float32) * scales[:, None]


def row_count(client, collection: str) -> int:
    """How many passages the collection holds (loaded for the query)."""
    client.load_collection(collection)
    rows = client.query(collection, filter="", output_fields=["count(*)"])
    return int(rows[0]["count(*)"]) if rows else 0


def verify_milvus(config, encoder_id: str):
    """`python -m qa check` for a Milvus store: the manifest is there, the collection
    holds as many rows as it says, and the index still fits its seeds, model and
    chunking (the engine keeps its own checksums; there are no files to hash)."""
    import time
    from pathlib import Path

    from .manifest import chunking_settings, seeds_of, staleness
    from .types import IndexCheck

    started = time.perf_counter()
    client = client_for(config.store)
    manifest = read_manifest_from(client, config.collection)
    count = row_count(client, config.collection)
    if count != int(manifest["passages"]):
        from .errors import IndexCorruptError

        raise IndexCorruptError(
            f"collection {config.collection!r} holds {count} passages, its manifest "
            f"{manifest['passages']}; rebuild it with: python -m qa build --full --store {config.store}"
        )
    stale = staleness(
        manifest,
        seeds_dir=seeds_of(manifest, Path(config.collection)),  # elsewhere: unchecked
        model=config.model,
        chunking=chunking_settings(config),
        encoder=encoder_id,
    )
    return IndexCheck(
        index_dir=f"{config.store} ({config.collection})",
        passages=count,
        files=0,
        bytes=0,
        seconds=time.perf_counter() - started,
        stale=stale,
    )
