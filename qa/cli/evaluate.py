"""Measure retrieval on public data, through the product's own build and ranking.

SQuAD-format JSON (v1.1 / v2.0): each article becomes one text file (paragraphs
separated by a blank line) in a temporary seeds folder, indexed by `build_index`.
A question is answered at rank r when the hit at r is in the right file and its
start..end covers the gold answer span.

BEIR folders (corpus.jsonl, queries.jsonl, qrels/test.tsv): beir.py.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qa.cli.beir import ndcg_at_10, with_progress, write_beir
from qa.building.build import build_index
from qa.answering.answer_sentence import with_answer_sentences
from qa.answering.chat import decide
from qa.core.config import Config
from qa.core.errors import QAError
from qa.answering.retrieval import forget, get_searcher

# Ranking variants compared in one run: the same index, different fusion.
VARIANTS = {
    "dense": {"lexical_weight": 0.0},
    "bm25": {"lexical_weight": 1.0},
    "hybrid": {},  # the configured default
    "fused": {"token_weight": 0.0},  # cosine and BM25 alone, no word-by-word reranking
    "rrf": {"fusion": "rrf"},
}


@dataclass(frozen=True)
class Question:
    text: str
    source: str
    paragraph: int  # 1-based, as the product numbers them
    spans: tuple[tuple[int, int], ...]  # gold answers, offsets in the source file
    impossible: bool = False


# ---------------------------------------------------------------- SQuAD


def write_squad(path: Path, seeds: Path, holdout: int = 0) -> list[Question]:
    """Articles → seed files. With `holdout` N, every Nth article is left out of the
    seeds and its questions count as unanswerable (SQuAD 2.0 style, from v1.1 data)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    except (ValueError, KeyError, UnicodeDecodeError):
        raise QAError(f'{path} is not SQuAD JSON (a top-level "data" list)') from None
    questions = []
    for n, article in enumerate(data):
        source = f"{n:03d}.txt"
        held_out = holdout > 0 and n % holdout == holdout - 1
        offset, texts = 0, []
        for number, para in enumerate(article["paragraphs"], 1):
            context = " ".join(para["context"].split("\n"))  # keep one paragraph per block
            for qa in para["qas"]:
                spans = tuple(
                    sorted(
                        {
                            (
                                offset + a["answer_start"],
                                offset + a["answer_start"] + len(a["text"]),
                            )
                            for a in qa.get("answers", [])
                        }
                    )
                )
                questions.append(
                    Question(
                        qa["question"],
                        source,
                        number,
                        spans,
                        held_out or bool(qa.get("is_impossible", False)),
                    )
                )
            texts.append(context)
            offset += len(context) + 2
        if not held_out:
            (seeds / source).write_text("\n\n".join(texts), encoding="utf-8")
    return questions


def squad_metrics(searcher, questions: list[Question], config: Config, progress=None) -> dict:
    hit1 = hit3 = para1 = rr = sentence1 = 0.0
    answerable = [q for q in questions if not q.impossible and q.spans]
    refused = abstained = caveated = 0
    impossible = [q for q in questions if q.impossible]
    for q in with_progress(questions, progress):
        query = searcher.prepare(q.text)
        hits = searcher.rank(query, 10)
        verdict = decide(searcher, query, hits, config)
        shown = verdict.hits
        relevant = bool(shown)
        if q.impossible:
            abstained += not relevant
            caveated += relevant and bool(verdict.missing)  # answered, naming what is absent
            continue
        if not q.spans:
            continue
        refused += not relevant
        ranks = [
            r
            for r, h in enumerate(hits, 1)
            if h.source == q.source and any(h.start <= a and b <= h.end for a, b in q.spans)
        ]
        first = ranks[0] if ranks else None
        hit1 += first == 1
        hit3 += first is not None and first <= 3
        rr += 1 / first if first else 0
        para1 += bool(hits) and hits[0].source == q.source and hits[0].paragraph == q.paragraph
        if shown:  # what the user reads first: the first shown hit's bold sentence
            bold = with_answer_sentences(searcher, query, [shown[0]])[0]
            sentence1 += bold.source == q.source and any(
                bold.answer_start <= a and b <= bold.answer_end for a, b in q.spans
            )
    n = max(1, len(answerable))
    out = {
        "questions": len(answerable),
        "answer_hit@1": hit1 / n,
        "answer_hit@3": hit3 / n,
        "paragraph_hit@1": para1 / n,
        "mrr@10": rr / n,
        "sentence_hit@1": sentence1 / n,
        "wrong_refusals": refused / n,
    }
    if impossible:
        out["unanswerable"] = len(impossible)
        out["abstained_on_unanswerable"] = abstained / len(impossible)
        out["abstained_or_caveat_on_unanswerable"] = (abstained + caveated) / len(impossible)
    return out


