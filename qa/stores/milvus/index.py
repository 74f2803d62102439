"""The Milvus store loaded for answering: `MilvusIndex` answers what retrieval asks of
a store (stores.StoreIndex) with the engine's searches — dense, and BM25 as sparse inner
products (milvus.py says how) — and reads passage rows on demand, a question's worth at
a time. Engine failures become one QAError line (milvus.guarded).
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field

import numpy as np

from qa.words.lexical import Lexical, question_weights
from qa.core.errors import QAError
from qa.stores.milvus.connection import FIELDS, client_for, guarded, idf, read_blob
from qa.core.types import Article, Passage


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


def _sparse(value) -> dict[int, float]:
    """A sparse vector as pymilvus returns it (a dict, or a scipy-like row)."""
    if isinstance(value, dict):
        return {int(k): float(v) for k, v in value.items()}
    row = value.tocoo() if hasattr(value, "tocoo") else value
    return {int(k): float(v) for k, v in zip(row.col, row.data)}


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
