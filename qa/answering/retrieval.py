"""Questions → ranked passages. One loaded index per folder, shared by all threads and
reloaded when a rebuild replaces it."""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.core.config import Config
from qa.encoders.embedding import encoder_for
from qa.encoders.encoder import Encoder
from qa.core.errors import QAError
from qa.answering.crosslingual import by_sentence, language_gaps, lexical_weight
from qa.words.languages import ENGLISH, ENGLISH_READING, Reading, content_words, reading
from qa.stores import builtin  # noqa: F401  (registers the folder and Milvus stores)
from qa.stores.manifest import check_fresh, chunking_settings, seeds_of
from qa.stores.protocol import StoreIndex, kind_for
from qa.words.tokens import NOTHING_ASKED, Asked, TokenStates, asked, maxsim
from qa.core.types import Article, Hit, Passage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Query:
    text: str  # after spelling repair
    vector: np.ndarray
    corrections: dict  # word as typed → article word
    context: str = ""  # the earlier questions this one leans on (follow-ups)
    dates: tuple[str, str] | None = None  # only articles published in [since, until]
    asked: Asked = NOTHING_ASKED  # its content wordpieces (tokens.py), for word matching
    reading: Reading = ENGLISH_READING  # its language, and whether its words match (languages.py)


class Searcher:
    """A loaded index with its encoder: hybrid dense + BM25 ranking."""

    def __init__(self, loaded: StoreIndex, encoder: Encoder, config: Config):
        self.index = loaded
        self.encoder = encoder
        self.config = config
        self.problem = ""  # set when the files on disk no longer match what is loaded
        self._said = ""  # the problem last logged as answered from memory

    def embed(self, text: str) -> np.ndarray:
        return self.encoder.encode_query(text, threads=self.config.query_threads)

    def prepare(self, question: str) -> Query:
        read = reading(question, self.index.manifest)
        if read.language != ENGLISH:  # spelling repair and word matching are English
            return Query(question, self.embed(question), {}, reading=read)
        text, changes = self.index.words.correct(question, self.encoder.dictionary)
        vector, states = self.encoder.encode_query_tokens(text)
        return Query(text, vector, changes, asked=asked(text, states), reading=read)

    def search(self, question: str, k: int, dates: tuple[str, str] | None = None) -> list[Hit]:
        """The k best passages, best first (fewer only if the index, or the articles
        inside `dates`, hold fewer)."""
        return self.rank(dataclasses.replace(self.prepare(question), dates=dates), k)

    def rank(self, query: Query, k: int) -> list[Hit]:
        """Weighted fusion, (1 - w) * cosine + w * scaled BM25 (0..1), over the union of
        both searches' top candidates."""
        n = self.index.size
        k = min(k, n)
        if k < 1:
            return []
        pool = min(n, max(k, self.config.ranking.candidates))
        # OpenMP's thread count is per thread: set it in whichever thread answers
        # (Gradio's workers included), or FAISS spins a second pool against the encoder.
        _faiss().omp_set_num_threads(max(1, self.config.query_threads))
        dense = self.index.dense(query.vector, pool, dates=query.dates)
        w = lexical_weight(self.config, query.reading)
        lexical = (
            self.index.lexical_top(
                content_words(query.text, query.reading.language),
                query.context,
                pool,
                also=list(dense),
                dates=query.dates,
            )
            if w > 0
            else {}
        )
        missing = [i for i in lexical if i not in dense]
        if missing:
            dense.update(self.index.cosines(query.vector, missing))
        gaps = language_gaps(self.index, query.reading, list(dense))
        scored = []
        for i, c in dense.items():
            lex = lexical.get(i, 0.0)
            scored.append(((1 - w) * (c + gaps.get(i, 0.0)) + w * lex, c, lex, i))
        if self.config.ranking.fusion == "rrf" and 0 < w < 1:
            scored = _reciprocal_rank(scored)
        scored.sort(key=lambda t: (-t[0], t[3]))
        scored = [(*t, 0.0) for t in scored]  # + the MaxSim of the reranked
        if self.reranks(query):
            scored = self._rerank(query, scored)
        elif query.reading.floors:  # a multilingual index, no English word matching
            scored = by_sentence(self.index, query.vector, scored, gaps, self.config.ranking.rerank)
        self.index.prefetch([t[3] for t in scored[: 2 * k]])  # one read for a remote store
        self._from_memory()
        hits, shown = [], set()
        for f, c, lx, i, m in scored:
            if len(hits) == k:
                break
            if i in shown:
                continue  # the same text as a better-ranked hit
            group = self.index.same_text(i)
            shown.update(group)
            passage = self.index.passage(i)
            hits.append(
                to_hit(
                    passage,
                    f,
                    similarity=c,
                    lexical=lx,
                    match=m,
                    passage_id=i,
                    also_in=self._other_sources(i, group),
                    article=self.index.article(passage.source),
                )
            )
        return hits

    def _from_memory(self) -> None:
        """Said once per problem, once a question was ranked from the copy in memory."""
        if self.problem != self._said:
            self._said = self.problem
            if self.problem:
                log.warning("%s; answering from memory", self.problem)

    def reranks(self, query: Query) -> bool:
        """Word-by-word reranking: when the index keeps token vectors, the weighted
        fusion is used (RRF's scores are ranks, not on MaxSim's scale), the question
        has content words and every article is in its language."""
        return (
            self.config.ranking.rerank > 0
            and self.config.ranking.token_weight > 0
            and self.config.ranking.fusion != "rrf"
            and self.index.manifest.get("token_vectors", False)
            and not query.asked.empty
            and query.reading.words_cover  # the English model's tokens, English articles
        )

    def _rerank(self, query: Query, scored: list[tuple]) -> list[tuple]:
        """The best `rerank` candidates ordered by (1 - a) × fused + a × MaxSim."""
        a = self.config.ranking.token_weight
        top = scored[: self.config.ranking.rerank]
        self.index.prefetch([t[3] for t in top])
        again = []
        for f, c, lx, i, _ in top:
            m = maxsim(query.asked, self.index.token_vectors(i))
            again.append(((1 - a) * f + a * m, c, lx, i, m))
        again.sort(key=lambda t: (-t[0], t[3]))
        return again + scored[len(top) :]

    def token_states(self, hit: Hit) -> TokenStates:
        """The hit's passage, token by token: the stored token vectors, or (an index that
        keeps none) encoded now, ~20 ms a passage."""
        document = self.index.passage(hit.passage_id).document
        stored = self.index.token_vectors(hit.passage_id)
        if stored is None:
            stored = self.encoder.encode_passages([document], [[]], threads=1)[2][0]
        offsets = self.encoder.token_offsets(document)
        n = min(len(stored), len(offsets))  # equal: the same tokenizer made both
        return TokenStates(stored[:n], offsets[:n])

    def _other_sources(self, i: int, group: tuple[int, ...], most: int = 20) -> tuple[str, ...]:
        """The other files holding passage i's text, in index order (at most `most`)."""
        own = self.index.passage(i).source
        out: list[str] = []
        for j in group:
            source = self.index.passage(j).source
            if source != own and source not in out:
                out.append(source)
                if len(out) == most:
                    break
        return tuple(out)

    def passage_of(self, hit: Hit) -> Passage:
        return self.index.passage(hit.passage_id)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Several question-sized texts, on the query threads."""
        return self.encoder.encode(texts, batch_size=32, threads=self.config.query_threads)

    def unknown_words(self, text: str) -> list[str]:
        """The text's content words that no article uses (inflections of used ones aside)."""
        return self.index.words.unknown_words(text, near=True)

    def known(self, word: str) -> bool:
        """Does some article use this word (or a word with its stem)?"""
        return self.index.words.known(word.lower())

    def sentence_vectors(self, hit: Hit) -> np.ndarray:
        """The stored vectors of the hit's sentences, in order (build time, int8)."""
        return self.index.sentence_vectors(hit.passage_id)


