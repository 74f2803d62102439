"""The query path, in the shape users run it: one warm process, the index loaded.

    python -m benchmarks.query [--index DIR] [--rounds N] [--foreign]

Times, per question and alternating in each round: a plain sentence-transformers
`SentenceTransformer.encode` on torch (the yardstick: what a script without us costs),
`retrieve` and `answer` (retrieve + relevance, near-topic check and answering sentences)
on one `qa.Index.open(...)`, through the public API only. Prints p50/p95 in ms and the
ratios retrieve / torch encode and answer / torch encode, then one JSON line. With
--foreign (an index built with --languages many) the questions are in other languages.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time

import numpy as np

import qa
from qa.core.config import Config
from qa.encoders.embedding import get_encoder

QUESTIONS = [
    "How many soldiers did North Korea send to Russia?",
    "When did the defense pact come into force?",
    "What did Zelensky say about the North Korean soldiers?",
    "Who confirmed that North Korean forces were fighting on the front lines?",
    "How many soliders did North Koera send?",
    "Volodymyr Zelensky",
    "What is the capital of France?",
    "How many tanks has China sent to Russia?",
]
# Questions in other languages, for a --languages many index (not the evaluation set).
FOREIGN = [
    "Сколько погибло северокорейских солдат?",
    "Коли набув чинності оборонний пакт?",
    "젤렌스키는 무엇이라고 말했나요?",
    "Wer kämpft an der Front in Kursk?",
    "¿Cuántos soldados envió Corea del Norte?",
    "朝鲜军队在哪里作战？",
    "Какая столица Франции?",
    "Wie viele Panzer hat China geschickt?",
]


def pct(xs: list[float], p: float) -> float:
    return float(np.percentile(xs, p)) * 1000


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", help="index folder (default: index/)")
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--foreign", action="store_true", help="questions in other languages")
    args = ap.parse_args(argv)
    questions = FOREIGN if args.foreign else QUESTIONS
    logging.disable(logging.WARNING)
    config = Config.from_env(index_dir=args.index)
    index = qa.Index.open(args.index, config)
    # the yardstick: plain sentence-transformers on torch
    model = get_encoder(config.model, backend="torch").model
    import torch

    torch.set_num_threads(config.query_threads)
    for q in questions:  # warm every path once
        index.answer(q)
        model.encode([q])
    t = {k: [] for k in ("torch encode", "retrieve", "answer")}
    for _ in range(args.rounds):
        for q in questions:
            s = time.perf_counter()
            model.encode([q], normalize_embeddings=True)
            t["torch encode"].append(time.perf_counter() - s)
            s = time.perf_counter()
            index.retrieve(q)
            t["retrieve"].append(time.perf_counter() - s)
            s = time.perf_counter()
            index.answer(q)
            t["answer"].append(time.perf_counter() - s)
    health = index.health()
    print(
        f"{health.passages:,} passages, {len(questions)} questions × {args.rounds} rounds, "
        f"{config.query_threads} query thread(s), encoder {health.encoder}"
    )
    print(f"{'':24}{'p50 ms':>9}{'p95 ms':>9}")
    for k, xs in t.items():
        print(f"{k:24}{pct(xs, 50):>9.2f}{pct(xs, 95):>9.2f}")
    base = statistics.median(t["torch encode"])
    ratio = statistics.median(t["retrieve"]) / base
    answer_ratio = statistics.median(t["answer"]) / base
    print(f"retrieve / torch encode (p50): {ratio:.2f}; answer / torch encode: {answer_ratio:.2f}")
    out = {
        "passages": health.passages,
        "encoder": health.encoder,
        **{k: {"p50_ms": pct(xs, 50), "p95_ms": pct(xs, 95)} for k, xs in t.items()},
        "retrieve_over_encode": ratio,
        "answer_over_encode": answer_ratio,
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
