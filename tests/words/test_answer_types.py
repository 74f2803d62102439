"""What kind of answer a question wants (answer_types.kinds), and which spans of a
sentence offer it (typed_spans, nearest)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.words.answer_types import kinds, nearest, typed_spans


@pytest.mark.parametrize(
    "question, wanted",
    [
        ("How many soldiers did North Korea send to Russia?", {"number"}),
        ("how much did the mission cost?", {"number"}),
        ("What was the death toll?", {"number"}),
        ("When did the defense pact come into force?", {"date"}),
        ("Since when have North Korean soldiers been in Russia?", {"date"}),
        ("In what year was it founded?", {"date"}),
        ("How long will the probe travel?", {"duration"}),
        ("In which year was the treaty signed?", {"date"}),
        ("Who confirmed the deployment?", {"person"}),
        ("And who are they fighting against?", {"person"}),
        ("Against whom are they fighting?", {"person"}),
        ("Which official spoke in Washington?", {"person"}),
        ("Where are the North Korean soldiers fighting?", {"place"}),
        ("Which country sent soldiers?", {"place"}),
        ("Which company built the probe?", {"organization"}),
        ("What did Zelensky say about the North Korean soldiers?", set()),
        ("How experienced are the North Korean troops?", set()),
    ],
)
def test_the_kind_of_answer_comes_from_the_question(question, wanted):
    assert kinds(question) == wanted


SENTENCE = "The White House and the Pentagon confirmed that North Korea sent 10,000 soldiers."
ENTITIES = [
    (0, 15, "organization"),
    (24, 32, "organization"),
    (48, 59, "place"),
    (65, 71, "number"),
]


def test_spans_the_question_says_are_no_answer_and_joined_names_are_one():
    who = typed_spans(ENTITIES, 0, len(SENTENCE), SENTENCE, 0, "Who confirmed it?", kinds("Who?"))
    assert [SENTENCE[a:b] for a, b in who] == ["The White House and the Pentagon"]
    where = typed_spans(
        ENTITIES, 0, len(SENTENCE), SENTENCE, 0, "Where are North Korean soldiers?", {"place"}
    )
    assert where == []  # "North Korea" is said by the question ("North Korean")
    many = typed_spans(ENTITIES, 0, len(SENTENCE), SENTENCE, 0, "How many were sent?", {"number"})
    assert [SENTENCE[a:b] for a, b in many] == ["10,000"]
    assert typed_spans(ENTITIES, 0, 40, SENTENCE, 0, "How many?", {"number"}) == []  # outside


def test_the_span_nearest_the_question_words_is_the_answer():
    text = "In June, 30 people met; 10,000 soldiers were sent in October."
    spans = [(9, 11), (24, 30)]
    assert nearest(spans, text, 0, {"soldier"}) == (24, 30)
    assert nearest(spans, text, 0, {"peopl"}) == (9, 11)
    assert nearest(spans, text, 0, {"unrelated"}) == (9, 11)
    assert nearest([], text, 0, {"soldier"}) is None


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(1, 20), st.sampled_from(["number", "place"])),
        max_size=8,
    ),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_typed_spans_stay_inside_the_sentence_in_order(raw, start, length):
    entities = sorted((a, a + n, k) for a, n, k in raw)
    text = "x" * 100
    end = start + length
    found = typed_spans(entities, start, end, text, 0, "How many, where?", {"number", "place"})
    assert all(start <= a < b <= end for a, b in found)
    assert found == sorted(found)


def test_when_inside_a_question_is_no_date_question():
    assert kinds("How old was he when he played in the final?") == {"number"}
    assert kinds("And when did it start?") == {"date"}


def test_only_answers_of_one_kind_are_joined_and_durations_are_no_money():
    text = "In 2023, 40 people waited six hours and paid 4.5 million."
    entities = [(3, 7, "date"), (9, 11, "number"), (26, 35, "date"), (45, 56, "number")]
    many = typed_spans(entities, 0, len(text), text, 0, "How many waited?", kinds("How many?"))
    assert [text[a:b] for a, b in many] == ["40", "4.5 million"]
    both = typed_spans(entities, 0, 20, text, 0, "?", frozenset({"number", "date"}))
    assert [text[a:b] for a, b in both] == ["2023", "40"]  # never "2023, 40"
    long = typed_spans(entities, 0, len(text), text, 0, "How long?", kinds("How long did it take?"))
    assert [text[a:b] for a, b in long] == ["2023", "six hours"]
