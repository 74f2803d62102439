"""The command line end to end, in subprocesses, as an operator runs it."""

import json

from .conftest import run_cli


def test_build_then_ask(built, tmp_path):
    out = run_cli("build", "--seeds", built.seeds_dir, "--index", tmp_path / "idx")
    assert out.returncode == 0, out.stderr
    assert "indexed 1 file, 7 passages" in out.stdout
    assert "Encoding" in out.stderr  # the progress bar
    ask = run_cli("ask", "How many soldiers did North Korea send?", "--index", tmp_path / "idx")
    assert ask.returncode == 0, ask.stderr
    assert "10,000" in ask.stdout.splitlines()[1]
    assert "paragraph 1 (000_3ae34f4a203fbd2d.txt)" in ask.stdout and "score" in ask.stdout


def test_ask_json(built):
    out = run_cli(
        "ask", "When was the defense pact signed?", "-k", "2", "--json", "--index", built.index_dir
    )
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert 1 <= len(rows) <= 2 and rows[0]["rank"] == 1
    assert "defense pact" in rows[0]["text"] and "June" in rows[0]["answer_text"]
    assert {"source", "paragraph", "section", "start", "end", "score"} <= set(rows[0])
    off = run_cli("ask", "How do I bake bread?", "--json", "--index", built.index_dir)
    row = json.loads(off.stdout)
    assert row["covered"] is False and row["question"] == "How do I bake bread?"
    assert row["message"].startswith("The articles do not cover this question.")
    assert "weak_match" not in row
    near = json.loads(
        run_cli(
            "ask", "How many tanks has China sent?", "--json", "--index", built.index_dir
        ).stdout
    )
    assert near["covered"] is False and "China" in near["message"]
    assert near["weak_match"]["source"] == "000_3ae34f4a203fbd2d.txt"


def test_errors_are_one_line_and_exit_1(tmp_path):
    missing = run_cli("build", "--seeds", tmp_path / "nope", "--index", tmp_path / "idx")
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "Traceback" not in missing.stderr
    assert "seeds folder" in missing.stderr
    no_index = run_cli("ask", "anything", "--index", tmp_path / "idx")
    assert no_index.returncode == 1 and "python -m qa build" in no_index.stderr
    assert "Traceback" not in no_index.stderr
    empty = run_cli("ask", "  ", "--index", tmp_path / "idx")
    assert empty.returncode == 1 and "Traceback" not in empty.stderr
