"""Questions → answers: only the passages judged relevant, each with the sentence that
best answers the question; no hits at all when the articles do not cover it."""
from __future__ import annotations

import dataclasses
import logging

import numpy as np

from .config import Config
from .lexical import stems
from .retrieval import Query, Searcher, clean_question, get_searcher
from .types import Answer, Hit

log = logging.getLogger(__name__)

NOT_COVERED = "The articles do not cover this question."


def retrieve(question: str, k: int = 3, *, index_dir=None, config: Config | None = None
             ) -> list[Hit]:
    """The k best-ranked passages, best first, relevant or not."""
    config = config or Config.from_env()
    text, _ = clean_question(question, config.max_question_chars)
    return get_searcher(index_dir, config=config).search(text, k)


def answer(question: str, history=(), *, k: int = 3, index_dir=None,
           config: Config | None = None) -> Answer:
    """Relevant hits only, each with its answering sentence; empty when not covered."""
    config = config or Config.from_env()
    text, notes = clean_question(question, config.max_question_chars)
    searcher = get_searcher(index_dir, config=config)
    query = searcher.prepare(text)
    if query.corrections:
        fixed = ", ".join(f"“{new}” for “{old}”" for old, new in query.corrections.items())
        notes.append(f"Searched with {fixed}.")
    candidates = searcher.rank(query, max(3 * k, 10))
    kept = _distinct(judge(query, candidates, config))[:k]
    if not kept:
        return Answer(question=text, hits=(), message=NOT_COVERED, notes=tuple(notes))
    return Answer(question=text, hits=tuple(with_answer_sentences(searcher, query, kept)),
                  notes=tuple(notes))


def term_share(question: str, hit: Hit) -> float:
    """Share of the question's content words (stemmed) that the passage or its section
    holds: the lexical evidence that it is about what was asked."""
    asked = set(stems(question))
    if not asked:
        return 0.0
    return len(asked & set(stems(f"{hit.section}\n{hit.text}"))) / len(asked)


def is_relevant(query: Query, hit: Hit, config: Config) -> bool:
    """Close in meaning, or weaker in meaning but holding most of the question's words
    (keyword questions such as "Volodymyr Zelensky" embed far from any passage)."""
    if hit.similarity >= config.min_score:
        return True
    return hit.similarity >= config.min_keyword_score and term_share(query.text, hit) >= 0.5


def judge(query: Query, hits: list[Hit], config: Config) -> list[Hit]:
    """Nothing unless the best hit is relevant; then the relevant hits near it."""
    if not hits or not is_relevant(query, hits[0], config):
        return []
    floor = hits[0].score - config.score_margin
    return [h for h in hits if h.score >= floor and is_relevant(query, h, config)]


def _distinct(hits: list[Hit]) -> list[Hit]:
    """Overlapping windows of one paragraph must not show a sentence twice: keep the
    better-ranked window only."""
    kept: list[Hit] = []
    for h in hits:
        if not any(h.source == o.source and h.start < o.end and o.start < h.end for o in kept):
            kept.append(h)
    return kept


def with_answer_sentences(searcher: Searcher, query: Query, hits: list[Hit]) -> list[Hit]:
    """Pick in each hit the sentence that best answers: cosine to the question (meaning)
    plus the share of the question's content words it holds (evidence)."""
    spans = [searcher.passage_of(h).sentences for h in hits]
    texts = [h.text[a - h.start : b - h.start] for h, ss in zip(hits, spans) for a, b in ss]
    vectors = searcher.encoder.encode(texts, batch_size=32, threads=searcher.config.query_threads)
    cosines = vectors @ query.vector
    asked = set(stems(query.text))
    out, i = [], 0
    for h, ss in zip(hits, spans):
        best, best_score = ss[0], -np.inf
        for span in ss:
            overlap = len(asked & set(stems(texts[i]))) / len(asked) if asked else 0.0
            score = float(cosines[i]) + searcher.config.sentence_lexical_weight * overlap
            if score > best_score:
                best, best_score = span, score
            i += 1
        out.append(dataclasses.replace(h, answer_start=best[0], answer_end=best[1]))
    return out