def _faiss():
    import faiss

    return faiss


def _reciprocal_rank(scored: list[tuple]) -> list[tuple]:
    """Reciprocal-rank fusion (k=60), kept for comparison in `python -m qa eval`: the
    weighted sum measured better (README)."""
    by_cos = sorted(scored, key=lambda t: -t[1])
    by_lex = sorted((t for t in scored if t[2] > 0), key=lambda t: -t[2])
    rrf = {t[3]: 1 / (61 + r) for r, t in enumerate(by_cos)}
    for r, t in enumerate(by_lex):
        rrf[t[3]] += 1 / (61 + r)
    return [(rrf[t[3]], t[1], t[2], t[3]) for t in scored]


def to_hit(
    p: Passage,
    score: float,
    *,
    similarity: float,
    lexical: float,
    passage_id: int,
    match: float = 0.0,
    also_in: tuple[str, ...] = (),
    article: Article | None = None,
) -> Hit:
    a = article or Article(p.source)
    return Hit(
        text=p.text,
        source=p.source,
        paragraph=p.paragraph,
        section=p.section,
        start=p.start,
        end=p.end,
        score=round(score, 4),
        similarity=round(similarity, 4),
        lexical=round(lexical, 4),
        match=round(match, 4),
        passage_id=passage_id,
        also_in=also_in,
        title=a.title,
        published=a.published,
        author=a.author,
        site=a.site,
        url=a.url,
        language=a.language,
    )


