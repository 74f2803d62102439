"""Build throughput: `build` versus the raw encoder on the same passages.

    python -m benchmarks.build [--sizes 500,5183]     (add 50000 for ~100k passages)

For each size (SciFact abstracts; 5,183 is all of them, ~10,600 passages; more repeat
them with light variation), in one
process with the model loaded: a full `qa.build_index` and a raw
`SentenceTransformer.encode` (torch) of the very passages it indexed, alternating, then the
incremental build after adding one article to the largest index. Prints passages/s,
the ratio, peak memory, and one JSON line. The largest index is kept in .bench-cache/
for benchmarks/scale.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import time

import qa
from qa.core.config import Config
from qa.encoders.embedding import get_encoder

from .corpus import CACHE, ROOT, scifact_docs, write_seeds


def indexed_texts(index_dir) -> list[str]:
    """What the build embedded, from its passages.jsonl (a documented plain file): each
    passage under its section heading, as README "How it works" says."""
    with (index_dir / "passages.jsonl").open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return [f"{r['section']}\n{r['text']}" if r["section"] else r["text"] for r in records]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="500,5183", help="numbers of abstracts")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    config = Config.from_env()
    # the yardstick: plain sentence-transformers on torch, as a script without us would run
    model = get_encoder(config.model, backend="torch").model
    rows = []
    for n_docs in [int(x) for x in args.sizes.split(",")]:
        work = CACHE / f"build-{n_docs}"
        shutil.rmtree(work, ignore_errors=True)
        seeds = write_seeds(work / "seeds", scifact_docs(n_docs))
        cfg = Config.from_env(seeds_dir=seeds, index_dir=work / "index")
        s = time.perf_counter()
        summary = qa.build_index(config=cfg, full=True)
        build_s = time.perf_counter() - s
        texts = indexed_texts(cfg.index_dir)
        s = time.perf_counter()
        model.encode(texts, batch_size=32, normalize_embeddings=True)
        raw_s = time.perf_counter() - s
        row = {
            "docs": n_docs,
            "passages": summary.passages,
            "build_s": build_s,
            "raw_s": raw_s,
            "build_per_s": summary.passages / build_s,
            "raw_per_s": len(texts) / raw_s,
            "ratio": raw_s / build_s,
            "peak_mb": peak_mb(),
        }
        rows.append(row)
        print(
            f"{n_docs:>6} docs {summary.passages:>7} passages: build {row['build_per_s']:6.1f}/s "
            f"raw encode {row['raw_per_s']:6.1f}/s  ratio {row['ratio']:.2f}  "
            f"peak {row['peak_mb']:.0f} MB",
            flush=True,
        )
    # incremental: one more article into the largest index
    (seeds / "new-article.txt").write_text(
        (ROOT / "seeds" / "000_3ae34f4a203fbd2d.txt").read_text()
    )
    s = time.perf_counter()
    inc = qa.build_index(config=cfg)
    inc_s = time.perf_counter() - s
    share = inc_s / rows[-1]["build_s"]
    print(
        f"add one article to {rows[-1]['docs']} docs: {inc_s:.1f} s, {inc.embedded} passages "
        f"embedded = {share:.1%} of the full build ({rows[-1]['build_s']:.0f} s)"
    )
    out = {
        "sizes": rows,
        "incremental_s": inc_s,
        "incremental_share": share,
        "incremental_embedded": inc.embedded,
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
