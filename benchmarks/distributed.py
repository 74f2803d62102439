"""The build on Ray (qa/distributed.py) against the build on this machine.

    python -m benchmarks.distributed [--docs 300] [--rounds 3]

SciFact abstracts as seed files. In one process, with a local Ray cluster of 2 CPUs kept
up (`ray.init`, as a notebook or Ray job would; the build then uses it): per round,
alternating, the encoding step of the build over the same passages — here with 1 and 2
threads, on Ray with 1 and 2 workers — and plain sentence-transformers (torch, 2
threads, batch 32) as the yardstick; then reading and chunking here and on Ray. Then
one end-to-end `qa.build_index` each way (Ray: the cluster started for it). Prints
passages/s, medians, Ray's overhead per batch, a labelled extrapolation to N machines,
the CPU, and one JSON line.

What 2 cores can show: that the workers scale from 1 to 2 and what each batch costs
in Ray's scheduling and serialisation. What they cannot: several machines (the network,
a remote object store, the driver's write rate under many workers); the extrapolation
says what it assumes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import shutil
import statistics
import time
from pathlib import Path

import qa
from qa.core.config import Config
from qa.building.distributed import PASSAGES_PER_BATCH, Cluster
from qa.encoders.embedding import get_encoder
from qa.building.encoding import embed_passages
from qa.text.sources import chunk_file, find_sources

from .build import indexed_texts
from .corpus import CACHE, scifact_docs, write_seeds


def cpu() -> str:
    text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    name = next(
        (ln.split(":", 1)[1].strip() for ln in text.splitlines() if "model name" in ln), "?"
    )
    flags = next(
        (ln.split(":", 1)[1].split() for ln in text.splitlines() if ln.startswith("flags")), []
    )
    vnni = [f for f in ("avx512_vnni", "avx_vnni") if f in flags]
    return f"{name}, {'VNNI: ' + ','.join(vnni) if vnni else 'no VNNI'}"


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300, help="SciFact abstracts")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    work = CACHE / "distributed"
    shutil.rmtree(work, ignore_errors=True)
    seeds = write_seeds(work / "seeds", scifact_docs(args.docs))
    config = Config(seeds_dir=seeds, index_dir=work / "local")
    encoder = get_encoder()
    window = min(config.ranking.chunk_tokens, encoder.max_tokens)
    files = [(p, p.relative_to(seeds).as_posix()) for p in find_sources(seeds)]
    passages = [
        p for path, s in files for p in chunk_file(path, s, encoder.count_tokens, window)[0]
    ]
    n = len(passages)
    torch_model = get_encoder(backend="torch").model
    texts = [p.document for p in passages]

    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    clusters = {w: Cluster(dataclasses.replace(config, ray="local", ray_workers=w)) for w in (1, 2)}
    runs = {
        "here, 1 thread": lambda: embed_passages(
            encoder, passages, dataclasses.replace(config, build_threads=1), False
        ),
        "here, 2 threads": lambda: embed_passages(
            encoder, passages, dataclasses.replace(config, build_threads=2), False
        ),
        "ray, 1 worker": lambda: clusters[1].embed(passages, encoder),
        "ray, 2 workers": lambda: clusters[2].embed(passages, encoder),
        # what every build pays once: the actors start, load the encoder, encode one batch
        "ray, 2 workers, one passage": lambda: clusters[2].embed(passages[:1], encoder),
        "torch (sentence-transformers, 2 threads)": lambda: torch_model.encode(
            texts, batch_size=32, normalize_embeddings=True
        ),
        "chunk here": lambda: [chunk_file(p, s, encoder.count_tokens, window) for p, s in files],
        "chunk on ray": lambda: clusters[2].chunk(files, window, config.ranking.overlap_sentences),
    }
    for run in runs.values():  # warm: the model, the actors' first start, the runtime_env
        run()
    seconds = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            seconds[name].append(timed(run))
    ray.shutdown()
    median = {name: statistics.median(s) for name, s in seconds.items()}
    rate = {name: n / s for name, s in median.items()}
    batches = math.ceil(n / PASSAGES_PER_BATCH)
    start = median["ray, 2 workers, one passage"]
    # Ray's cost per batch over the same encoding done here, its start included: a bound
    overhead = (median["ray, 1 worker"] - median["here, 1 thread"]) / batches
    steady = {
        w: (n - 1) / max(median[f"ray, {w} worker{'s' if w > 1 else ''}"] - start, 1e-9)
        for w in (1, 2)
    }

    # End to end, as `qa build` runs: read, chunk, encode, write (Ray: starting the cluster)
    here = qa.build_index(config=config, full=True)
    on_ray = qa.build_index(
        config=dataclasses.replace(config, index_dir=work / "ray", ray="local"), full=True
    )
    same = all(
        (work / "local" / f).read_bytes() == (work / "ray" / f).read_bytes()
        for f in ("passages.jsonl", "vectors.faiss", "sentences.npy", "tokens.npy")
    )
    assert indexed_texts(work / "local") == texts
    per_worker = steady[1]
    scaling = steady[2] / (2 * per_worker)
    result = {
        "cpu": cpu(),
        "passages": n,
        "files": len(files),
        "passages_per_s": {k: round(v, 1) for k, v in rate.items()},
        "median_s": {k: round(v, 3) for k, v in median.items()},
        "int8_over_torch_2_threads": round(
            rate["here, 2 threads"] / rate["torch (sentence-transformers, 2 threads)"], 2
        ),
        "ray_start_s": round(start, 2),
        "ray_steady_passages_per_s": {f"{w} worker(s)": round(r, 1) for w, r in steady.items()},
        "ray_overhead_per_batch_s": round(overhead, 3),
        "passages_per_batch": PASSAGES_PER_BATCH,
        "two_workers_over_two_of_one": round(scaling, 2),
        "build_s": {
            "here": round(here.seconds, 2),
            "ray (cluster start included)": round(on_ray.seconds, 2),
        },
        "ray_build_identical_files": same,
    }
    print(f"CPU: {result['cpu']}; {n} passages from {len(files)} SciFact abstracts")
    for name, r in rate.items():
        print(f"  {name:42s} {median[name]:7.2f} s  {r:7.1f} passages/s")
    print(
        f"  Ray: actors start and encode one passage in {start:.2f} s; past that, "
        f"{steady[1]:.1f} passages/s with 1 worker, {steady[2]:.1f} with 2; "
        f"Ray's extra time per batch of {PASSAGES_PER_BATCH}, its start included: {overhead * 1000:.0f} ms"
    )
    print(f"  2 workers / (2 × 1 worker): {scaling:.2f} (2 cores, the driver on them too)")
    print(
        f"  build end to end: here {here.seconds:.1f} s, on Ray {on_ray.seconds:.1f} s "
        f"(identical files: {same})"
    )
    print(
        "  Extrapolation, not a measurement: every core of N machines encodes as one worker"
        " did here past its start, at this machine's 2-worker scaling, on CPUs like this one;"
        " the driver's reading, receiving and writing and the network are taken as free:"
    )
    for machines, cores in ((1, 16), (10, 16), (100, 16)):
        rate_n = machines * cores * per_worker * scaling
        hours = 1e7 / rate_n / 3600
        print(f"    {machines:3d} × {cores} cores: {rate_n:8.0f} passages/s; 10^7 in {hours:.1f} h")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