# ---------------------------------------------------------------- one per index

_cache: dict[tuple[str, Config], tuple[object, Searcher]] = {}
_cache_lock = threading.Lock()
_key_locks: dict[str, threading.Lock] = {}  # one load at a time per index


def get_searcher(
    index_dir=None, *, seeds_dir=None, config: Config | None = None, check_seeds: bool = True
) -> Searcher:
    """The searcher for an index (a folder, or the store config.store names), loaded once
    and checked against its seeds and model (not its seeds with `check_seeds` False:
    serving an old index while it is rebuilt).

    A new build (the store's stamp changed: a rebuild finished, here or in another
    process) triggers a reload. If the index vanishes or breaks while we run, the copy in
    memory keeps answering and `Searcher.problem` says what is wrong (the chat shows it),
    until a rebuild restores it. A store is asked outside the cache's lock, so a slow one
    holds up only its own questions.
    """
    config = config or Config.from_env()
    if index_dir is not None and not config.store and Path(index_dir) != config.index_dir:
        config = dataclasses.replace(config, index_dir=Path(index_dir))  # not per question
    kind = kind_for(config)
    key = (kind.key(config), config)
    with _cache_lock:
        lock = _key_locks.get(key[0]) or _key_locks.setdefault(key[0], threading.Lock())
    with lock:
        with _cache_lock:
            cached = _cache.get(key)
        try:
            stamp = kind.stamp(config)
            if cached and stamp is not None and stamp == cached[0]:
                cached[1].problem = kind.problem(config, cached[1].index)
                return cached[1]
            if cached and stamp is None:  # gone, or a store that does not answer
                cached[1].problem = f"the index in {kind.where(config)} is gone"
                return cached[1]
            # The stamp is taken before loading: a rebuild landing during the load makes
            # the next call reload, instead of keeping the old index as if it were new.
            for _ in range(3):
                searcher = _load(kind, config, seeds_dir, check_seeds)
                after = kind.stamp(config)
                if after == stamp:
                    break
                stamp = after  # replaced while we read it: read it again
        except QAError as e:
            return _from_memory(cached, e)
        with _cache_lock:
            _cache[key] = (stamp, searcher)
        return searcher


def _load(kind, config: Config, seeds_dir, check_seeds: bool = True) -> Searcher:
    manifest = kind.read_manifest(config)
    seeds = seeds_of(manifest, kind.base(config), seeds_dir) if check_seeds else None
    encoder = _fresh_encoder(manifest, kind.where(config), seeds, config)
    return Searcher(kind.open(config, manifest), encoder, config)


def _fresh_encoder(manifest: dict, where: str, seeds: Path | None, config: Config) -> Encoder:
    """The encoder for questions, once the index fits its seeds, model, chunking and
    encoder (IndexStaleError says what does not)."""
    fits = dict(model=config.model, chunking=chunking_settings(config))
    check_fresh(manifest, where, seeds_dir=seeds, languages=config.languages, **fits)
    encoder = encoder_for(config, manifest)  # after: a --model that is no model is "stale" first
    check_fresh(manifest, where, seeds_dir=None, encoder=encoder.encoder_id, **fits)
    return encoder


def _from_memory(cached, e: QAError) -> Searcher:
    """When the index cannot be (re)loaded: the copy in memory keeps answering, its
    `problem` saying why; with none, the error stands."""
    if not cached:
        raise e
    cached[1].problem = str(e).split(";")[0]
    return cached[1]


def forget(index_dir=None) -> None:
    """Drop cached searchers (all, or one folder's): the next call reloads."""
    with _cache_lock:
        if index_dir is None:
            _cache.clear()
        else:
            wanted = str(Path(index_dir).resolve())
            for key in [k for k in _cache if k[0] == wanted]:
                del _cache[key]
