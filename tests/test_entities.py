"""Names, places, dates and amounts in passages (qa/entities.py): found at build time by
spaCy's small English pipeline, stored as exact spans, figures it misses added."""

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.entities import FIGURE, find_entities
from qa.index import load_index


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
