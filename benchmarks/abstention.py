"""How often the "not covered" rule errs on our own questions (tests/questions.py).

    python -m benchmarks.abstention

For each `min_score`, the share of on-topic questions wrongly refused, of off-topic
questions wrongly answered, and of near-topic questions presented as answered (no
refusal and no caveat naming what the articles lack).
"""

from __future__ import annotations

import json
import logging

import qa
from qa.core.config import Config
from tests.questions import (
    HELD_OUT_NEAR_TOPIC,
    HELD_OUT_PARAPHRASES,
    NEAR_TOPIC,
    NEAR_TOPIC_UNNAMED,
    OFF_TOPIC,
    ON_TOPIC,
)


def main() -> None:
    logging.disable(logging.WARNING)
    config = Config.from_env()
    print(
        f"{len(ON_TOPIC)} on-topic, {len(OFF_TOPIC)} off-topic, {len(NEAR_TOPIC)} near-topic "
        f"questions; index {config.index_dir}"
    )
    print(
        f"{'min_score':>9}  {'wrong refusals':>14}  {'wrong answers':>13}  "
        f"{'named, no caveat':>19}  {'unnamed, no caveat':>18}"
    )
    rows = []
    for min_score in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
        c = config.with_ranking(min_score=min_score)
        covered = lambda q: qa.answer(q, config=c).covered  # noqa: E731
        refused = sum(not covered(q) for q, _ in ON_TOPIC) / len(ON_TOPIC)
        answered = sum(covered(q) for q in OFF_TOPIC) / len(OFF_TOPIC)
        # answered with no caveat naming what is absent: presented as if it were the answer
        near = sum(
            (r := qa.answer(q, config=c)).covered and not r.missing for q, _, _ in NEAR_TOPIC
        ) / len(NEAR_TOPIC)
        # answered with no caveat: the answer is presented as if it were one
        unnamed = sum(
            (r := qa.answer(q, config=c)).covered and not r.missing for q, _ in NEAR_TOPIC_UNNAMED
        ) / len(NEAR_TOPIC_UNNAMED)
        mark = "  ← default" if min_score == config.ranking.min_score else ""
        print(
            f"{min_score:>9.2f}  {refused:>14.1%}  {answered:>13.1%}  {near:>19.1%}  "
            f"{unnamed:>18.1%}{mark}"
        )
        rows.append(
            {
                "min_score": min_score,
                "wrong_refusals": refused,
                "wrong_answers": answered,
                "near_topic_answered": near,
                "unnamed_near_topic_answered": unnamed,
            }
        )
    right = sum(
        any(w in r.hits[0].text for w in words)
        if (r := qa.answer(q, config=config)).hits
        else False
        for q, words in HELD_OUT_PARAPHRASES
    )
    replies = [qa.answer(q, config=config) for q in HELD_OUT_NEAR_TOPIC]
    refused = sum(not r.covered for r in replies)
    caveat = sum(r.covered and bool(r.missing) for r in replies)
    print(
        f"held-out (never tuned on): paraphrases answered right {right}/"
        f"{len(HELD_OUT_PARAPHRASES)}; near-topic refused {refused}/{len(HELD_OUT_NEAR_TOPIC)}, "
        f"answered with a caveat {caveat}/{len(HELD_OUT_NEAR_TOPIC)}"
    )
    print(
        json.dumps(
            {
                "held_out_paraphrases_right": right,
                "held_out_near_topic_refused": refused,
                "held_out_near_topic_caveat": caveat,
                "on_topic": len(ON_TOPIC),
                "off_topic": len(OFF_TOPIC),
                "near_topic": len(NEAR_TOPIC),
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main()
