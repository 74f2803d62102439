"""The answer itself: is the bold sentence the answer, and is the exact answer right?

    python -m benchmarks.answers [--json] [--skip-xquad] [--skip-news]

Through the product's own build and `qa.answer` (what the page shows first):
- News questions (tests/news_questions.py, written before any tuning, over the seed
  article and the corpus articles in tests/corpus): the first hit's bold sentence holds
  the gold answer (and comes from the right article); the newcomer questions; chains
  (every turn right); right answers that carry a "do not mention" caveat; near-topic
  questions refused or caveated; the short answer's exact match and token F1, as SQuAD
  scores them.
- XQuAD-public (English), split by article as benchmarks.tuning splits it (half A, even
  article numbers: where weights were chosen; half B: the check): the right passage
  first, the bold sentence, and the short answer's EM / F1 over answerable typed
  questions (answer_types.kinds) and over all answerable questions (untyped ones, which
  get no short answer, count 0).
Prints tables and one JSON line.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import shutil
import string
import tempfile
from pathlib import Path

import qa
from qa.words.answer_types import kinds
from qa.core.config import Config
from qa.cli.evaluate import write_squad
from qa.answering.retrieval import forget, get_searcher

from .corpus import ROOT

XQUAD = ROOT.parent / "shared" / "eval" / "xquad" / "xquad_en_public.json"
CORPUS = ROOT / "tests" / "corpus"


def normalize(s: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, no articles."""
    s = "".join(c for c in s.lower() if c not in set(string.punctuation) | {"“", "”", "’"})
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", s).split())


def em_f1(predicted: str | None, gold: list[str]) -> tuple[float, float]:
    if not predicted:
        return 0.0, 0.0
    p = normalize(predicted)
    best_em = best_f1 = 0.0
    for g in gold:
        g = normalize(g)
        best_em = max(best_em, float(p == g))
        common = collections.Counter(p.split()) & collections.Counter(g.split())
        same = sum(common.values())
        if same:
            precision, recall = same / len(p.split()), same / len(g.split())
            best_f1 = max(best_f1, 2 * precision * recall / (precision + recall))
    return best_em, best_f1


def news(work: Path) -> dict:
    from tests.news_questions import CORPUS as ON_CORPUS
    from tests.news_questions import NEAR_TOPIC, SEED, SEED_FILE

    seeds = work / "news-seeds"
    seeds.mkdir()
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, seeds)
    config = Config(seeds_dir=seeds, index_dir=work / "news-index")
    qa.build_index(config=config)
    rows = []
    for item in [*SEED, *ON_CORPUS]:
        source = "korea.txt" if item.source == SEED_FILE else item.source
        reply = qa.answer(item.question, history=list(item.history), config=config)
        first = reply.hits[0] if reply.hits else None
        bold = first.answer_text if first else ""
        right = bool(first) and item.answer in bold and first.source in (source, *first.also_in)
        em, f1 = em_f1(getattr(reply, "short_answer", None), [item.answer])
        rows.append(
            dict(
                question=item.question,
                seed=item in SEED,
                newcomer=item.newcomer,
                follow_up=bool(item.history),
                thread=(item.history[0] if item.history else item.question),
                right=right,
                caveat=right and bool(reply.missing),
                short=getattr(reply, "short_answer", None),
                em=em,
                f1=f1,
            )
        )
    near = [qa.answer(q, config=config) for q in NEAR_TOPIC]
    threads = collections.defaultdict(list)
    for r in rows:
        threads[(r["seed"], r["thread"])].append(r)
    chains = [t for t in threads.values() if len(t) > 1]
    seed = [r for r in rows if r["seed"]]
    newcomer = [r for r in rows if r["newcomer"]]

    def share(rs, key):
        return sum(r[key] for r in rs) / max(1, len(rs))

    return {
        "questions": len(rows),
        "bold_right": share(rows, "right"),
        "seed_bold_right": share(seed, "right"),
        "newcomer_right": sum(r["right"] for r in newcomer),
        "newcomer": len(newcomer),
        "newcomer_caveats_on_right": sum(r["caveat"] for r in newcomer),
        "caveats_on_right": sum(r["caveat"] for r in rows),
        "chains_right": sum(all(r["right"] for r in t) for t in chains),
        "chains": len(chains),
        "near_topic_refused_or_caveated": sum((not a.covered) or bool(a.missing) for a in near),
        "near_topic": len(near),
        "short_em": share(rows, "em"),
        "short_f1": share(rows, "f1"),
        "wrong": [r["question"] for r in rows if not r["right"]],
    }


