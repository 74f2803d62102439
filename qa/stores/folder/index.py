"""The folder index loaded for answering: `load_index` reads and cross-checks the files
(index_files.py names and writes them) into a `LoadedIndex`, the folder store's answer
to what retrieval asks of a store (stores.StoreIndex). Large files stay on disk and are
read record by record; the rest is held in memory.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.core.errors import IndexCorruptError, QAError
from qa.stores.folder.files import (
    ARTICLES,
    FIX,
    LEXICAL,
    PASSAGES,
    VECTORS,
    read_articles,
    read_manifest,
    verify_files,
)
from qa.core.inputs import in_range
from qa.words.lexical import Lexical
from qa.stores.sentences import SENTENCES, TOKENS, VectorRows
from qa.core.store import DUPLICATES, Duplicates, PassageStore
from qa.core.types import Article, IndexCheck, Passage
from qa.stores.folder.vectors import ready

log = logging.getLogger(__name__)

# Date ranges holding up to this many passages are searched exactly (~3 ms per 10^4).
EXACT_WITHIN = 20_000


@dataclass(frozen=True)
class LoadedIndex:
    path: Path
    manifest: dict
    passages: PassageStore  # a Sequence[Passage], read from disk on demand
    vectors: object  # faiss.Index
    lexical: Lexical
    duplicates: Duplicates  # which passages have the same text
    sentences: VectorRows  # each passage's sentence vectors (the answering sentence)
    articles: dict = field(default_factory=dict)  # source → Article (title, date, ...)
    tokens: VectorRows | None = None  # each passage's token vectors (tokens.py), if kept

    # What retrieval.Searcher asks of a store (milvus_index.MilvusIndex answers the same).
    @property
    def size(self) -> int:
        return len(self.passages)

    @property
    def words(self) -> Lexical:  # spelling repair and unknown words
        return self.lexical

    def dense(self, vector, k: int, dates=None) -> dict[int, float]:
        if dates is None:
            cos, ids = self.vectors.search(vector[None, :], k)
        else:  # only the passages of articles inside the dates
            allowed = self.allowed(dates)
            if not len(allowed):
                return {}
            if len(allowed) <= EXACT_WITHIN:
                # exact over the range: IVF / HNSW with a selector only filter what
                # nprobe / efSearch visit, and a narrow range would come back short
                cos = (self.vectors.reconstruct_batch(allowed) @ vector)[None, :]
                top = np.argsort(-cos[0], kind="stable")[:k]
                return {int(allowed[i]): float(cos[0][i]) for i in top}
            cos, ids = self.vectors.search(vector[None, :], k, params=self._only(allowed))
        return {int(i): float(c) for c, i in zip(cos[0], ids[0]) if i >= 0}

    def allowed(self, dates) -> np.ndarray:
        """The ids of passages from articles published inside `dates` (sorted)."""
        ranges = self.manifest.get("ranges", {})
        parts = [
            np.arange(ranges[s][0], ranges[s][0] + ranges[s][1], dtype=np.int64)
            for s, a in self.articles.items()
            if s in ranges and in_range(a.published, dates)
        ]
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    def _only(self, allowed: np.ndarray):
        """FAISS search parameters restricted to these ids, keeping the index's own
        nprobe / efSearch (a parameters object would otherwise reset them)."""
        import faiss

        selector = faiss.IDSelectorBatch(allowed)
        ivf = faiss.try_extract_index_ivf(self.vectors)
        if ivf is not None:
            return faiss.SearchParametersIVF(sel=selector, nprobe=ivf.nprobe)
        if hasattr(self.vectors, "hnsw"):
            return faiss.SearchParametersHNSW(sel=selector, efSearch=self.vectors.hnsw.efSearch)
        return faiss.SearchParameters(sel=selector)

    def cosines(self, vector, ids: list[int]) -> dict[int, float]:
        vecs = self.vectors.reconstruct_batch(np.asarray(ids, dtype=np.int64))
        return dict(zip(ids, (vecs @ vector).tolist()))

    def vector(self, i: int):
        return self.vectors.reconstruct(i)

    def lexical_top(
        self, question: str, context: str, k: int, also=(), dates=None
    ) -> dict[int, float]:
        """BM25 scaled 0..1 (Lexical.scores) of the k best passages (inside `dates`) and
        of `also`, those above 0."""
        scores = self.lexical.scores(question, context)
        if dates is not None:
            keep = np.zeros(len(scores), dtype=bool)
            keep[self.allowed(dates)] = True
            scores = np.where(keep, scores, 0).astype(np.float32)
        n = len(scores)
        if not n or float(scores.max()) <= 0:
            return {}
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        return {int(i): float(scores[i]) for i in (*top, *also) if scores[i] > 0}

    def prefetch(self, ids) -> None:  # records are read on demand from local files
        pass

    def passage(self, i: int) -> Passage:
        return self.passages[i]

    def article(self, source: str) -> Article | None:
        return self.articles.get(source)

    def sentence_vectors(self, i: int):
        return self.sentences.of(i)

    def token_vectors(self, i: int):
        """Passage i's token vectors as built, or None when the index keeps none."""
        return None if self.tokens is None else self.tokens.of(i)

    def same_text(self, i: int) -> tuple[int, ...]:
        return self.duplicates.group(i)


