"""Dated reports: since/until and disagreeing figures, on tests/dated/ (six articles
about one town, written with their questions before measuring; small, so these are
counts, not rates to generalise from).

    python -m benchmarks.dated

Prints, through the public API: disagreeing questions where both reports are shown
newest first with the "differ" note; agreeing ones wrongly said to differ; date-range
questions answered from the right article only (or refused when none is inside).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

import qa
from qa.core.config import Config
from tests.dated.questions import AGREE, DISAGREE, IN_RANGE

from .corpus import ROOT

DIFFER = "The articles differ"


def main(argv=None) -> dict:
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(
            ROOT / "tests" / "dated", seeds, ignore=shutil.ignore_patterns("*.py", "__pycache__")
        )
        config = Config.from_env(seeds_dir=seeds, index_dir=Path(tmp) / "index")
        index = qa.Index.build(seeds, None, config)
        shown = 0
        for question, sources in DISAGREE:
            reply = index.answer(question)
            order = [s for s in dict.fromkeys(h.source for h in reply.hits) if s in sources]
            shown += order == sources and any(n.startswith(DIFFER) for n in reply.notes)
        false = sum(any(n.startswith(DIFFER) for n in index.answer(q).notes) for q, _ in AGREE)
        right = 0
        for question, since, until, only in IN_RANGE:
            reply = index.answer(question, since=since, until=until)
            got = {h.source for h in reply.hits}
            right += got == ({only} if only else set())
    out = {
        "disagreeing_shown_newest_first": f"{shown}/{len(DISAGREE)}",
        "agreeing_said_to_differ": f"{false}/{len(AGREE)}",
        "date_range_right": f"{right}/{len(IN_RANGE)}",
    }
    for k, v in out.items():
        print(f"{k:<34} {v}")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
