"""Start-up: seconds from a cold command to its first answer.

    python -m benchmarks.startup [--rounds 3]

`python -m qa ask "…"` to its output, and `python app.py` to the first question
answered through gradio_client (the index already built, as after `bash run.sh chat`).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import ROOT

QUESTION = "How many soldiers did North Korea send to Russia?"


def ask_cold() -> float:
    s = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "qa", "ask", QUESTION], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert "10,000" in out.stdout
    return time.perf_counter() - s


def app_cold() -> tuple[float, float]:
    from gradio_client import Client

    from tests.conftest import RunningApp

    s = time.perf_counter()
    app = RunningApp(ROOT / "seeds", ROOT / "index", Path(tempfile.mkdtemp()) / "app.log")
    try:
        ready = time.perf_counter() - s  # RunningApp returns once the port is open
        reply = Client(app.url, verbose=False).predict(QUESTION, api_name="/chat")
        assert "10,000" in reply
        return ready, time.perf_counter() - s
    finally:
        app.stop()


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    asks, readies, firsts = [], [], []
    for _ in range(args.rounds):  # alternate the two
        asks.append(ask_cold())
        ready, first = app_cold()
        readies.append(ready)
        firsts.append(first)
    out = {"ask_cold_s": statistics.median(asks), "app_ready_s": statistics.median(readies),
           "app_first_answer_s": statistics.median(firsts), "rounds": args.rounds}
    print(f"python -m qa ask, cold, to its output: {out['ask_cold_s']:.1f} s (median of {args.rounds})")
    print(f"python app.py to its port open: {out['app_ready_s']:.1f} s; to the first answer "
          f"through gradio_client: {out['app_first_answer_s']:.1f} s")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