def load_index(
    index_dir: Path,
    *,
    nprobe: int = 64,
    ef_search: int = 64,
    verify: str = "full",
    in_memory_bytes: int = 64 * 2**20,
) -> LoadedIndex:
    """Load and cross-check the files; any damage is one IndexCorruptError.

    verify: "full" hashes every file; "quick" checks sizes and hashes only files under
    `in_memory_bytes` (the large ones are checked record by record as they are read)."""
    import faiss

    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    verify_files(index_dir, manifest, full=verify == "full", hash_below=in_memory_bytes)
    try:
        vectors = ready(
            faiss.read_index(str(index_dir / VECTORS)), nprobe=nprobe, ef_search=ef_search
        )
        passages = PassageStore(index_dir / PASSAGES, in_memory_bytes)
        passages[0], passages[len(passages) - 1]  # the ends parse: not garbled
        lexical = Lexical.load(index_dir / LEXICAL, in_memory_bytes)
        duplicates = Duplicates(index_dir / DUPLICATES, len(passages))
        sentences = VectorRows(index_dir, len(passages), in_memory_bytes, SENTENCES)
        tokens = None
        if manifest.get("token_vectors"):
            tokens = VectorRows(index_dir, len(passages), in_memory_bytes, TOKENS)
        articles = read_articles(index_dir / ARTICLES)
    except QAError:
        raise
    except (RuntimeError, OSError, ValueError, KeyError, TypeError, EOFError):
        raise IndexCorruptError(f"the index files in {index_dir} are unreadable; {FIX}") from None
    n = manifest.get("passages")
    if not (vectors.ntotal == len(passages) == n) or vectors.d != manifest.get("dimension"):
        raise IndexCorruptError(f"the index files in {index_dir} disagree; {FIX}")
    if lexical.num_docs != n:
        raise IndexCorruptError(f"the lexical index in {index_dir} disagrees; {FIX}")
    for i in (0, n - 1):  # the ends line up with the passage records
        a, b = sentences.rows(i)
        if b - a != len(passages[i].sentences):
            raise IndexCorruptError(f"the sentence vectors in {index_dir} disagree; {FIX}")
    ranges = manifest.get("ranges", {})
    if articles and any(a.passages != ranges.get(s, [0, 0])[1] for s, a in articles.items()):
        # the page lists each article with its passages: a list without them is stale
        raise IndexCorruptError(f"{ARTICLES} in {index_dir} disagrees with the manifest; {FIX}")
    return LoadedIndex(
        index_dir, manifest, passages, vectors, lexical, duplicates, sentences, articles, tokens
    )


def verify_index(index_dir: Path) -> IndexCheck:
    """Full verification: every file's sha256 against the manifest, then a load that
    cross-checks the files. Raises IndexMissingError / IndexCorruptError / ..."""
    started = time.perf_counter()
    manifest = read_manifest(index_dir)
    hashed = verify_files(index_dir, manifest, full=True)
    loaded = load_index(index_dir, verify="quick")
    return IndexCheck(
        index_dir=str(index_dir),
        passages=len(loaded.passages),
        files=len(manifest["sizes"]),
        bytes=hashed,
        seconds=time.perf_counter() - started,
    )
