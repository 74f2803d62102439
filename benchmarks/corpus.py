"""Real text for the benchmarks: SciFact abstracts (../shared/eval/scifact), written as
seed files, and their embeddings, cached under .bench-cache/ (git-ignored)."""

from __future__ import annotations

import json
from pathlib import Path

from qa.cli.beir import beir_document

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache"
SCIFACT = ROOT.parent / "shared" / "eval" / "scifact" / "corpus.jsonl"


def scifact_docs(limit: int | None = None) -> list[tuple[str, str]]:
    """(file name, text) of `limit` abstracts: title as heading, then the text. Past the
    5,183 real ones they repeat under new names, each copy lightly varied (its title
    numbered), so 50,000 abstracts give the ~100,000-passage corpus."""
    with SCIFACT.open(encoding="utf-8") as f:
        real = [json.loads(line) for line in f]
    limit = limit or len(real)
    out = []
    for i in range(limit):
        d, copy = real[i % len(real)], i // len(real)
        if copy:
            d = {**d, "_id": f"r{copy}-{d['_id']}", "title": f"{d['title']} ({copy})"}
        out.append((f"{d['_id']}.md", beir_document(d)))
    return out


def corpus_index(name: str):
    """A fresh index of the five news articles of tests/corpus/ under .bench-cache/NAME;
    its Config."""
    import shutil

    import qa
    from qa.core.config import Config

    work = CACHE / name
    shutil.rmtree(work, ignore_errors=True)
    seeds = work / "seeds"
    shutil.copytree(
        ROOT / "tests" / "corpus", seeds, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    config = Config.from_env(seeds_dir=seeds, index_dir=work / "index")
    qa.build_index(config=config)
    return config


def write_seeds(folder: Path, docs) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def synthetic_sentences(vectors, passages) -> tuple:
    """Sentence vectors for a synthetic index: each passage's own vector for each of its
    sentences (the values are made up; the sizes on disk and in memory are the real
    ones), quantised in slices: 10^7 float32 rows would not fit in memory at once."""
    import numpy as np

    from qa.stores.sentences import quantize

    counts = [len(p.sentences) for p in passages]
    parts = [
        quantize(np.repeat(vectors[a : a + 50_000], counts[a : a + 50_000], axis=0))
        for a in range(0, len(passages), 50_000)
    ]
    return np.concatenate([q for q, _ in parts]), np.concatenate([s for _, s in parts]), counts
