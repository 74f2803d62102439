"""Questions in other languages: XQuAD-public in 12 languages, through the product.

    python -m benchmarks.multilingual [--languages en,de,...] [--monolingual de,ru]
                                      [--calibrate] [--scifact N] [--seed] [--json]

Cross-lingual (the issue's target): the English articles of XQuAD-public are indexed
(every 3rd article held out: its questions must be refused), once as today (`--languages
en`, all-MiniLM-L6-v2) and once multilingual (`--languages many`); every question is asked
in each language (the translations share the English file's ids and order) and scored
against the English answer span, as qa.cli.evaluate.squad_metrics scores it: the right
passage first (`answer_hit@1`), wrongly refused answerable questions, held-out questions
refused. Split by article as benchmarks.tuning splits it: half A (even article numbers)
is where the multilingual floors were chosen (--calibrate), half B is the check.
Monolingual (--monolingual): each language's own paragraphs indexed, its own questions.
--scifact N: SciFact nDCG@10 over the first N abstracts, each index. --seed: the questions
over the seed article in uk/ru/ko/de (tests/multilingual_questions.py), reported once.
Prints one line per language and index, and one JSON line.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shutil
import tempfile
import time
from pathlib import Path

from qa.answering.chat import decide
from qa.core.config import Config
from qa.cli.evaluate import write_squad
from qa.words.languages import GAPS, SAME_LANGUAGE, family

from .corpus import ROOT
from .tuning import halves, searcher_for

XQUAD = ROOT.parent / "shared" / "eval" / "xquad"
LANGUAGES = "en de es ru zh ar hi el ro th tr vi".split()
HOLDOUT = 3  # articles 2, 5, 8 ...: held out in both halves


def questions_in(language: str, english: list, seeds: Path | None = None) -> list:
    """The English questions (spans, sources, held-out flags) asked in `language`."""
    data = json.loads((XQUAD / f"xquad_{language}_public.json").read_text(encoding="utf-8"))
    texts = [q["question"] for a in data["data"] for p in a["paragraphs"] for q in p["qas"]]
    if len(texts) != len(english):
        raise SystemExit(f"xquad_{language}: {len(texts)} questions, English {len(english)}")
    return [dataclasses.replace(q, text=t) for q, t in zip(english, texts)]


def asked(searcher, questions: list, config: Config) -> list[dict]:
    """Each question through prepare, rank and decide: what the product would show."""
    out = []
    for q in questions:
        query = searcher.prepare(q.text)
        hits = searcher.rank(query, 10)
        shown = decide(searcher, query, hits, config).hits
        right = [
            r
            for r, h in enumerate(hits, 1)
            if h.source == q.source and any(h.start <= a and b <= h.end for a, b in q.spans)
        ]
        out.append(
            dict(
                answerable=not q.impossible and bool(q.spans),
                impossible=q.impossible,
                first=right[0] if right else None,
                shown=bool(shown),
                top=hits[0].similarity if hits else 0.0,
                read_as=query.reading.language,
            )
        )
    return out


def scores(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    held = [r for r in rows if r["impossible"]]
    n = max(1, len(answerable))
    return {
        "questions": len(answerable),
        "hit@1": sum(r["first"] == 1 for r in answerable) / n,
        "hit@3": sum(r["first"] is not None and r["first"] <= 3 for r in answerable) / n,
        "wrong_refusals": sum(not r["shown"] for r in answerable) / n,
        "refused_held_out": sum(not r["shown"] for r in held) / max(1, len(held)),
    }


KEEP = 0.90  # a floor must keep this share of the answerable questions


def calibrate(rows_by_language: dict[str, list[dict]]) -> dict:
    """Per family, the raw cosine floor with the best mean of the two rates (answerable
    questions kept, held-out ones refused) among those keeping ≥ KEEP of the answerable
    ones: wrongly refusing one question in ten is the most a reader should meet. The
    English floor is languages.SAME_LANGUAGE; each family's gap, English's less its own."""
    by_family: dict[str, list[dict]] = {}
    for language, rows in rows_by_language.items():
        by_family.setdefault(family(language), []).extend(rows)
    out = {}
    for fam, rows in by_family.items():
        yes = [r["top"] for r in rows if r["answerable"]]
        no = [r["top"] for r in rows if r["impossible"]]
        candidates = []
        for x in [i / 200 for i in range(120, 190)]:
            kept = sum(t >= x for t in yes) / len(yes)
            refused = sum(t < x for t in no) / len(no)
            if kept >= KEEP:
                candidates.append(((kept + refused) / 2, x, kept, refused))
        balanced, floor, kept, refused = max(candidates)
        out[fam] = {"floor": floor, "kept": kept, "refused": refused, "n": len(rows)}
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.multilingual")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--monolingual", default="", help="e.g. de,ru: their own paragraphs")
    parser.add_argument("--indexes", default="en,many", help="which builds: en, many")
    parser.add_argument("--calibrate", action="store_true", help="choose floors on half A")
    parser.add_argument("--scifact", type=int, default=0, help="first N abstracts (0: skip)")
    parser.add_argument("--seed", action="store_true", help="the seed-article questions too")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    languages = [x for x in args.languages.split(",") if x]
    work = Path(tempfile.mkdtemp(prefix="qa-multilingual-"))
    report: dict = {
        "cross": {},
        "mono": {},
        "floor": SAME_LANGUAGE.min_score,
        "gaps": GAPS,
    }
    try:
        seeds = work / "seeds"
        seeds.mkdir()
        english = write_squad(XQUAD / "xquad_en_public.json", seeds, holdout=HOLDOUT)
        import qa

        for mode in args.indexes.split(",") if languages else ():  # --languages "": none
            config = Config.from_env(languages=mode, index_dir=work / f"index-{mode}")
            summary = qa.build_index(seeds, config.index_dir, config=config)
            searcher = searcher_for(config.index_dir, config)
            rows = {}
            for language in languages:
                rows[language] = asked(searcher, questions_in(language, english), config)
                a, b = (scores(h) for h in _halves(rows[language], english))
                report["cross"].setdefault(mode, {})[language] = {"A": a, "B": b}
                print(f"{mode:4} {language}  A {_line(a)}   B {_line(b)}", flush=True)
            report.setdefault("build", {})[mode] = _speed(summary)
            if args.calibrate and mode == "many":
                halves_a = {lang: _halves(r, english)[0] for lang, r in rows.items()}
                report["calibrated"] = calibrate(halves_a)
                print("floors chosen on half A:", report["calibrated"])
        for language in [x for x in args.monolingual.split(",") if x]:
            report["mono"][language] = _monolingual(work, language, args.indexes.split(","))
        if args.scifact:
            report["scifact"] = _scifact(work, args.scifact, args.indexes.split(","))
        if args.seed:
            report["seed"] = _seed(work, args.indexes.split(","))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report) if args.json else "")
    return report


def _halves(rows: list[dict], english: list) -> tuple[list, list]:
    ids = {id(q): r for q, r in zip(english, rows)}
    a, b = halves(english)
    return [ids[id(q)] for q in a], [ids[id(q)] for q in b]


def _monolingual(work: Path, language: str, modes: list[str]) -> dict:
    import qa

    seeds = work / f"seeds-{language}"
    seeds.mkdir()
    own = write_squad(XQUAD / f"xquad_{language}_public.json", seeds, holdout=HOLDOUT)
    out = {}
    for mode in modes:
        config = Config.from_env(languages=mode, index_dir=work / f"index-{language}-{mode}")
        qa.build_index(seeds, config.index_dir, config=config)
        rows = asked(searcher_for(config.index_dir, config), own, config)
        a, b = (scores(h) for h in _halves(rows, own))
        out[mode] = {"A": a, "B": b}
        print(f"{mode:4} {language} (own)  A {_line(a)}   B {_line(b)}", flush=True)
    return out


def _speed(summary) -> dict:
    return {
        "passages": summary.passages,
        "seconds": round(summary.seconds, 1),
        "passages_per_s": round(summary.passages / max(summary.seconds, 1e-9), 1),
    }


def _scifact(work: Path, n: int, modes: list[str]) -> dict:
    """SciFact nDCG@10 over the first n abstracts' test queries, each index."""
    from qa.cli.beir import ndcg_at_10

    from .tuning import _scifact as scifact_index

    out = {}
    for mode in modes:
        sub = work / f"scifact-{mode}"
        sub.mkdir()
        started = time.perf_counter()
        index, queries, qrels = scifact_index(sub, Config.from_env(languages=mode), n)
        built = time.perf_counter() - started
        config = Config.from_env(languages=mode, index_dir=index, candidates=100)
        score = ndcg_at_10(searcher_for(index, config), queries, qrels)["ndcg@10"]
        out[mode] = {"ndcg@10": round(score, 2), "build_s": round(built, 1)}
        print(f"{mode:4} SciFact first {n} abstracts: nDCG@10 {score:.2f} (built in {built:.0f} s)")
    return out


