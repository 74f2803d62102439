"""The held-out questions of issue 17, run once: paraphrases, near-topic questions whose
answer no article holds, and three-turn chains (tests/corpus/paraphrases.py, written
before anything was tuned and never tuned on).

    python -m benchmarks.paraphrases

Over the five articles of tests/corpus/ (the seed article among them as korea.txt).
Prints the counts and one JSON line.
"""

from __future__ import annotations

import json
import logging

import qa
from tests.corpus.paraphrases import ANSWERABLE, CHAINS, NEAR_TOPIC

from .corpus import corpus_index


def caveated(reply) -> bool:
    return reply.covered and any("may not answer" in n for n in reply.notes)


def first_right(reply, source: str, words) -> tuple[bool, bool]:
    """(the first shown passage is the right one, its bold sentence holds the answer)."""
    if not reply.hits:
        return False, False
    hit = reply.hits[0]
    ours = source in (hit.source, *hit.also_in)
    return ours and any(w in hit.text for w in words), ours and any(
        w in hit.answer_text for w in words
    )


def main(argv=None) -> dict:
    logging.disable(logging.WARNING)
    config = corpus_index("paraphrases")

    passage = bold = refused = caveats = 0
    for question, source, words in ANSWERABLE:
        reply = qa.answer(question, config=config)
        p, b = first_right(reply, source, words)
        passage, bold = passage + p, bold + b
        refused += not reply.covered
        caveats += caveated(reply)
        if not (p and b):
            print(
                f"  miss: {question} → {reply.hits[0].answer_text if reply.hits else reply.message}"
            )
    near = [qa.answer(q, config=config) for q in NEAR_TOPIC]
    near_refused = sum(not r.covered for r in near)
    near_caveat = sum(caveated(r) for r in near)
    for q, r in zip(NEAR_TOPIC, near):
        if r.covered and not caveated(r):
            print(f"  answered plainly: {q}")
    second = third = second_bold = third_bold = 0
    for first, q2, words2, q3, words3, source in CHAINS:
        r2 = qa.answer(q2, [first], config=config)
        r3 = qa.answer(q3, [first, q2], config=config)
        p2, b2 = first_right(r2, source, words2)
        p3, b3 = first_right(r3, source, words3)
        second, second_bold, third, third_bold = (
            second + p2,
            second_bold + b2,
            third + p3,
            third_bold + b3,
        )
        if not (p3 and b3):
            print(f"  chain miss: {q3} (after {q2}) → {r3.hits[0].answer_text if r3.hits else ''}")
    n, m, c = len(ANSWERABLE), len(NEAR_TOPIC), len(CHAINS)
    out = {
        "answerable": n,
        "right_passage_first": passage,
        "bold_holds_answer": bold,
        "wrongly_refused": refused,
        "answered_with_a_caveat": caveats,
        "near_topic": m,
        "near_topic_refused": near_refused,
        "near_topic_caveat": near_caveat,
        "chains": c,
        "second_turn_right": second,
        "second_turn_bold": second_bold,
        "third_turn_right": third,
        "third_turn_bold": third_bold,
    }
    print(
        f"{n} paraphrases: right passage first {passage}, bold sentence holds the answer "
        f"{bold}, wrongly refused {refused}, answered with a caveat {caveats}\n"
        f"{m} near-topic: refused {near_refused}, caveat {near_caveat}, "
        f"plain {m - near_refused - near_caveat}\n"
        f"{c} chains: second turn right {second} (bold {second_bold}), third turn right "
        f"{third} (bold {third_bold})"
    )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
