"""The encoder rows of README "Choosing the precision": torch, fp32 ONNX and int8 ONNX.

    python -m benchmarks.precision

For each: cosine to torch over the seed article's sentences (min / mean), a question's
encode p50 (one thread, alternating), and passages/s on 300 SciFact abstracts (2 cores;
torch batches of 32, ONNX one text per core). The fp32 export is made once into
.bench-cache/. The quality rows of the table come from `python -m qa eval` and
`python -m benchmarks.followups` run with each encoder. Prints a table and a JSON line.
"""

from __future__ import annotations

import json
import logging
import statistics
import time

from qa.encoders.embedding import get_encoder
from qa.encoders.export import export
from qa.text.paragraphs import split_sentences

from .corpus import CACHE, ROOT, scifact_docs

QUESTION = "How many soldiers did North Korea send to Russia?"


def main(argv=None) -> dict:
    logging.disable(logging.WARNING)
    fp32_dir = CACHE / "export-fp32"
    if not (fp32_dir / "export.json").exists():
        export(fp32_dir, precision="fp32")
    encoders = {
        "torch": get_encoder(backend="torch"),
        "fp32 ONNX": get_encoder(backend="onnx", export_dir=fp32_dir),
        "int8 ONNX": get_encoder(backend="onnx"),
    }
    text = (ROOT / "seeds" / "000_3ae34f4a203fbd2d.txt").read_text(encoding="utf-8")
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    passages = [body for _, body in scifact_docs(300)]
    reference = encoders["torch"].encode(sentences)
    times = {name: [] for name in encoders}
    for e in encoders.values():
        e.encode_query(QUESTION)  # warm
    for _ in range(30):  # alternating
        for name, e in encoders.items():
            s = time.perf_counter()
            e.encode_query(QUESTION)
            times[name].append(time.perf_counter() - s)
    rows = {}
    for name, e in encoders.items():
        cos = (e.encode(sentences) * reference).sum(1)
        s = time.perf_counter()
        e.encode(passages, batch_size=32, threads=2)
        rows[name] = {
            "cosine_min": float(cos.min()),
            "cosine_mean": float(cos.mean()),
            "question_p50_ms": statistics.median(times[name]) * 1000,
            "passages_per_s": len(passages) / (time.perf_counter() - s),
        }
    print(f"{'encoder':<10}{'cos min':>9}{'cos mean':>10}{'question ms':>13}{'passages/s':>12}")
    for name, r in rows.items():
        print(
            f"{name:<10}{r['cosine_min']:>9.4f}{r['cosine_mean']:>10.4f}"
            f"{r['question_p50_ms']:>13.2f}{r['passages_per_s']:>12.1f}"
        )
    print(json.dumps(rows))
    return rows


if __name__ == "__main__":
    main()
