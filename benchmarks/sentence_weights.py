"""Learn the bold sentence's weights instead of choosing them by hand: a conditional logit
(softmax over a passage's sentences) over the five features qa.answering.answer_sentence weighs.

    python -m benchmarks.sentence_weights

XQuAD-public (English), split by article as benchmarks.tuning splits it. For each
question whose first hit is the right passage, one row per sentence of that passage
(answer_sentence.sentence_features) and which sentence holds the gold answer. Fitted by
gradient ascent with an L2 penalty on half A; 5-fold cross-validation by article on half
A chooses the penalty and compares the fit with the configured hand-chosen weights; half
B is the check. Prints the right-sentence share of each, the coefficients scaled so that
MaxSim's is 1 (the form of Config's sentence_* weights), and one JSON line.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

import qa
from qa.answering.answer_sentence import sentence_features, sentence_weights
from qa.core.config import Config
from qa.cli.evaluate import write_squad
from qa.answering.retrieval import get_searcher

from .answers import XQUAD

PENALTIES = (0.0, 0.01, 0.1, 1.0)


def cases(work: Path) -> list[tuple[int, np.ndarray, int]]:
    """(article number, features, gold sentence) for each question answered in its own
    passage first."""
    seeds = work / "seeds"
    seeds.mkdir()
    questions = write_squad(XQUAD, seeds)
    config = Config(seeds_dir=seeds, index_dir=work / "index")
    qa.build_index(config=config)
    searcher = get_searcher(config.index_dir, config=config)
    out = []
    for q in questions:
        if not q.spans:
            continue
        query = searcher.prepare(q.text)
        hits = searcher.rank(query, 1)
        if not hits or hits[0].source != q.source:
            continue
        p, features, _ = sentence_features(searcher, query, hits[0])
        gold = [
            k for k, (a, b) in enumerate(p.sentences) if any(a <= s and e <= b for s, e in q.spans)
        ]
        if gold and len(p.sentences) > 1:
            out.append((int(q.source[:3]), features, gold[0]))
    return out


def fit(rows, penalty: float, steps: int = 400, rate: float = 0.5) -> np.ndarray:
    beta = np.array([1.0, 0.9, 0.5, 1.5, 1.0])  # from the hand-chosen weights
    for _ in range(steps):
        grad = -penalty * beta
        for _, x, gold in rows:
            z = x @ beta
            p = np.exp(z - z.max())
            p /= p.sum()
            grad += x[gold] - p @ x
        beta += rate * grad / len(rows)
    return beta


def accuracy(rows, beta: np.ndarray) -> float:
    return float(np.mean([int(np.argmax(x @ beta)) == gold for _, x, gold in rows]))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = cases(Path(tmp))
    a = [r for r in rows if r[0] % 2 == 0]
    b = [r for r in rows if r[0] % 2 == 1]
    hand = sentence_weights(Config())
    folds = sorted({r[0] for r in a})
    cv = {}
    for penalty in PENALTIES:
        right = 0
        for k in range(5):
            held = set(folds[k::5])
            beta = fit([r for r in a if r[0] not in held], penalty)
            right += sum(int(np.argmax(x @ beta)) == g for n, x, g in a if n in held)
        cv[penalty] = right / len(a)
    best = max(cv, key=cv.get)
    beta = fit(a, best)
    report = {
        "questions_a": len(a),
        "questions_b": len(b),
        "cv_a_by_penalty": cv,
        "hand_a": accuracy(a, hand),
        "fitted_a": accuracy(a, beta),
        "hand_b": accuracy(b, hand),
        "fitted_b": accuracy(b, beta),
        "coefficients_scaled": (beta / beta[0]).round(3).tolist(),
    }
    print(
        f"right sentence, passages of several sentences (A n={len(a)}, B n={len(b)}): "
        f"hand-chosen A {report['hand_a']:.3f} B {report['hand_b']:.3f}; fitted (L2 "
        f"{best}, 5-fold CV on A {cv[best]:.3f}) A {report['fitted_a']:.3f} B "
        f"{report['fitted_b']:.3f}; coefficients / MaxSim's: "
        f"{report['coefficients_scaled']}"
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
