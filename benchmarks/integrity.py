"""What verifying the index costs: full (sha256 of every file) vs quick, at n passages.

    python -m benchmarks.integrity [--n 1000000] [--rounds 3]

Makes (once, cached in .bench-cache/integrity-<n>/) a product index of n passages with
the product's own writer: the real SciFact abstracts chunked by the product's chunker,
repeated under other file names up to n, BM25 over all n texts, random unit vectors, and
each passage's vector as its sentences' vectors (hashing and memory cost the same
whatever the bytes are, so real vectors would change nothing).
Then times, median of `rounds`, files read from the page cache as on a warm machine:
full verification (`python -m qa check`, and the app at start), quick verification (what
`qa.retrieve`/`python -m qa ask` do above folder.VERIFY_FULL_MB), a whole load of each kind,
and the resident memory a load adds, per passage (sentence vectors included).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from dataclasses import replace

import numpy as np

from .corpus import CACHE, scifact_docs, synthetic_sentences


def make_index(n: int):
    from qa.text.chunking import chunk_text
    from qa.building.build import duplicate_groups
    from qa.core.config import Config
    from qa.encoders.embedding import get_encoder
    from qa.stores.folder.files import build_lock, write_index
    from qa.stores.manifest import chunking_settings, new_manifest
    from qa.words.lexical import Lexical
    from qa.stores.folder.vectors import make

    folder = CACHE / f"integrity-{n}" / "index"
    if (folder / "manifest.json").exists():
        return folder
    count = get_encoder().count_tokens
    real = [p for name, text in scifact_docs() for p in chunk_text(text, name, count)]
    passages = [
        replace(
            real[i % len(real)], source=f"copy{i // len(real):03d}/{real[i % len(real)].source}"
        )
        for i in range(n)
    ]
    vectors = np.random.default_rng(0).standard_normal((n, 384), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index, params = make(vectors, "flat")
    sentences = synthetic_sentences(vectors, passages)
    del vectors
    lexical = Lexical.build([p.document for p in passages])
    manifest = new_manifest(
        model="all-MiniLM-L6-v2",
        encoder=get_encoder().encoder_id,
        dimension=384,
        index_type="flat",
        index_params=params,
        chunking=chunking_settings(Config()),
        passages=n,
        note="synthetic, for benchmarks/integrity.py",
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(folder):
        # repeated text makes every passage a duplicate: the groups are part of the cost
        write_index(
            folder, index, passages, lexical, manifest, sentences, duplicate_groups(passages)
        )
    return folder


MEASURE_RSS = """
import sys
from qa.stores.folder.index import load_index
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS:"))
import faiss, numpy, onnxruntime  # the libraries, loaded before: only the index counts
before = rss()
loaded = load_index(sys.argv[1], verify="quick")
loaded.passages[123]; loaded.sentences.of(123)
print(rss() - before)
"""


def resident_bytes(folder) -> int:
    """Memory added by loading the index (quick verification), in a fresh process."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", MEASURE_RSS, str(folder)], check=True, capture_output=True, text=True
    )
    return int(out.stdout.split()[-1])


def timed(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        s = time.perf_counter()
        fn()
        times.append(time.perf_counter() - s)
    return statistics.median(times)


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    logging.disable(logging.WARNING)
    from qa.core.config import Config
    from qa.stores.folder.index import load_index
    from qa.stores.folder.files import read_manifest, verify_files

    folder = make_index(args.n)
    manifest = read_manifest(folder)
    size = sum(manifest["sizes"].values())
    small = int(Config().in_memory_mb * 2**20)
    full = timed(lambda: verify_files(folder, manifest, full=True), args.rounds)
    quick = timed(lambda: verify_files(folder, manifest, full=False, hash_below=small), args.rounds)
    load_quick = timed(lambda: load_index(folder, verify="quick"), args.rounds)
    load_full = timed(lambda: load_index(folder, verify="full"), 1)
    resident = resident_bytes(folder)
    row = {
        "passages": args.n,
        "index_mb": round(size / 2**20),
        "bytes_per_passage": round(size / args.n),
        "full_verify_s": round(full, 2),
        "quick_verify_s": round(quick, 3),
        "load_quick_s": round(load_quick, 2),
        "load_full_s": round(load_full, 2),
        "resident_bytes_per_passage": round(resident / args.n),
        "files": {k: round(v / 2**20, 1) for k, v in sorted(manifest["sizes"].items())},
    }
    print(
        f"index of {args.n:,} passages: {size / 2**20:,.0f} MB on disk "
        f"({size / args.n:,.0f} B per passage)"
    )
    print("| check | seconds |\n|---|---|")
    print(f"| full verification (sha256 of every file) | {full:.2f} |")
    print(f"| quick verification (sizes; sha256 of files < {small >> 20} MB) | {quick:.3f} |")
    print(f"| load, quick (qa.retrieve / qa ask above VERIFY_FULL_MB) | {load_quick:.2f} |")
    print(f"| load, full | {load_full:.2f} |")
    print(
        f"memory added by loading (quick, fresh process): {resident / 2**20:,.0f} MB = "
        f"{resident / args.n:,.0f} B per passage"
    )
    print(json.dumps({"benchmark": "integrity", **row}))
    return row


if __name__ == "__main__":
    main()