def _seed(work: Path, modes: list[str]) -> dict:
    """The questions over the seed article in Ukrainian, Russian, Korean and German
    (tests/multilingual_questions.py, written before any tuning): the right passage
    first, follow-ups, and off-topic questions refused, through qa.answer."""
    import qa
    from tests.multilingual_questions import FOLLOW_UPS, OFF_TOPIC, QUESTIONS, SEED_FILE

    seeds = work / "seed-only"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / SEED_FILE, seeds)
    out = {}
    for mode in modes:
        config = Config.from_env(languages=mode, seeds_dir=seeds, index_dir=work / f"seed-{mode}")
        qa.build_index(config=config)
        row: dict = {}
        for language in ("uk", "ru", "ko", "de"):
            asked_here = [q for q in QUESTIONS if q.language == language]
            right = 0
            for q in asked_here:
                hits = qa.answer(q.question, config=config).hits
                right += bool(hits) and q.sentence in hits[0].text
            off = [q for q in OFF_TOPIC if q.language == language]
            refused = sum(not qa.answer(q.question, config=config).hits for q in off)
            row[language] = {
                "right_first": f"{right}/{len(asked_here)}",
                "off_refused": f"{refused}/{len(off)}",
            }
        follow = sum(
            bool(hits := qa.answer(q.question, history=list(q.history), config=config).hits)
            and q.sentence in hits[0].text
            for q in FOLLOW_UPS
        )
        row["follow_ups"] = f"{follow}/{len(FOLLOW_UPS)}"
        out[mode] = row
        print(f"{mode:4} seed article: {row}")
    return out


def _line(s: dict) -> str:
    return (
        f"hit@1 {s['hit@1']:.3f} hit@3 {s['hit@3']:.3f} "
        f"wrong-refused {s['wrong_refusals']:.3f} held-out-refused {s['refused_held_out']:.3f}"
    )


if __name__ == "__main__":
    main()
