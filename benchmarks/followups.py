"""Follow-up questions: is the follow-up's top passage right with and without history?

python -m benchmarks.followups
"""

from __future__ import annotations

import logging

import qa
from tests.questions import FOLLOW_UPS, ON_TOPIC


def top_ok(reply, words) -> bool:
    return bool(reply.hits) and any(w in reply.hits[0].text for w in words)


def main() -> None:
    logging.disable(logging.WARNING)
    alone = sum(top_ok(qa.answer(second), w) for _, second, w in FOLLOW_UPS)
    both = sum(top_ok(qa.answer(second, [first]), w) for first, second, w in FOLLOW_UPS)
    n = len(FOLLOW_UPS)
    print(f"follow-ups right without history: {alone}/{n}; with history: {both}/{n}")
    # standalone questions must not get worse when asked after an unrelated question
    prev = "When did Russia attack Ukraine?"
    plain = sum(top_ok(qa.answer(q), w) for q, w in ON_TOPIC)
    after = sum(top_ok(qa.answer(q, [prev]), w) for q, w in ON_TOPIC)
    print(
        f"standalone questions right: {plain}/{len(ON_TOPIC)} alone, {after}/{len(ON_TOPIC)} "
        f"after “{prev}”"
    )


if __name__ == "__main__":
    main()
