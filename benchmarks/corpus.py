"""Real text for the benchmarks: SciFact abstracts (../shared/eval/scifact), written as
seed files, and their embeddings, cached under .bench-cache/ (git-ignored)."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache"
SCIFACT = ROOT.parent / "shared" / "eval" / "scifact" / "corpus.jsonl"


def scifact_docs(limit: int | None = None) -> list[tuple[str, str]]:
    """(file name, text) of `limit` abstracts: title as heading, then the text. Past the
    5,183 real ones they repeat under new names, each copy lightly varied (its title
    numbered), so 50,000 abstracts give the ~100,000-passage corpus."""
    real = []
    with SCIFACT.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            body = "\n\n".join(p.strip() for p in d["text"].split("\n") if p.strip())
            real.append((d["_id"], " ".join(d["title"].split()), body))
    limit = limit or len(real)
    out = []
    for i in range(limit):
        doc_id, title, body = real[i % len(real)]
        copy = i // len(real)
        name = f"{doc_id}.md" if not copy else f"r{copy}-{doc_id}.md"
        heading = title if not copy else f"{title} ({copy})"
        out.append((name, f"# {heading}\n\n{body}"))
    return out


def write_seeds(folder: Path, docs) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs:
        (folder / name).write_text(text, encoding="utf-8")
    return folder
