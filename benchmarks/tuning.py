"""How the ranking and the bold sentence depend on their weights, on every data set we may
tune on: the sensitivity table behind the defaults.

    python -m benchmarks.tuning [--scifact N] [--json]

For each BM25 share (lexical_weight) × word-by-word share (token_weight), through the
product's own build, ranking and judging (qa.cli.evaluate.squad_metrics):
- XQuAD-public split in two halves by article (even and odd article numbers): the
  defaults are chosen on half A; half B is the check;
- SciFact nDCG@10 over the first N abstracts' test queries (--scifact, 0 = skip; the
  whole corpus takes ~10 minutes to build);
- the project's older question sets (tests/questions.py ON_TOPIC and ALIAS_ANSWERABLE on
  the seed article, tests/corpus/questions.py on the five articles): the right passage
  first.
Then, at the default ranking, the bold sentence with each part of its score left out
(chat.with_answer_sentences), and with MaxSim alone. The held-out sets of issue 17
(tests/corpus/paraphrases.py) are not used here: benchmarks.paraphrases reports them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shutil
import tempfile
from pathlib import Path

import qa
from qa.core.config import Config
from qa.cli.beir import ndcg_at_10, write_beir
from qa.cli.evaluate import squad_metrics, write_squad
from qa.answering.retrieval import forget, get_searcher

from .corpus import ROOT

XQUAD = ROOT.parent / "shared" / "eval" / "xquad" / "xquad_en_public.json"
SCIFACT = ROOT.parent / "shared" / "eval" / "scifact"
LEXICAL = (0.2, 0.3, 0.4, 0.5)
TOKENS = (0.0, 0.3, 0.5, 0.7)
# The bold sentence: the defaults, then each part of its score left out in turn.
SENTENCE_PARTS = (
    "sentence_window_weight",
    "sentence_cosine_weight",
    "sentence_lexical_weight",
    "sentence_type_weight",
)


def searcher_for(index: Path, config: Config):
    forget(index)
    return get_searcher(index, config=config)


def halves(questions) -> tuple[list, list]:
    a = [q for q in questions if int(q.source[:3]) % 2 == 0]
    return a, [q for q in questions if int(q.source[:3]) % 2 == 1]


def own_sets(work: Path, config: Config) -> dict:
    """The right passage first, on the older question sets (seed article, corpus)."""
    from tests.corpus.questions import ANSWERABLE
    from tests.questions import ALIAS_ANSWERABLE, ON_TOPIC

    out = {}
    for name, folder, cases in (
        ("seed", ROOT / "seeds", [(q, None, w) for q, w in ON_TOPIC + ALIAS_ANSWERABLE]),
        ("corpus", ROOT / "tests" / "corpus", ANSWERABLE),
    ):
        cfg = dataclasses.replace(config, seeds_dir=work / name / "seeds", index_dir=work / name)
        if not (work / name / "manifest.json").exists():
            shutil.copytree(folder, cfg.seeds_dir, ignore=shutil.ignore_patterns("*.py", "__*"))
            qa.build_index(config=cfg)
        out[name] = (cfg, cases)
    return out


def own_scores(sets: dict, variant: dict) -> dict:
    """The right passage first, and the bold sentence of the first shown hit holding an
    answer word, per set."""
    scores = {}
    for name, (cfg, cases) in sets.items():
        cfg = dataclasses.replace(cfg, **variant)
        searcher = searcher_for(cfg.index_dir, cfg)
        right = bold = 0
        for question, source, words in cases:
            hit = searcher.search(question, 1)[0]
            ours = source is None or source in (hit.source, *hit.also_in)
            right += ours and any(w in hit.text for w in words)
            shown = qa.answer(question, index_dir=cfg.index_dir, config=cfg).hits
            bold += bool(shown) and any(w in shown[0].answer_text for w in words)
        scores[f"{name}_passage@1"] = right / len(cases)
        scores[f"{name}_bold"] = bold / len(cases)
    return scores


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scifact", type=int, default=0, metavar="N", help="abstracts (0: skip)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    base = Config.from_env()
    rows, sentence_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "xquad").mkdir()
        questions = write_squad(XQUAD, work / "xquad")
        xq = dataclasses.replace(
            base, seeds_dir=work / "xquad", index_dir=work / "xquad-index"
        ).with_ranking(candidates=100)
        qa.build_index(config=xq)
        half_a, half_b = halves(questions)
        sets = own_sets(work, base)
        sci = None
        if args.scifact:
            sci = _scifact(work, base, args.scifact)
        for lw in LEXICAL:
            for tw in TOKENS:
                variant = {"lexical_weight": lw, "token_weight": tw}
                cfg = dataclasses.replace(xq, **variant)
                searcher = searcher_for(xq.index_dir, cfg)
                a = squad_metrics(searcher, half_a, cfg)
                b = squad_metrics(searcher, half_b, cfg)
                row = {
                    **variant,
                    "xquad_a_answer@1": a["answer_hit@1"],
                    "xquad_b_answer@1": b["answer_hit@1"],
                    "xquad_a_sentence@1": a["sentence_hit@1"],
                    "xquad_b_sentence@1": b["sentence_hit@1"],
                    **own_scores(sets, variant),
                }
                if sci:
                    index, queries, qrels = sci
                    s = searcher_for(index, dataclasses.replace(base, index_dir=index, **variant))
                    row["scifact_ndcg@10"] = ndcg_at_10(s, queries, qrels)["ndcg@10"]
                rows.append(row)
                print(_line(row), flush=True)
        for parts in ((), *((p,) for p in SENTENCE_PARTS), SENTENCE_PARTS):
            variant = {part: 0.0 for part in parts}
            cfg = dataclasses.replace(xq, **variant)
            searcher = searcher_for(xq.index_dir, cfg)
            row = {
                "without": "+".join(p.split("_")[1] for p in parts) or "-",
                "xquad_a_sentence@1": squad_metrics(searcher, half_a, cfg)["sentence_hit@1"],
                "xquad_b_sentence@1": squad_metrics(searcher, half_b, cfg)["sentence_hit@1"],
                **{k: v for k, v in own_scores(sets, variant).items() if "bold" in k},
            }
            sentence_rows.append(row)
            print(_line(row), flush=True)
        forget()
    out = {"ranking": rows, "sentence": sentence_rows, "half_a": len(half_a), "half_b": len(half_b)}
    print(json.dumps(out))
    return out


def _scifact(work: Path, base: Config, n: int):
    """An index of the first n SciFact abstracts, and the test queries judged on them."""
    seeds = work / "scifact"
    seeds.mkdir()
    corpus = work / "scifact-corpus"
    (corpus / "qrels").mkdir(parents=True)
    lines = (SCIFACT / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    (corpus / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(SCIFACT / "queries.jsonl", corpus / "queries.jsonl")
    ids = {json.loads(line)["_id"] for line in lines}
    test = (SCIFACT / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()
    kept = [test[0]] + [r for r in test[1:] if r.split("\t")[1] in ids]
    (corpus / "qrels" / "test.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    queries, qrels = write_beir(corpus, seeds)
    index = work / "scifact-index"
    cfg = dataclasses.replace(base, seeds_dir=seeds, index_dir=index).with_ranking(candidates=100)
    qa.build_index(config=cfg, show_progress=True)
    return index, queries, qrels


def _line(row: dict) -> str:
    return "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())


if __name__ == "__main__":
    main()
