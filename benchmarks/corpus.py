"""Real text for the benchmarks: SciFact abstracts (../shared/eval/scifact), written as
seed files, and their embeddings, cached under .bench-cache/ (git-ignored)."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache"
SCIFACT = ROOT.parent / "shared" / "eval" / "scifact" / "corpus.jsonl"


def scifact_docs(limit: int | None = None) -> list[tuple[str, str]]:
    """(file name, text) of the first `limit` abstracts: title as heading, then text."""
    out = []
    with SCIFACT.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            body = "\n\n".join(p.strip() for p in d["text"].split("\n") if p.strip())
            out.append((f"{d['_id']}.md", f"# {' '.join(d['title'].split())}\n\n{body}"))
            if limit and len(out) >= limit:
                break
    return out


def write_seeds(folder: Path, docs) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs:
        (folder / name).write_text(text, encoding="utf-8")
    return folder
