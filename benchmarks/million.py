"""The whole product at 10^6 passages: memory per passage and warm `retrieve` latency.

    python -m benchmarks.million [--n 1000000] [--index-type auto]

Makes (once, cached in .bench-cache/million-<n>-<type>/) a product index of n passages
with the product's own writer: the real SciFact passages from benchmarks/build.py
repeated under other file names, their real vectors grown by small noise (as in
benchmarks/scale.py), the BM25 index over all n texts, sentence vectors. Then, in a fresh
process, it loads the index as the app does and reports the resident memory it added per
passage, and `retrieve` on a `qa.Index.open(...)` (the public API only) against a plain
sentence-transformers encode (torch) of the same questions, alternating.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import time
from pathlib import Path


from .corpus import CACHE, ROOT, synthetic_sentences


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make_index(n: int, kind: str):
    from dataclasses import replace

    from qa.core.config import Config
    from qa.encoders.embedding import get_encoder
    from qa.stores.folder.index import load_index
    from qa.stores.folder.files import write_index
    from qa.stores.manifest import chunking_settings, new_manifest
    from qa.words.lexical import Lexical
    from qa.stores.folder.vectors import choose, make

    from .scale import grow, real_vectors

    folder = CACHE / f"million-{n}-{kind}"
    if (folder / "index" / "manifest.json").exists():
        return folder / "index"
    source_index = max(
        CACHE.glob("build-*/index"), key=lambda p: load_index(p).manifest["passages"]
    )
    real = list(load_index(source_index).passages)
    base, _ = real_vectors()
    passages = [
        replace(
            real[i % len(real)], source=f"copy{i // len(real):03d}/{real[i % len(real)].source}"
        )
        for i in range(n)
    ]
    s = time.perf_counter()
    vectors = grow(base, n)
    chosen = choose(kind, n, Config().flat_max)
    index, params = make(vectors, chosen, threads=2)
    sentences = synthetic_sentences(vectors, passages)
    del vectors
    lexical = Lexical.build([p.document for p in passages])
    manifest = new_manifest(
        model="all-MiniLM-L6-v2",
        encoder=get_encoder().encoder_id,
        dimension=384,
        index_type=chosen,
        index_params=params,
        chunking=chunking_settings(Config()),
        passages=n,
        note="synthetic, for benchmarks/million.py",
    )
    write_index(folder / "index", index, passages, lexical, manifest, sentences)
    print(f"made {n:,} passages ({chosen}) in {time.perf_counter() - s:.0f} s", flush=True)
    return folder / "index"


def measure(index_dir: str, rounds: int) -> dict:
    """Runs in a fresh process: load like the app, then time (the public API only)."""
    import statistics

    import qa
    from qa.core.config import Config
    from qa.encoders.embedding import get_encoder

    from .query import QUESTIONS, pct

    logging.disable(logging.WARNING)
    config = Config.from_env(index_dir=index_dir)
    # the yardstick: plain sentence-transformers on torch, one thread (as benchmarks/query)
    model = get_encoder(config.model, backend="torch").model
    import torch

    torch.set_num_threads(config.query_threads)
    model.encode(["warm up"])
    # the product's encoder, loaded before and not counted: warmed on the small index/
    # (the app's, one article), whose encoder every index with these settings shares
    qa.Index.open(ROOT / "index", config).warm()
    before = rss_mb()
    index = qa.Index.open(index_dir, config)  # no seeds to check: synthetic sources
    for q in QUESTIONS:
        index.retrieve(q)
    loaded = rss_mb()
    n = index.health().passages
    raw, ret = [], []
    for _ in range(rounds):
        for q in QUESTIONS:
            s = time.perf_counter()
            model.encode([q], normalize_embeddings=True)
            raw.append(time.perf_counter() - s)
            s = time.perf_counter()
            index.retrieve(q)
            ret.append(time.perf_counter() - s)
    manifest = json.loads((Path(index_dir) / "manifest.json").read_text())
    out = {
        "passages": n,
        "index_type": manifest["index_type"],
        "rss_added_mb": loaded - before,
        "bytes_per_passage": (loaded - before) * 2**20 / n,
        "raw_encode_p50_ms": pct(raw, 50),
        "retrieve_p50_ms": pct(ret, 50),
        "retrieve_p95_ms": pct(ret, 95),
        "retrieve_over_encode": statistics.median(ret) / statistics.median(raw),
    }
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--index-type", default="auto")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.rounds)))
        return {}
    logging.disable(logging.WARNING)
    index_dir = make_index(args.n, args.index_type)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.million",
            "--measure",
            str(index_dir),
            "--rounds",
            str(args.rounds),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "QA_SEEDS_DIR": str(index_dir / "none")},
    )
    if run.returncode:
        raise SystemExit(run.stderr[-2000:])
    out = json.loads(run.stdout.strip().splitlines()[-1])
    print(
        f"{out['passages']:,} passages ({out['index_type']}): +{out['rss_added_mb']:.0f} MB "
        f"resident = {out['bytes_per_passage']:.0f} B/passage"
    )
    print(
        f"retrieve p50 {out['retrieve_p50_ms']:.1f} ms (p95 {out['retrieve_p95_ms']:.1f}) vs torch "
        f"encode {out['raw_encode_p50_ms']:.1f} ms → {out['retrieve_over_encode']:.2f}×"
    )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
