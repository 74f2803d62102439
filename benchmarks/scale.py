"""Vector search at scale: latency and recall@10 against exact search, per index type.

    python -m benchmarks.scale [--sizes 10000,100000,1000000] [--hnsw-max 100000]

Real embeddings: the SciFact passages indexed by benchmarks/build.py (~10,600) and the
300 SciFact test queries. Larger sets grow from the real vectors by small Gaussian noise
(cosine ≈ 0.96 to their source), since random vectors make recall meaningless. One
query at a time, one thread, as the app searches. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import time

import numpy as np

from qa.core.config import Config
from qa.encoders.embedding import get_encoder
from qa.stores.folder.index import load_index
from qa.stores.folder.vectors import all_vectors, make, ready

from .corpus import CACHE, ROOT

QUERIES = ROOT.parent / "shared" / "eval" / "scifact" / "queries.jsonl"


def real_vectors() -> tuple[np.ndarray, np.ndarray]:
    cached = CACHE / "scale-vectors.npz"
    if cached.exists():
        z = np.load(cached)
        return z["base"], z["queries"]
    index_dir = max(CACHE.glob("build-*/index"), key=lambda p: load_index(p).manifest["passages"])
    base = all_vectors(load_index(index_dir).vectors)
    texts = [json.loads(line)["text"] for line in QUERIES.open(encoding="utf-8")][:300]
    queries = get_encoder().encode(texts)
    np.savez(cached, base=base, queries=queries)
    return base, queries


def grow(base: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    if n <= len(base):
        return np.ascontiguousarray(base[:n])
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    out[: len(base)] = base
    for start in range(len(base), n, len(base)):
        stop = min(n, start + len(base))
        chunk = base[: stop - start] + rng.normal(0, 0.015, (stop - start, base.shape[1])).astype(
            np.float32
        )
        out[start:stop] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def timed(index, queries: np.ndarray, k: int = 10):
    lat, found = [], []
    for q in queries:
        s = time.perf_counter()
        _, ids = index.search(q[None, :], k)
        lat.append(time.perf_counter() - s)
        found.append(ids[0])
    return np.asarray(lat) * 1000, np.asarray(found)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def main(argv=None) -> dict:
    import faiss

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument(
        "--hnsw-max",
        type=int,
        default=100_000,
        help="largest size to build HNSW for (slow to build on 2 cores)",
    )
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    base, queries = real_vectors()
    default = Config()
    rows = []
    print(f"{len(base):,} real passage vectors, {len(queries)} real queries; 1 search thread")
    print(
        f"{'n':>9} {'index':<16}{'build s':>9}{'bytes/vec':>10}{'p50 ms':>8}{'p95 ms':>8}{'recall@10':>10}"
    )
    for n in [int(x) for x in args.sizes.split(",")]:
        data = grow(base, n)
        faiss.omp_set_num_threads(2)
        exact = faiss.IndexFlatIP(data.shape[1])
        exact.add(data)
        _, truth = exact.search(queries, 10)
        variants = [("flat", {}), *[("ivf", {"nprobe": p}) for p in (8, 16, 32, 64)]]
        if n <= args.hnsw_max:
            variants += [("hnsw", {"ef_search": e}) for e in (32, 64, 128)]
        built = {}
        for kind, knobs in variants:
            if kind not in built:
                s = time.perf_counter()
                index, _ = make(data, kind, threads=2)
                built[kind] = (
                    index,
                    time.perf_counter() - s,
                    faiss.serialize_index(index).nbytes / n,
                )
            index, build_s, per_vec = built[kind]
            ready(
                index,
                nprobe=knobs.get("nprobe", default.nprobe),
                ef_search=knobs.get("ef_search", default.ef_search),
            )
            faiss.omp_set_num_threads(1)
            lat, found = timed(index, queries)
            faiss.omp_set_num_threads(2)
            label = kind + "".join(f" {k}={v}" for k, v in knobs.items())
            row = {
                "n": n,
                "index": label,
                "build_s": build_s,
                "bytes_per_vector": per_vec,
                "p50_ms": float(np.percentile(lat, 50)),
                "p95_ms": float(np.percentile(lat, 95)),
                "recall@10": recall(found, truth),
            }
            rows.append(row)
            print(
                f"{n:>9,} {label:<16}{build_s:>9.1f}{per_vec:>10.0f}{row['p50_ms']:>8.2f}"
                f"{row['p95_ms']:>8.2f}{row['recall@10']:>10.3f}",
                flush=True,
            )
        del built, exact, data
    print(json.dumps(rows))
    return {"rows": rows}


if __name__ == "__main__":
    main()
