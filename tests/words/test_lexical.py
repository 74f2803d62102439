import pytest

from qa.words.lexical import Lexical, names, stems, words

DOCS = [
    "North Korea is said to have sent 10,000 soldiers to Russia.",
    "In June, the two countries signed a defense pact.",
    "Ukrainian President Volodymyr Zelensky spoke at the weekend.",
]


@pytest.fixture(scope="module")
def lexical():
    return Lexical.build(DOCS)


def test_words_keep_numbers_and_drop_stopwords():
    assert words("How many of the 10,000 soldiers? Mid-October, U.S.") == [
        "10,000",
        "soldiers",
        "mid-october",
        "u",
    ]
    assert stems("soldiers signed") == ["soldier", "sign"]


def test_scores_are_scaled_by_a_perfect_match(lexical):
    s = lexical.scores("defense pact")
    assert s.argmax() == 1 and s.max() == pytest.approx(1.0)
    # one of three words known: the best passage gets at most a third
    partial = lexical.scores("defense spaceship banana")
    assert 0 < partial.max() <= 1 / 3 + 1e-6
    assert not lexical.scores("nothing matches here").any()


@pytest.mark.parametrize(
    "typed, fixed",
    [
        ("How many soliders?", "How many soldiers?"),
        ("Zelenksy", "Zelensky"),
        ("the defense pakt", "the defense pact"),
    ],
)
def test_spelling_is_repaired_against_the_articles(lexical, typed, fixed):
    text, changes = lexical.correct(typed)
    assert text == fixed and changes


def test_dictionary_words_are_never_corrected(lexical):
    text, changes = lexical.correct("Did they send troops?", frozenset({"send"}))
    assert changes == {} and text == "Did they send troops?"


def test_names_and_unknown_words(lexical):
    q = "How many tanks has China sent to NATO in 2024?"
    assert names(q) == {"China", "NATO", "2024"}
    assert "How" not in names(q)
    assert lexical.unknown_words(q) == ["tanks", "China", "NATO", "2024"]


def test_save_and_load(lexical, tmp_path):
    lexical.save(tmp_path / "lex")
    again = Lexical.load(tmp_path / "lex")
    assert (again.scores("soldiers Russia") == lexical.scores("soldiers Russia")).all()
    assert again.word_counts == lexical.word_counts
