"""The two stores side by side: the folder (FAISS + BM25 files), Milvus Lite in this
process, and a Milvus Lite server on loopback (`milvus-lite server`, another process).

    python -m benchmarks.stores [--docs 1000] [--questions 40]

For each store, in one process and through the public API only (qa.Index): a full
build of the same SciFact abstracts, adding one article (incremental), then
`retrieve` and `answer` for SciFact's claims, alternating the stores question by
question. Prints build seconds and p50 / p95 ms, and one JSON line.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shutil
import subprocess
import sys
import time

import qa
from qa.core.config import Config

from .corpus import CACHE, ROOT, SCIFACT, scifact_docs, write_seeds
from .query import pct

QUERIES = SCIFACT.with_name("queries.jsonl")


ARTICLE = ROOT / "seeds" / "000_3ae34f4a203fbd2d.txt"


def _server(data_dir, port: int) -> subprocess.Popen:
    from .app_process import wait_for_port

    proc = subprocess.Popen(
        [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir)]
        + ["--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc, seconds=60)
    except BaseException:
        proc.kill()
        raise
    return proc


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000, help="SciFact abstracts to index")
    ap.add_argument("--questions", type=int, default=40)
    ap.add_argument("--port", type=int, default=19539, help="for the Milvus Lite server")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    work = CACHE / "stores"
    shutil.rmtree(work, ignore_errors=True)
    seeds = write_seeds(work / "seeds", scifact_docs(args.docs))
    base = Config.from_env(seeds_dir=seeds, index_dir=work / "index", k=3)
    server = _server(work / "server", args.port)
    try:
        stores = {
            "folder": base,
            "milvus lite": dataclasses.replace(base, store=f"milvus:{work / 'lite.db'}"),
            "milvus server": dataclasses.replace(base, store=f"http://127.0.0.1:{args.port}"),
        }
        rows, indexes = {}, {}
        for name, config in stores.items():
            start = time.perf_counter()
            index = qa.Index.build(seeds, None, config, full=True)
            built = time.perf_counter() - start
            (seeds / "added.md").write_text(ARTICLE.read_text(encoding="utf-8"))
            start = time.perf_counter()
            qa.Index.build(seeds, None, config)
            added = time.perf_counter() - start
            (seeds / "added.md").unlink()
            qa.Index.build(seeds, None, config)
            index.warm()
            indexes[name] = index
            rows[name] = {"passages": index.health().passages, "build_s": built, "add_one_s": added}
        with QUERIES.open(encoding="utf-8") as f:
            questions = [json.loads(line)["text"] for line in f][: args.questions]
        times = {name: {"retrieve": [], "answer": []} for name in stores}
        for _round in range(3):
            for q in questions:
                for name, index in indexes.items():
                    start = time.perf_counter()
                    index.retrieve(q)
                    times[name]["retrieve"].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    index.answer(q)
                    times[name]["answer"].append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.docs} SciFact abstracts; {len(questions)} claims x 3 rounds, alternating")
    print(
        f"{'store':<14} {'passages':>8} {'build s':>8} {'add one s':>9} "
        f"{'retrieve p50/p95 ms':>20} {'answer p50/p95 ms':>18}"
    )
    for name in stores:
        r = rows[name]
        r["retrieve_ms"] = pct(times[name]["retrieve"], 50), pct(times[name]["retrieve"], 95)
        r["answer_ms"] = pct(times[name]["answer"], 50), pct(times[name]["answer"], 95)
        print(
            f"{name:<14} {r['passages']:>8} {r['build_s']:>8.1f} {r['add_one_s']:>9.1f} "
            f"{r['retrieve_ms'][0]:>10.1f} / {r['retrieve_ms'][1]:<7.1f} "
            f"{r['answer_ms'][0]:>8.1f} / {r['answer_ms'][1]:<7.1f}"
        )
    print(json.dumps(rows))
    return rows


if __name__ == "__main__":
    main()
