"""The ranking's constants: one frozen profile, with where each value came from.

An operator never needs these (they change together, and only against data), so they are
not in the README's configuration table; `Config.ranking` holds them. The evaluation
commands that sweep them (`python -m qa eval --lexical-weight …`, benchmarks.tuning,
benchmarks.answers) derive a variant with `Config.with_ranking(...)`, and `QA_<NAME>`
still overrides one for such a run (config.Config.from_env).

"half A" is XQuAD-public split by article (even article numbers), as benchmarks.tuning
splits it; half B is never tuned on. The commands are in docs/quality.md and
docs/how-it-works.md with their tables. The constants of a --languages many index close
the module, with theirs.
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


# ---------------------------------------------------------------- many languages
# An index built with --languages many (words/languages.py, answering/crosslingual.py).
# Not fields of Ranking: no evaluation command sweeps them; benchmarks.multilingual
# measures them.

# e5's cosines live on another scale than all-MiniLM's (unrelated texts ~0.7, not ~0.0),
# and a question scores lower against a passage in another language than against one in
# its own. So a multilingual index has one "not covered" floor, for a question and a
# passage in one language, and a gap per family of languages that a pair of two
# languages adds to its cosine before it is ranked and judged (the Russian article on
# fires must not beat the English one on soldiers for being in Russian). Chosen on half A
# of XQuAD-public, English paragraphs, questions in each language, by
# `python -m benchmarks.multilingual --calibrate`: per family, the floor with the best
# mean of answerable questions kept and held-out articles' questions refused, among
# those keeping ≥ 90% of the answerable (a reader should meet at most one wrong refusal
# in ten). Found (kept / refused): en 0.81 (0.975 / 0.974); latin (de es ro tr vi) 0.775
# (0.923 / 0.728); cyrillic (ru) 0.76 (0.916 / 0.569); cjk (zh) 0.76 (0.903 / 0.328);
# other (ar hi el th) 0.76 (0.917 / 0.433). A gap is the English floor less its family's.
# Held-out XQuAD questions are about Wikipedia articles much like the indexed ones: truly
# off-topic questions score far lower (docs/quality.md).
SAME_LANGUAGE_FLOOR = 0.81
MULTILINGUAL_MARGIN = 0.05  # hits shown: within this of the best (e5's scores lie close)
LANGUAGE_GAPS = (("en", 0.0), ("latin", 0.035), ("cyrillic", 0.05), ("cjk", 0.05), ("other", 0.05))

# A question in another language than the articles: the share of its best sentence's
# cosine in the reordering of the best candidates (answering/crosslingual.by_sentence), in
# place of the English word-by-word matching. On XQuAD-public half A, questions in
# de / ru / zh / ar, the right passage first: 0 → 0.803 / 0.769 / 0.650 / 0.619;
# 0.3 → .863 / .816 / .716 / .666; 0.5 → .881 / .856 / .738 / .694; 0.6 → .881 / .856 /
# .741 / .713; 0.7 → .878 / .856 / .734 / .716; 1.0 → .853 / .831 / .734 / .675.
SENTENCE_RERANK = 0.6
# BM25's share for such a question: its names and figures still match ("Kursk", "1998").
# Half A at SENTENCE_RERANK 0.6: 0 → as above; 0.1 → .887 / .866 / .750 / .706; 0.2 →
# .881 / .859 / .741 / .709.
CROSS_LEXICAL = 0.1
