"""The evaluation harness on tiny hand-made data sets whose figures we work out by hand.

The corpora have exactly two passages, so a wrongly labelled answer is at rank 2 for
certain, whatever the model does."""

import json

import pytest

from qa.core.config import Config
from qa.cli.evaluate import evaluate, format_table

VOLCANO = (
    "Mount Etna is an active stratovolcano on the east coast of Sicily. Its lava "
    "flows reached the town of Catania in 1669."
)
CHESS = (
    "The Sicilian Defence is a chess opening that begins with 1.e4 c5. It is the most "
    "popular response to the king's pawn."
)


@pytest.fixture
def squad(tmp_path):
    def q(question, context, answer, impossible=False):
        start = context.index(answer) if answer else 0
        answers = [] if impossible else [{"text": answer, "answer_start": start}]
        return {
            "question": question,
            "id": question,
            "answers": answers,
            "is_impossible": impossible,
        }

    data = {
        "version": "v2.0",
        "data": [
            {
                "title": "Etna",
                "paragraphs": [
                    {
                        "context": VOLCANO,
                        "qas": [
                            q("Which town did Etna's lava reach in 1669?", VOLCANO, "Catania"),
                            q(
                                "What is the capital city of Mongolia?",
                                VOLCANO,
                                "",
                                impossible=True,
                            ),
                        ],
                    }
                ],
            },
            {
                "title": "Chess",
                "paragraphs": [
                    {
                        "context": CHESS,
                        "qas": [
                            q("How does the Sicilian Defence begin?", CHESS, "1.e4 c5"),
                            # labelled in the chess paragraph, but asked about the volcano: rank 2
                            q(
                                "Where is the active stratovolcano Mount Etna?",
                                CHESS,
                                "chess opening",
                            ),
                        ],
                    }
                ],
            },
        ],
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(data))
    return path


def test_squad_figures(squad, tmp_path):
    report = evaluate(squad, variants=["dense", "hybrid"], config=Config(), workdir=tmp_path)
    assert report["files"] == 2 and report["passages"] == 2
    for row in report["variants"].values():
        assert row["questions"] == 3 and row["unanswerable"] == 1
        assert row["answer_hit@1"] == pytest.approx(2 / 3)
        assert row["answer_hit@3"] == pytest.approx(1.0)
        assert row["paragraph_hit@1"] == pytest.approx(2 / 3)
        assert row["mrr@10"] == pytest.approx((1 + 1 + 1 / 2) / 3)
        assert row["abstained_on_unanswerable"] == 1.0
        assert row["wrong_refusals"] == 0.0
    assert "answer_hit@1" in format_table(report)


def test_beir_ndcg(tmp_path):
    folder = tmp_path / "beir"
    (folder / "qrels").mkdir(parents=True)
    docs = [
        {"_id": "d1", "title": "Mount Etna", "text": VOLCANO},
        {"_id": "d2", "title": "Sicilian Defence", "text": CHESS},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in docs))
    queries = [
        {"_id": "q1", "text": "volcano lava flows Catania"},
        {"_id": "q2", "text": "chess opening king's pawn"},
        {"_id": "q3", "text": "not judged, so not counted"},
    ]
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries))
    # q2's judged document is the volcano: it comes second of two
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td1\t1\n")
    report = evaluate(folder, variants=["dense", "bm25"], config=Config(), workdir=tmp_path)
    for row in report["variants"].values():
        assert row["queries"] == 2
        # q1: relevant at rank 1 → 1; q2: at rank 2 → 1/log2(3)
        assert row["ndcg@10"] == pytest.approx(100 * (1 + 1 / 1.5849625) / 2, abs=1e-3)


def test_unknown_inputs_are_clear_errors(tmp_path):
    from qa.core.errors import QAError

    with pytest.raises(QAError, match="does not exist"):
        evaluate(tmp_path / "missing.json")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(QAError, match="variant"):
        evaluate(tmp_path / "x.json", variants=["magic"])
