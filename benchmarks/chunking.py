"""Chunking throughput: `chunk_text` with the real tokenizer on 0.1, 1 and 10 MB.

    python -m benchmarks.chunking [--sizes 0.1,1,10] [--rounds 5]

The text is the seed article's paragraphs over and over, their numbers varied, blank
lines between paragraphs, its heading kept, and every 25th paragraph a long single line
of 15 paragraphs (over the window: cut into sentence windows). Prints MB/s per size
(median of `--rounds` runs below 10 MB, one run at 10 MB) and time(10 MB) / time(1 MB),
which stays near 10 when chunking is linear (it must be at most 12), then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import time

from qa.text.chunking import chunk_text
from qa.encoders.embedding import get_encoder

from .corpus import ROOT

SEED = ROOT / "seeds" / "000_3ae34f4a203fbd2d.txt"
MB = 1_000_000


def article(size: int) -> str:
    """About `size` characters of news-like text (see the module docstring)."""
    lines = [s for s in SEED.read_text(encoding="utf-8").splitlines() if s.strip()]
    out: list[str] = []
    total, i = 0, 0
    while total < size:
        if i % 25 == 24:
            para = " ".join(_varied(lines[(i + k) % len(lines)], i + k) for k in range(15))
        else:
            para = _varied(lines[i % len(lines)], i)
        out.append(para)
        total += len(para) + 2
        i += 1
    return "\n\n".join(out)[:size]


def _varied(line: str, i: int) -> str:
    """The line with its numbers changed, so no two copies are the same text."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + i).zfill(len(m.group())), line)


def seconds(text: str, count_tokens, rounds: int) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(rounds):
        s = time.perf_counter()
        n = len(chunk_text(text, "bench.txt", count_tokens))
        times.append(time.perf_counter() - s)
    return statistics.median(times), n


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0.1,1,10", help="MB of text")
    ap.add_argument("--rounds", type=int, default=5, help="runs per size under 10 MB")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    count = get_encoder().count_tokens
    count(["warm the tokenizer up"])
    rows = {}
    for mb in (float(s) for s in args.sizes.split(",")):
        text = article(int(mb * MB))
        t, n = seconds(text, count, args.rounds if mb < 10 else 1)
        rows[mb] = {"seconds": t, "passages": n, "mb_per_s": len(text) / MB / t}
    print(f"{'MB':>6}{'passages':>10}{'seconds':>10}{'MB/s':>8}")
    for mb, r in rows.items():
        print(f"{mb:>6g}{r['passages']:>10,}{r['seconds']:>10.3f}{r['mb_per_s']:>8.2f}")
    out = {"sizes": {f"{mb:g}": r for mb, r in rows.items()}}
    if 1.0 in rows and 10.0 in rows:
        out["ratio_10_over_1"] = rows[10.0]["seconds"] / rows[1.0]["seconds"]
        verdict = "linear" if out["ratio_10_over_1"] <= 12 else "OVER 12: not linear"
        print(f"time(10 MB) / time(1 MB): {out['ratio_10_over_1']:.1f} ({verdict})")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
