import pytest

from qa.words.followup import depends_on_history, previous_question, user_turns


def test_history_formats():
    messages = [
        {"role": "user", "content": "first?"},
        {"role": "assistant", "content": "a"},
        {"role": "user", "content": [{"type": "text", "text": "second?"}]},
    ]
    assert user_turns(messages) == ["first?", "second?"]
    assert user_turns([("q1", "a1"), ("q2", "a2")]) == ["q1", "q2"]
    assert user_turns(["just a string"]) == ["just a string"]
    assert user_turns(None) == []


@pytest.mark.parametrize(
    "question, leans",
    [
        ("How many of them were killed?", True),
        ("Is it in force yet?", True),
        ("Does that include injured soldiers?", True),
        ("Who confirmed that North Korean forces were fighting?", False),
        ("When did Russia attack Ukraine?", False),
        ("Volodymyr Zelensky", False),
        ("How many were killed or injured?", True),
        ("And in June?", True),
        ("How many soldiers were killed?", False),
    ],
)
def test_depends_on_history(question, leans):
    assert depends_on_history(question) is leans


def test_previous_question_only_when_needed():
    history = ["How many soldiers did North Korea send?"]
    assert previous_question("How many of them died?", history) == history[0]
    assert previous_question("When was the pact signed?", history) is None
    assert previous_question("How many of them died?", []) is None
