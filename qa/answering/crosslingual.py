"""Ranking a question in another language than (some of) the articles, in an index built
with --languages many: what changes in retrieval.Searcher.rank (languages.py says why).

- BM25 keeps a small share: only names and figures match across languages.
- A passage in another language than the question has its cosine raised by the gap
  between the two (languages.gap), so that it competes with passages in the question's
  own language on equal terms.
- The English word-by-word matching gives way to each candidate's best sentence: e5
  vectors of the sentences, stored by the build.
"""

from __future__ import annotations

import numpy as np

from qa.core.ranking import CROSS_LEXICAL, SENTENCE_RERANK
from qa.words.languages import ENGLISH, Reading, gap


def lexical_weight(config, reading: Reading) -> float:
    """BM25's share for this question: a small one unless every article is in its
    language (in another language only names and figures match; in a mixed index a
    share fit for one language would sink the articles in the others)."""
    return config.ranking.lexical_weight if reading.words_cover else CROSS_LEXICAL


def language_gaps(index, reading: Reading, ids: list[int]) -> dict[int, float]:
    """What each candidate's cosine lacks for being in another language than the
    question: looked up per passage only in an index of several languages; in one of a
    single language it is the same for all, which the floors take into account
    (chat.is_relevant). Nothing in an English index."""
    if not reading.floors:
        return {}
    spoken = index.manifest.get("article_languages", [ENGLISH])
    if len(spoken) == 1:
        return dict.fromkeys(ids, gap(reading.language, spoken[0]))
    index.prefetch(ids)
    of = {}
    for i in ids:
        article = index.article(index.passage(i).source)
        of[i] = gap(reading.language, article.language if article else ENGLISH)
    return of


def by_sentence(index, vector, scored: list[tuple], gaps: dict, rerank: int) -> list[tuple]:
    """The best `rerank` candidates (fused, cosine, BM25, id, MaxSim) reordered by
    (1 - a) × fused + a × their best sentence's cosine, gap added: a passage answering
    in one sentence beats one vaguely near."""
    a = SENTENCE_RERANK
    top = scored[:rerank]
    index.prefetch([t[3] for t in top])
    again = []
    for f, c, lx, i, _ in top:
        rows = index.sentence_vectors(i)
        m = float(np.max(rows @ vector)) if len(rows) else c
        again.append(((1 - a) * f + a * (m + gaps.get(i, 0.0)), c, lx, i, 0.0))
    again.sort(key=lambda t: (-t[0], t[3]))
    return again + scored[len(top) :]