def xquad(work: Path, type_weights=(None,)) -> dict:
    seeds = work / "xquad-seeds"
    seeds.mkdir()
    questions = write_squad(XQUAD, seeds)
    data = json.loads(XQUAD.read_text(encoding="utf-8"))["data"]
    gold_texts = {}
    for n, article in enumerate(data):
        for para in article["paragraphs"]:
            for q in para["qas"]:
                gold_texts[(f"{n:03d}.txt", q["question"])] = [a["text"] for a in q["answers"]]
    built = Config(seeds_dir=seeds, index_dir=work / "xquad-index")
    qa.build_index(config=built)
    out = {}
    for weight, (half, parity) in itertools.product(type_weights, (("A", 0), ("B", 1))):
        config = built
        if weight is not None:
            config = built.with_ranking(sentence_type_weight=weight)
            half = f"{half} (type weight {weight})"
        forget()
        searcher = get_searcher(config.index_dir, config=config)
        tally = collections.Counter()
        for q in questions:
            if int(q.source[:3]) % 2 != parity or not q.spans:
                continue
            typed = bool(kinds(q.text))
            query = searcher.prepare(q.text)
            hits = searcher.rank(query, 10)
            tally["n"] += 1
            tally["typed"] += typed
            tally["first"] += (
                bool(hits)
                and hits[0].source == q.source
                and any(hits[0].start <= a and b <= hits[0].end for a, b in q.spans)
            )
            reply = qa.answer(q.text, config=config)  # what the page shows, caveats and all
            if not reply.hits:
                continue
            best = reply.hits[0]
            tally["bold"] += best.source == q.source and any(
                best.answer_start <= a and b <= best.answer_end for a, b in q.spans
            )
            short = getattr(best, "short_answer", None) if best.source == q.source else None
            em, f1 = em_f1(short, gold_texts[(q.source, q.text)])
            tally["em"] += em
            tally["f1"] += f1
            tally["typed_em"] += em * typed
            tally["typed_f1"] += f1 * typed
            tally["answered"] += short is not None
        n, typed = max(1, tally["n"]), max(1, tally["typed"])
        out[half] = {
            "questions": tally["n"],
            "typed_share": tally["typed"] / n,
            "right_passage_first": tally["first"] / n,
            "bold_sentence": tally["bold"] / n,
            "short_given": tally["answered"] / n,
            "typed_em": tally["typed_em"] / typed,
            "typed_f1": tally["typed_f1"] / typed,
            "all_em": tally["em"] / n,
            "all_f1": tally["f1"] / n,
        }
    forget()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-xquad", action="store_true")
    parser.add_argument(
        "--type-weights", help="sentence_type_weight values to compare, e.g. 0,0.5,1"
    )
    parser.add_argument(
        "--skip-news", action="store_true", help="while tuning: the news set is the final report"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = {} if args.skip_news else {"news": news(Path(tmp))}
        forget()
        if not args.skip_xquad:
            weights = (None,)
            if args.type_weights:
                weights = tuple(float(w) for w in args.type_weights.split(","))
            report["xquad_en"] = xquad(Path(tmp), weights)
    if not args.json and "news" in report:
        n = report["news"]
        print(
            f"news questions: bold sentence right {n['bold_right']:.3f} (seed article "
            f"{n['seed_bold_right']:.3f}); newcomer {n['newcomer_right']}/{n['newcomer']} "
            f"({n['newcomer_caveats_on_right']} right answers with a caveat); chains "
            f"{n['chains_right']}/{n['chains']}; near-topic refused or caveated "
            f"{n['near_topic_refused_or_caveated']}/{n['near_topic']}; short answer EM "
            f"{n['short_em']:.3f} F1 {n['short_f1']:.3f}"
        )
    if not args.json:
        for half, r in report.get("xquad_en", {}).items():
            print(
                f"XQuAD-en half {half} (n={r['questions']}, typed {r['typed_share']:.2f}): "
                f"right passage first {r['right_passage_first']:.3f}, bold sentence "
                f"{r['bold_sentence']:.3f}, short answer given {r['short_given']:.2f}; "
                f"typed EM {r['typed_em']:.3f} F1 {r['typed_f1']:.3f}; all EM "
                f"{r['all_em']:.3f} F1 {r['all_f1']:.3f}"
            )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
