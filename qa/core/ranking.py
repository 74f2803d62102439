"""The ranking's constants: one frozen profile, with where each value came from.

An operator never needs these (they change together, and only against data), so they are
not in the README's configuration table; `Config.ranking` holds them. The evaluation
commands that sweep them (`python -m qa eval --lexical-weight …`, benchmarks.tuning,
benchmarks.answers) derive a variant with `Config.with_ranking(...)`, and `QA_<NAME>`
still overrides one for such a run (config.Config.from_env).

"half A" is XQuAD-public split by article (even article numbers), as benchmarks.tuning
splits it; half B is never tuned on. The commands are in docs/quality.md and
docs/how-it-works.md with their tables.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

FUSIONS = ("weighted", "rrf")


@dataclass(frozen=True)
class Ranking:
    # Passages: wordpieces per window, [CLS]/[SEP] included (the model's window is 256),
    # and sentences shared by neighbouring windows of a long paragraph. Passage-size
    # table on XQuAD-public: `python -m qa eval … --chunk-tokens N [--overlap N]`
    # (docs/quality.md, "Passage size"). Recorded in the manifest: changing them makes
    # the index stale.
    chunk_tokens: int = 256
    overlap_sentences: int = 1
    # BM25's share of the fused score (0 = dense only, 1 = lexical only) and the word-by-
    # word MaxSim's share of a reranked passage's final score: the sensitivity table of
    # issue 17 on half A, `python -m benchmarks.tuning` (0.4 and 0.5 best there; SciFact
    # and our own sets agree).
    lexical_weight: float = 0.4
    token_weight: float = 0.5
    # "weighted" (the sum above) or "rrf" (reciprocal-rank fusion, kept for comparison):
    # weighted wins on XQuAD and SciFact (`python -m qa eval … --variants hybrid,rrf`).
    fusion: str = "weighted"
    # Candidates taken from each of the dense and the lexical search before fusion, and
    # how many of the best are reranked word by word (0 = none): set by hand when the
    # reranking came (issue 17) — the right passage is among the best 3 for 99.4% of
    # XQuAD-public, and reranking costs ~0.2 ms a candidate (docs/how-it-works.md).
    candidates: int = 50
    rerank: int = 20
    # Not covered: the best hit's cosine below min_score, unless ≥ min_keyword_score with
    # half the question's words in the passage; hits kept within score_margin of the best.
    # Calibrated on tests/questions.py (on-, off- and near-topic questions),
    # `python -m benchmarks.abstention` (docs/how-it-works.md, "Knowing when there is no
    # answer"); XQuAD's abstention by min_score: `python -m qa eval … --holdout 4`.
    min_score: float = 0.30
    min_keyword_score: float = 0.08
    score_margin: float = 0.25
    # A word the articles never use counts as answered when a token of the shown passages
    # matches it this closely (cosine of token vectors in context), else the answer
    # carries a caveat naming it: set with examples ("sending" ↔ "sent" and "wounded" ↔
    # "injured" above it, "treaty" ↔ "defense pact" at 0.49 below), checked by
    # `python -m benchmarks.abstention` and `python -m benchmarks.answers`' caveats
    # (docs/how-it-works.md, "Knowing when there is no answer", step 2).
    min_word_match: float = 0.6
    # The bold sentence: MaxSim over its tokens + these weights × MaxSim over it and the
    # sentence before, its cosine to the question, its share of the question's words,
    # and whether it holds an entity of the kind asked for. Window, cosine and lexical:
    # half A, each left out in turn (`python -m benchmarks.tuning`); a logistic fit on
    # half A (`python -m benchmarks.sentence_weights`) came out no better and near them.
    # The type weight: 0, 0.5, 1, 1.5 on half A (`python -m benchmarks.answers
    # --skip-news --type-weights 0,0.5,1,1.5`).
    sentence_window_weight: float = 0.9
    sentence_cosine_weight: float = 0.5
    sentence_lexical_weight: float = 1.5
    sentence_type_weight: float = 1.0

    def __post_init__(self):
        from qa.core.errors import ConfigError

        if self.fusion not in FUSIONS:
            raise ConfigError(
                f"fusion (QA_FUSION) must be one of {', '.join(FUSIONS)}, not {self.fusion!r}"
            )


FIELDS = tuple(f.name for f in dataclasses.fields(Ranking))
