"""Late interaction: the question matched to a passage word by word, with the encoder's
own token vectors (ColBERT's MaxSim, over all-MiniLM-L6-v2 as it is).

A passage's vector is the mean of its token states: one number for the whole passage,
in which a question's key word can drown. Matching each of the question's content
wordpieces to its closest token of the passage, in context, keeps them apart: on
XQuAD-public (the gold paragraph given) it chooses the answering sentence right 0.84 of
the time against 0.75 for the mean-pooled sentence vector (../shared/NOTES.md). Three
uses, all from vectors the build stored (sentences.py, stem "tokens"):

- reranking: the top candidates by `(1 - token_weight) × hybrid + token_weight × MaxSim`
  (retrieval.Searcher.rank);
- the bold sentence: MaxSim over each sentence's tokens, plus the pooled cosine and the
  word overlap (chat.with_answer_sentences);
- what the passages do not say: each content word of the question that no article uses
  is covered when some token of the shown passages matches it closely ("sending" finds
  "sent", "wounded" finds "injured"), and named in a caveat when none does
  (chat.decide).

Token vectors are unit length; [CLS] and [SEP] are left out on both sides. Content
words are the question's words that are not stop words (lexical.STOPWORDS; leaving out
light verbs and frame words as well, "made", "how large", measured worse on half A of
XQuAD-public); a question of stop words alone ("Who?") matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.words.lexical import STOPWORDS, TOKEN


@dataclass(frozen=True)
class TokenStates:
    """One encoded text: a unit vector per wordpiece, and its characters in the text."""

    vectors: np.ndarray  # (t, d) float32
    offsets: np.ndarray  # (t, 2) int: start, end in the encoded text


@dataclass(frozen=True)
class Asked:
    """The question's side of the matching: its content wordpieces (and those of the
    thread it continues, at a lower weight), and which rows make up each own word."""

    vectors: np.ndarray  # (n, d) float32, unit rows
    weights: np.ndarray  # (n,) float32: 1 for the question's own, less for its context
    words: tuple[tuple[str, int, int], ...] = ()  # (word as typed, first row, end row)

    @property
    def empty(self) -> bool:
        return not len(self.vectors)


NOTHING_ASKED = Asked(np.zeros((0, 0), np.float32), np.zeros(0, np.float32))


def unit_rows(states: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(states, axis=1, keepdims=True)
    return (states / np.maximum(norms, 1e-12)).astype(np.float32)


def asked(text: str, states: TokenStates) -> Asked:
    """The content wordpieces of a question, grouped by word. A word's wordpieces are
    those whose characters lie inside it ("Pyongyang" is five of them)."""
    starts, ends = states.offsets[:, 0], states.offsets[:, 1]
    rows: list[int] = []
    found: list[tuple[str, int, int]] = []
    for m in TOKEN.finditer(text):
        word = m.group()
        if word.lower().replace("’", "'") in STOPWORDS:
            continue
        inside = np.flatnonzero((starts >= m.start()) & (ends <= m.end()) & (ends > starts))
        if not len(inside):
            continue
        found.append((word, len(rows), len(rows) + len(inside)))
        rows.extend(int(i) for i in inside)
    if not rows:
        return NOTHING_ASKED
    # Every wordpiece counts: a rare word is cut into more of them ("Pyongyang": five), so
    # it weighs more, as IDF would have it. Measured against one weight per word: the
    # same on XQuAD-public, 82.9 against 80.7 nDCG@10 on 1,500 SciFact abstracts
    # (python -m benchmarks.tuning --scifact 1500, at each setting).
    return Asked(states.vectors[rows], np.ones(len(rows), np.float32), tuple(found))


def with_context(own: Asked, context: Asked, weight: float = 0.5) -> Asked:
    """A follow-up's own words, and its thread's at `weight` (the thread's subject)."""
    if context.empty:
        return own
    if own.empty:
        return Asked(context.vectors, context.weights * weight)
    return Asked(
        np.concatenate([own.vectors, context.vectors]),
        np.concatenate([own.weights, context.weights * weight]),
        own.words,
    )


def best_matches(question: Asked, tokens: np.ndarray) -> np.ndarray:
    """Each asked wordpiece's highest cosine among the tokens (0 when there are none)."""
    if question.empty or not len(tokens):
        return np.zeros(len(question.vectors), np.float32)
    return (question.vectors @ tokens.T).max(axis=1)


def maxsim(question: Asked, tokens: np.ndarray) -> float:
    """ColBERT's MaxSim, as a weighted mean (0..1 for related text): how closely the
    passage's tokens answer each word of the question."""
    if question.empty:
        return 0.0
    best = best_matches(question, tokens)
    return float(best @ question.weights / question.weights.sum())


def span_matches(question: Asked, states: TokenStates, spans) -> np.ndarray:
    """(spans, asked wordpieces): each wordpiece's best cosine among each (start, end)
    character span's tokens (the sentences of a passage, in the encoded text's
    characters). In context: the tokens were encoded with the whole passage around them."""
    starts, ends = states.offsets[:, 0], states.offsets[:, 1]
    out = np.zeros((len(spans), len(question.vectors)), np.float32)
    if question.empty or not len(states.vectors):
        return out
    sims = question.vectors @ states.vectors.T
    for k, (a, b) in enumerate(spans):
        inside = (starts >= a) & (ends <= b) & (ends > starts)
        if inside.any():
            out[k] = sims[:, inside].max(axis=1)
    return out


def weighted(question: Asked, best: np.ndarray) -> np.ndarray:
    """MaxSim per row of span_matches: the weighted mean over the asked wordpieces."""
    if question.empty:
        return np.zeros(len(best), np.float32)
    return best @ question.weights / question.weights.sum()


def word_matches(question: Asked, tokens: np.ndarray) -> dict[str, float]:
    """Each content word's closest match among the tokens: the mean over its wordpieces
    of each one's best cosine."""
    best = best_matches(question, tokens)
    return {word: float(best[a:b].mean()) for word, a, b in question.words if b > a}
