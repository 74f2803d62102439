"""The held-out questions of issue 10 (tests/questions.py: ALIAS_ANSWERABLE,
ABSENT_NEAR_TOPIC, NEW_OFF_TOPIC), written before its rules changed and never tuned on.

    python -m benchmarks.heldout

Answerable questions that name things by another name: right passage first, refused,
bold sentence holds the answer. Near-topic questions naming something absent: refused,
answered with a caveat, or answered plainly (wrong). Off-topic: refused. Then the
trade-off against min_score: wrong refusals of the answerable ones against plain answers
to the near-topic ones. Prints the counts and one JSON line.
"""

from __future__ import annotations

import json
import logging

import qa
from qa.core.config import Config
from tests.questions import ABSENT_NEAR_TOPIC, ALIAS_ANSWERABLE, NEW_OFF_TOPIC


def counts(config: Config) -> dict:
    first = refused = bold = 0
    for question, words in ALIAS_ANSWERABLE:
        reply = qa.answer(question, config=config)
        hits = reply.hits or qa.retrieve(question, k=1, config=config)
        first += any(w in hits[0].text for w in words)
        refused += not reply.covered
        bold += bool(reply.hits) and any(w in reply.hits[0].answer_text for w in words)
    near = [qa.answer(q, config=config) for q in ABSENT_NEAR_TOPIC]
    return {
        "answerable": len(ALIAS_ANSWERABLE),
        "right_passage_first": first,
        "wrongly_refused": refused,
        "bold_holds_answer": bold,
        "near_topic": len(near),
        "near_topic_refused": sum(not r.covered for r in near),
        "near_topic_caveat": sum(r.covered and bool(r.missing) for r in near),
        "near_topic_answered_plainly": sum(r.covered and not r.missing for r in near),
        "off_topic": len(NEW_OFF_TOPIC),
        "off_topic_refused": sum(not qa.answer(q, config=config).covered for q in NEW_OFF_TOPIC),
    }


def main(argv=None) -> dict:
    logging.disable(logging.WARNING)
    config = Config.from_env()
    now = counts(config)
    print(
        f"answerable, named otherwise: right passage first {now['right_passage_first']}/"
        f"{now['answerable']}, wrongly refused {now['wrongly_refused']}, bold sentence holds "
        f"the answer {now['bold_holds_answer']}/{now['answerable']}"
    )
    print(
        f"near-topic, naming something absent: refused {now['near_topic_refused']}, with a "
        f"caveat {now['near_topic_caveat']}, answered plainly "
        f"{now['near_topic_answered_plainly']} (of {now['near_topic']}); off-topic refused "
        f"{now['off_topic_refused']}/{now['off_topic']}"
    )
    print(f"{'min_score':>9}  {'wrong refusals':>14}  {'near-topic answered plainly':>27}")
    rows = []
    for min_score in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
        c = counts(config.with_ranking(min_score=min_score))
        mark = "  ← default" if min_score == config.ranking.min_score else ""
        print(
            f"{min_score:>9.2f}  {c['wrongly_refused']:>11}/{c['answerable']}  "
            f"{c['near_topic_answered_plainly']:>24}/{c['near_topic']}{mark}"
        )
        rows.append({"min_score": min_score, **c})
    out = {**now, "rows": rows}
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
