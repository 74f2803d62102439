"""Dates matter: since/until, and dated reports that disagree shown newest first."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

import qa
from qa.core.config import ROOT, Config
from qa.answering.disagreement import quantities
from qa.answering.retrieval import get_searcher

from .conftest import run_cli
from .dated.questions import AGREE, DISAGREE, IN_RANGE

DATED = ROOT / "tests" / "dated"


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    root = tmp_path_factory.mktemp("dated")
    seeds = root / "seeds"
    seeds.mkdir()
    for f in DATED.iterdir():
        if f.suffix in (".md", ".txt"):
            shutil.copy(f, seeds)
    config = Config(seeds_dir=seeds, index_dir=root / "index")
    qa.build_index(config=config)
    return config


@pytest.mark.parametrize("question, sources", DISAGREE)
def test_disagreeing_reports_are_shown_newest_first_and_said_to_differ(dated, question, sources):
    reply = qa.answer(question, config=dated)
    shown = list(dict.fromkeys(h.source for h in reply.hits))  # articles, in shown order
    assert [s for s in shown if s in sources] == sources, shown  # both, newest first
    assert any(n.startswith("The articles differ") for n in reply.notes), reply.notes


@pytest.mark.parametrize("question, figure", AGREE)
def test_reports_that_agree_are_not_said_to_differ(dated, question, figure):
    reply = qa.answer(question, config=dated)
    assert any(figure in h.answer_text for h in reply.hits), reply.hits
    assert not any(n.startswith("The articles differ") for n in reply.notes), reply.notes


@pytest.mark.parametrize("question, since, until, only", IN_RANGE)
def test_since_and_until_keep_to_the_dates(dated, question, since, until, only):
    reply = qa.answer(question, config=dated, since=since, until=until)
    if only is None:
        assert not reply.hits
    else:
        assert reply.hits and {h.source for h in reply.hits} == {only}
    assert any(n.startswith("Only articles published") for n in reply.notes)
    for hit in qa.retrieve(question, 10, config=dated, since=since, until=until):
        assert hit.published and (not since or hit.published >= since)
        assert not until or hit.published[:10] <= until


def test_dates_are_checked(dated):
    with pytest.raises(qa.QuestionError, match="2024-09-01"):
        qa.retrieve("bridge", config=dated, since="last week")
    with pytest.raises(qa.QuestionError, match="swap"):
        qa.retrieve("bridge", config=dated, since="2024-05-01", until="2024-01-01")
    out = run_cli("ask", "bridge", "--index", dated.index_dir, "--since", "yesterday")
    assert out.returncode == 1 and out.stderr.count("\n") == 1


def test_cli_filters_by_date(dated):
    out = run_cli(
        "ask",
        "How many people were evacuated after the bridge collapse?",
        "--index",
        dated.index_dir,
        "--until",
        "2024-03-03",
        "--json",
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and {r["source"] for r in rows} == {"bridge-early.md"}


def test_the_milvus_store_filters_the_same(dated, tmp_path):
    pytest.importorskip("milvus_lite")
    milvus = dataclasses.replace(dated, store=f"milvus:{tmp_path / 'dated.db'}")
    qa.build_index(config=milvus)
    for question, since, until, _ in IN_RANGE:
        ours = qa.retrieve(question, 5, config=dated, since=since, until=until)
        theirs = qa.retrieve(question, 5, config=milvus, since=since, until=until)
        assert [(h.source, h.start) for h in ours] == [(h.source, h.start) for h in theirs]


def test_quantities_are_the_figures_a_report_states():
    assert quantities("Several hundred people were evacuated in 2024.") == {"several hundred"}
    assert quantities("About 3,000 people have now been evacuated.") == {"3000"}
    assert quantities("The mayor spoke on Tuesday.") == set()


def test_days_of_the_month_are_not_figures():
    assert quantities("On 16 September, 300 people were evacuated.") == {"300"}
    assert quantities("By 5 October, 300 people had been evacuated.") == {"300"}
    assert quantities("May 2 saw 15 arrests.") == {"15"}


def test_a_narrow_range_on_an_ivf_index_still_finds_its_passages(tmp_path):
    """IVF with an id selector only filters the lists nprobe visits; a range this small
    is searched exactly instead."""
    seeds = tmp_path / "seeds"
    shutil.copytree(DATED, seeds, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "index", index_type="ivf", nprobe=1)
    qa.build_index(config=config)
    searcher = get_searcher(config=config)
    dates = ("2024-03-05", "2024-03-05")
    allowed = set(searcher.index.allowed(dates).tolist())
    found = searcher.index.dense(searcher.embed("Who was questioned by the police?"), 3, dates)
    assert len(allowed) >= 3 and len(found) == 3 and set(found) <= allowed
