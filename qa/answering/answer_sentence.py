"""The sentence of a passage that answers a question (the bold one), and the exact answer
inside it (Hit.short_answer): chat.answer's last step, and what the evaluation measures."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from qa.words.answer_types import kinds, nearest, typed_spans
from qa.words.lexical import stems
from qa.answering.retrieval import Query, Searcher
from qa.words.tokens import span_matches, weighted
from qa.core.types import Hit

# A typed question whose first hit's sentence holds no answer of the kind asked leads
# with the next hit that holds one, when its score is within this much of the first's:
# "How many North Korean soldiers are in Russia?" was answered "From mid-October there
# were the first reports…", the 10,000 in the next cards. Chosen on XQuAD-public half A
# (the bold sentence 0.839 → 0.842 at 0.02-0.1; with no limit 0.828).
LEAD_MARGIN = 0.05


def with_answer_sentences(
    searcher: Searcher,
    query: Query,
    hits: list[Hit],
    said: str = "",
    avoid: Before | None = None,
) -> list[Hit]:
    """Pick in each hit the sentence that best answers. Its score adds up, with the
    weights of Config (chosen on half of XQuAD-public, README "Word by word"):
    - MaxSim of the question's words over the sentence's tokens, read in their passage
      (tokens.py), and over the sentence with the one before it (the answer often
      follows the sentence that names the subject: "It is the county seat of Duval
      County." after "Jacksonville is…");
    - its cosine to the question (meaning) and the share of the question's content
      words it holds (evidence);
    - whether it holds an entity of the kind asked for that the question does not say
      (answer_types.py); the one nearest the question's words is the exact answer.
    Everything comes from vectors and spans the build stored. `said`: what the thread
    said before (its names are no answer); `avoid`: what answered the question before
    (a sentence and the exact answer in it), not given again for a question of its kind:
    the sentence is kept only when it holds another answer of that kind."""
    avoid = avoid or Before()
    asked_stems = set(stems(query.text))
    weights = sentence_weights(searcher.config)
    out = []
    for h in hits:
        p, features, typed = sentence_features(searcher, query, h, said, avoid)
        scores = features @ weights
        chosen = int(np.argmax(scores))
        if (h.source, p.sentences[chosen][0]) in avoid.sentences and not typed[chosen]:
            fresh = [k for k, t in enumerate(typed) if t]  # the answer before: another?
            chosen = max(fresh, key=lambda k: scores[k]) if fresh else chosen
        a, b = p.sentences[chosen]
        short = nearest(typed[chosen], h.text[a - h.start : b - h.start], a, asked_stems)
        # (a figure alone: with the word after it when the question names it, "10,000
        # soldiers", exact match on XQuAD-public half A fell from 0.389 to 0.301)
        out.append(
            dataclasses.replace(
                h,
                answer_start=a,
                answer_end=b,
                short_start=short[0] if short else None,
                short_end=short[1] if short else None,
            )
        )
    return out


def sentence_weights(config) -> np.ndarray:
    """The weights of sentence_features' five columns (MaxSim's is 1)."""
    return np.array(
        [
            1.0,
            config.ranking.sentence_window_weight,
            config.ranking.sentence_cosine_weight,
            config.ranking.sentence_lexical_weight,
            config.ranking.sentence_type_weight,
        ]
    )


def sentence_features(
    searcher: Searcher, query: Query, h: Hit, said: str = "", avoid: Before | None = None
):
    """(the hit's passage, one row per sentence of [MaxSim, MaxSim with the sentence
    before, cosine, share of the question's words, holds an answer of the kind asked],
    each sentence's typed spans): what with_answer_sentences weighs, and what
    benchmarks.sentence_weights fits."""
    avoid = avoid or Before()
    asked_stems = set(stems(query.text))
    wanted = kinds(query.text)
    p = searcher.passage_of(h)
    shift = len(p.document) - len(p.text)
    spans = [(a - p.start + shift, b - p.start + shift) for a, b in p.sentences]
    best = span_matches(query.asked, searcher.token_states(h), spans)
    before = np.vstack([np.zeros_like(best[:1]), best[:-1]])
    matched = weighted(query.asked, best)
    with_before = weighted(query.asked, np.maximum(best, before))
    cosines = searcher.sentence_vectors(h) @ query.vector
    rows, typed = [], []
    for k, (a, b) in enumerate(p.sentences):
        held = set(stems(h.text[a - h.start : b - h.start]))
        overlap = len(asked_stems & held) / len(asked_stems) if asked_stems else 0.0
        found = typed_spans(p.entities, a, b, h.text, h.start, f"{query.text} {said}", wanted)
        typed.append([t for t in found if (h.source, t[0]) not in avoid.answers])
        rows.append([matched[k], with_before[k], cosines[k], overlap, float(bool(typed[-1]))])
    return p, np.array(rows, dtype=np.float64).reshape(-1, 5), typed


@dataclass(frozen=True)
class Before:
    """What answered the question before a follow-up: (source, start) of its bold
    sentence, and of the exact answer in it."""

    sentences: frozenset[tuple[str, int]] = frozenset()
    answers: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def of(cls, shown: Hit) -> Before:
        """What the first hit of the answer shown before gave."""
        answers = {(shown.source, shown.short_start)} if shown.short_start is not None else set()
        return cls(frozenset({(shown.source, shown.answer_start)}), frozenset(answers))


def answer_first(hits: list[Hit], typed: bool, avoid: Before | None = None) -> list[Hit]:
    """The hits, led by one whose sentence holds an exact answer when the first hit's
    holds none and either gives the sentence that answered before (`avoid`: any later
    hit with an answer) or the question asks for a kind (`typed`: a hit scoring within
    LEAD_MARGIN of the first); the others keep their order."""
    if not hits or hits[0].short_start is not None:
        return hits
    repeated = (hits[0].source, hits[0].answer_start) in (avoid or Before()).sentences
    if not (typed or repeated):
        return hits
    floor = float("-inf") if repeated else hits[0].score - LEAD_MARGIN
    for i, h in enumerate(hits[1:], 1):
        if h.short_start is not None and h.score >= floor:
            return [h, *hits[:i], *hits[i + 1 :]]
    return hits
