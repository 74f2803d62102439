"""How often the "not covered" rule errs on our own questions (tests/questions.py).

    python -m benchmarks.abstention

Prints the wrong-refusal rate on on-topic questions and the wrong-answer rate on
off-topic ones for the configured thresholds, and how both move with `min_score`.
"""
from __future__ import annotations

import dataclasses
import json
import logging

import qa
from qa.chat import is_relevant
from qa.config import Config
from qa.retrieval import get_searcher
from tests.questions import OFF_TOPIC, ON_TOPIC


def rates(searcher, config: Config) -> tuple[float, float]:
    def covered(q: str) -> bool:
        query = searcher.prepare(q)
        hits = searcher.rank(query, 1)
        return bool(hits) and is_relevant(query, hits[0], config)

    refused = sum(not covered(q) for q, _ in ON_TOPIC) / len(ON_TOPIC)
    answered = sum(covered(q) for q in OFF_TOPIC) / len(OFF_TOPIC)
    return refused, answered


def main() -> None:
    logging.disable(logging.WARNING)
    config = Config.from_env()
    searcher = get_searcher(config=config)
    print(f"{len(ON_TOPIC)} on-topic, {len(OFF_TOPIC)} off-topic questions; index {config.index_dir}")
    print(f"{'min_score':>9} {'min_keyword':>11}  {'wrong refusals':>14}  {'wrong answers':>13}")
    rows = []
    for min_score in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
        c = dataclasses.replace(config, min_score=min_score)
        refused, answered = rates(searcher, c)
        mark = "  ← default" if min_score == config.min_score else ""
        print(f"{min_score:>9.2f} {c.min_keyword_score:>11.2f}  {refused:>14.1%}  {answered:>13.1%}{mark}")
        rows.append({"min_score": min_score, "wrong_refusals": refused, "wrong_answers": answered})
    print(json.dumps({"on_topic": len(ON_TOPIC), "off_topic": len(OFF_TOPIC), "rows": rows}))


if __name__ == "__main__":
    main()
