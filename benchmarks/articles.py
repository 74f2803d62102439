"""Several articles: is the right one chosen, is the duplicate shown once, are questions
about none of them refused?

    python -m benchmarks.articles

The corpus is tests/corpus/ (five articles on different topics, one of them saved twice
under another name) with its own questions (tests/corpus/questions.py), written before
this was first run. Prints the counts and one JSON line.
"""

from __future__ import annotations

import json
import logging

import qa
from tests.corpus.questions import ANSWERABLE, NEAR_TOPIC, OFF_TOPIC

from .corpus import corpus_index


def main(argv=None) -> dict:
    logging.disable(logging.WARNING)
    config = corpus_index("articles")
    article = passage = answered = bold = repeated = 0
    for question, source, words in ANSWERABLE:
        reply = qa.answer(question, config=config)
        hits = reply.hits or qa.retrieve(question, k=3, config=config)
        article += hits[0].source == source or source in hits[0].also_in
        passage += any(w in hits[0].text for w in words)
        answered += reply.covered
        bold += bool(reply.hits) and any(w in reply.hits[0].answer_text for w in words)
        repeated += len({h.text for h in reply.hits}) != len(reply.hits)
    near = [qa.answer(q, config=config) for q in NEAR_TOPIC]
    refused = sum(not r.covered for r in near)
    caveat = sum(r.covered and any("may not answer" in n for n in r.notes) for r in near)
    off = sum(not qa.answer(q, config=config).covered for q in OFF_TOPIC)
    flood = qa.retrieve("How many sandbags were filled in Pirna?", k=1, config=config)[0]
    n = len(ANSWERABLE)
    out = {
        "answerable": n,
        "right_article_top1": article,
        "right_passage_top1": passage,
        "answered": answered,
        "bold_holds_answer": bold,
        "replies_with_a_repeated_passage": repeated,
        "near_topic": len(NEAR_TOPIC),
        "near_topic_refused": refused,
        "near_topic_caveat": caveat,
        "off_topic": len(OFF_TOPIC),
        "off_topic_refused": off,
        "duplicate_cited_as": [flood.source, *flood.also_in],
    }
    print(
        f"{n} answerable: right article first {article}/{n}, right passage first "
        f"{passage}/{n}, answered {answered}/{n}, "
        f"bold sentence holds the answer {bold}/{n}, replies repeating a passage {repeated}"
    )
    print(
        f"near-topic: refused {refused}/{len(NEAR_TOPIC)}, answered with a caveat "
        f"{caveat}/{len(NEAR_TOPIC)}; off-topic refused {off}/{len(OFF_TOPIC)}"
    )
    print(f"the article saved twice is cited once as {flood.citation}")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