# ---------------------------------------------------------------- driver


def evaluate(
    path,
    *,
    variants=("dense", "hybrid"),
    config: Config | None = None,
    workdir=None,
    show_progress: bool = False,
    holdout: int = 0,
) -> dict:
    """Build an index of the data set with the product's build, then score each variant."""
    config = config or Config.from_env()
    path = Path(path)
    if not path.exists():
        raise QAError(f"{path} does not exist; pass a SQuAD .json file or a BEIR folder")
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise QAError(f"unknown variant {unknown[0]!r}; choose from {', '.join(VARIANTS)}")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        seeds, index = Path(tmp) / "seeds", Path(tmp) / "index"
        seeds.mkdir()
        beir = path.is_dir()
        if beir:
            queries, qrels = write_beir(path, seeds)
        else:
            questions = write_squad(path, seeds, holdout)
        cfg = dataclasses.replace(config, seeds_dir=seeds, index_dir=index).with_ranking(
            candidates=max(config.ranking.candidates, 100)
        )
        summary = build_index(config=cfg, show_progress=show_progress)
        report = {
            "data": str(path),
            "passages": summary.passages,
            "files": summary.files,
            "build_seconds": round(summary.seconds, 1),
            **_sizes(index, summary.passages),
            "chunking": {
                "chunk_tokens": cfg.ranking.chunk_tokens,
                "overlap_sentences": cfg.ranking.overlap_sentences,
            },
            "variants": {},
        }
        for name in variants:
            variant = cfg.with_ranking(**VARIANTS[name])
            forget(index)
            searcher = get_searcher(index, config=variant)
            label = f"{name}" if show_progress else None
            if beir:
                report["variants"][name] = ndcg_at_10(searcher, queries, qrels, label)
            else:
                report["variants"][name] = squad_metrics(searcher, questions, variant, label)
            report["variants"][name]["lexical_weight"] = variant.ranking.lexical_weight
        forget(index)
    return report


def _sizes(index: Path, passages: int) -> dict:
    """Bytes per passage of the index on disk, and of its token vectors (tokens*.npy)."""
    if not index.is_dir():  # a Milvus store
        return {}
    files = [p for p in index.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    tokens = sum(p.stat().st_size for p in files if p.name.startswith("tokens"))
    return {
        "index_bytes_per_passage": round(total / max(1, passages)),
        "token_bytes_per_passage": round(tokens / max(1, passages)),
    }


def format_table(report: dict) -> str:
    rows = report["variants"]
    metrics = [
        k
        for k in next(iter(rows.values()))
        if k not in ("questions", "queries", "unanswerable", "lexical_weight")
    ]
    lines = [
        f"{report['data']}: {report['files']} files, {report['passages']} passages "
        f"({report.get('index_bytes_per_passage', '?')} bytes each on disk, of which "
        f"{report.get('token_bytes_per_passage', '?')} token vectors) "
        f"(chunk_tokens={report['chunking']['chunk_tokens']}), built in "
        f"{report['build_seconds']} s",
        f"{'variant':<8}" + "".join(f"{m:>27}" for m in metrics),
    ]
    for name, row in rows.items():
        cells = "".join(
            f"{row[m]:>27.2f}" if m == "ndcg@10" else f"{row[m]:>27.3f}" for m in metrics
        )
        lines.append(f"{name:<8}{cells}")
    return "\n".join(lines)
