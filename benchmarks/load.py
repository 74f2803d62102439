"""Load: many concurrent gradio_client users against the app on loopback.

    python -m benchmarks.load [--clients 50] [--questions 20] [--url URL]

Starts `python app.py` on a free port (unless --url), then each client — its own
conversation — asks its questions in turn, all clients at once. Every answer is checked
(the expected words in the reply). Prints errors, wrong answers, p50/p95 latency and
questions per second, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from .corpus import ROOT

# Standalone questions (no pronouns: each client's conversation grows) and the words
# their answer must hold.
QUESTIONS = [
    ("How many soldiers did North Korea send to Russia?", "10,000"),
    ("When did the defense pact come into force?", "came into force"),
    ("What did Zelensky say about North Korean soldiers?", "significant extent"),
    ("Who confirmed that North Korean forces were fighting on the front lines?", "White House"),
    ("When did the Ukrainian army invade the Kursk region?", "August"),
    ("How do I bake bread?", "do not cover"),
    ("How many tanks has China sent to Russia?", "do not mention"),
    ("When did Russia attack Ukraine?", "February 2022"),
]


def run(url: str, clients: int, questions: int) -> dict:
    from gradio_client import Client

    latencies, errors, wrong = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def user(n: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as e:  # noqa: BLE001
            with lock:
                errors.append(f"connect: {e!r}")
            return
        start.wait()
        for i in range(questions):
            q, expected = QUESTIONS[(n + i) % len(QUESTIONS)]
            s = time.perf_counter()
            try:
                reply = client.predict(q, api_name="/chat")
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(repr(e))
                continue
            with lock:
                latencies.append(time.perf_counter() - s)
                if expected not in reply:
                    wrong.append((q, reply[:120]))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = np.asarray(latencies) * 1000 if latencies else np.zeros(1)
    return {
        "clients": clients,
        "questions_each": questions,
        "answered": len(latencies),
        "errors": len(errors),
        "wrong": len(wrong),
        "p50_ms": float(np.percentile(lat, 50)),
        "p95_ms": float(np.percentile(lat, 95)),
        "questions_per_s": len(latencies) / wall,
        "first_errors": errors[:3],
        "first_wrong": wrong[:3],
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--questions", type=int, default=20)
    ap.add_argument("--url")
    args = ap.parse_args(argv)
    app = None
    if not args.url:
        from .app_process import RunningApp

        tmp = Path(tempfile.mkdtemp())
        app = RunningApp(ROOT / "seeds", ROOT / "index", tmp / "app.log")
        args.url = app.url
    try:
        out = run(args.url, args.clients, args.questions)
    finally:
        if app:
            app.stop()
    print(
        f"{out['clients']} clients × {out['questions_each']} questions: {out['answered']} answered, "
        f"{out['errors']} errors, {out['wrong']} wrong; p50 {out['p50_ms']:.0f} ms, "
        f"p95 {out['p95_ms']:.0f} ms, {out['questions_per_s']:.1f} questions/s"
    )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
