"""BEIR folders (corpus.jsonl, queries.jsonl, qrels/test.tsv) measured through the
product's own build and ranking: each document becomes `<id>.md` with its title as the
heading; a document's score is its best passage's; nDCG@10 as BEIR computes it."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from qa.core.config import Config


def read_beir(folder: Path, split: str = "test") -> tuple[dict, dict]:
    """The judged queries and their relevance judgements (qrels) of a BEIR folder."""
    folder = Path(folder)
    qrels: dict[str, dict[str, int]] = {}
    with (folder / "qrels" / f"{split}.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
    queries = {}
    with (folder / "queries.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["_id"] in qrels:
                queries[d["_id"]] = d["text"]
    return queries, qrels


def beir_document(d: dict) -> str:
    """A BEIR corpus record as a seed file: the title as heading, then the text."""
    title = " ".join(d.get("title", "").split())
    body = "\n\n".join(p.strip() for p in d["text"].split("\n") if p.strip())
    return f"# {title}\n\n{body}" if title else body


def write_beir(folder: Path, seeds: Path, split: str = "test"):
    """Each document → `<id>.md` in seeds; returns the queries and qrels."""
    with (Path(folder) / "corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            (seeds / f"{safe_id(d['_id'])}.md").write_text(beir_document(d), encoding="utf-8")
    return read_beir(folder, split)


def safe_id(doc_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in doc_id)


def ndcg_at_10(searcher, queries: dict, qrels: dict, progress=None) -> dict:
    total = 0.0
    for qid in with_progress(list(queries), progress):
        hits = searcher.rank(searcher.prepare(queries[qid]), 100)
        docs: list[str] = []
        for h in hits:  # hits are best first: a document's first hit is its best passage
            doc = h.source.rsplit(".", 1)[0]
            if doc not in docs:
                docs.append(doc)
        total += ndcg10(docs, qrels[qid])
    return {"queries": len(queries), "ndcg@10": 100 * total / max(1, len(queries))}


def ndcg10(ranked: list[str], judged: dict[str, int]) -> float:
    """nDCG@10 of ranked document ids (file-safe) against graded judgements."""
    rel = {safe_id(d): g for d, g in judged.items()}
    dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(rel.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reference_dense(folder: Path, config: Config, show_progress: bool = False) -> dict:
    """The published MTEB setup, as a check on our encoder and nDCG code: each document
    is "title text", encoded whole (the encoder truncates it at 256 wordpieces), exact
    cosine search. The product itself never truncates; this path exists only to
    reproduce the published 64.51 on SciFact."""
    import faiss

    from qa.encoders.embedding import get_encoder

    folder = Path(folder)
    queries, qrels = read_beir(folder)
    ids, texts = [], []
    with (folder / "corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            ids.append(safe_id(d["_id"]))
            texts.append(f"{d.get('title', '')} {d['text']}".strip())
    encoder = get_encoder(config.model, backend="torch")  # the published setup's encoder
    docs = encoder.encode(
        texts,
        batch_size=32,
        threads=config.build_threads,
        show_progress=show_progress,
    )
    index = faiss.IndexFlatIP(docs.shape[1])
    index.add(docs)
    qids = list(queries)
    qv = encoder.encode([queries[q] for q in qids], threads=config.build_threads)
    _, found = index.search(qv, 10)
    total = sum(ndcg10([ids[i] for i in row], qrels[qid]) for qid, row in zip(qids, found))
    return {"queries": len(qids), "ndcg@10": 100 * total / max(1, len(qids)), "lexical_weight": 0.0}


def with_progress(items, label):
    """items, with a progress bar named `label` (none without one)."""
    if not label:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="q", leave=False)
