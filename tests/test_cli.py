"""The command line end to end, in subprocesses, as an operator runs it."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import qa
from qa.core.config import ROOT

from .conftest import SEED, run_cli


def test_build_then_ask(built, tmp_path):
    out = run_cli("build", "--seeds", built.seeds_dir, "--index", tmp_path / "idx")
    assert out.returncode == 0, out.stderr
    assert "indexed 1 file, 7 passages" in out.stdout
    assert "Encoding" in out.stderr  # the progress bar
    ask = run_cli("ask", "How many soldiers did North Korea send?", "--index", tmp_path / "idx")
    assert ask.returncode == 0, ask.stderr
    assert ask.stdout.splitlines()[0] == "Answer: 10,000"  # the exact answer first
    assert "»North Korea is said to have sent 10,000 soldiers" in ask.stdout
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


def _options(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", help_text)) - {"--help"}


def test_serve_takes_every_flag_app_py_takes(tmp_path):
    app = subprocess.run(
        [sys.executable, "app.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    serve = run_cli("serve", "--help")
    assert app.returncode == 0 and serve.returncode == 0, app.stderr + serve.stderr
    assert _options(app.stdout) <= _options(serve.stdout), (_options(app.stdout), serve.stdout)
    # and --seeds reaches the page: it builds from that folder (here: one that is not there)
    missing = tmp_path / "no-such-seeds"
    out = run_cli("serve", "--seeds", missing, "--index", tmp_path / "idx", "--port", "9")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    error = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and str(missing) in error[0], out.stderr


def _stale_index(tmp_path) -> tuple[Path, Path]:
    """An index of the seed article whose seeds folder has since gained an article."""
    seeds, index = tmp_path / "seeds", tmp_path / "index"
    seeds.mkdir()
    shutil.copy(SEED, seeds)
    qa.build_index(seeds, index)
    (seeds / "ferry.md").write_text(
        "The harbour ferry to the island now runs every forty minutes, the port said.\n"
    )
    return seeds, index


def test_ask_answers_from_a_stale_index_it_cannot_rebuild_and_says_why(tmp_path):
    _, index = _stale_index(tmp_path)
    (tmp_path / "index.lock").unlink(missing_ok=True)
    (tmp_path / "index.lock").mkdir()  # nothing can take the build lock: as a read-only folder
    out = run_cli("ask", "How many soldiers did North Korea send?", "--index", index)
    assert out.returncode == 0, out.stderr
    assert "10,000" in out.stdout, out.stdout
    assert out.stderr.startswith("warning:") and out.stderr.strip().count("\n") == 0, out.stderr
    assert "out of date" in out.stderr and "could not be rebuilt" in out.stderr, out.stderr
    assert "ferry.md" in out.stderr, out.stderr  # what changed
    rows = run_cli("ask", "How many soldiers did North Korea send?", "--json", "--index", index)
    assert rows.returncode == 0 and json.loads(rows.stdout.splitlines()[0])["rank"] == 1, rows


def test_ask_rebuilds_a_stale_index_first_when_it_can(tmp_path):
    _, index = _stale_index(tmp_path)
    out = run_cli("ask", "How often does the harbour ferry run?", "--index", index)
    assert out.returncode == 0, out.stderr
    assert "forty minutes" in out.stdout and "ferry.md" in out.stdout, out.stdout
    assert "rebuilt" in out.stderr and "Traceback" not in out.stderr, out.stderr
    again = run_cli("ask", "How often does the harbour ferry run?", "--index", index)
    assert again.returncode == 0 and "out of date" not in again.stderr, again.stderr  # fresh
