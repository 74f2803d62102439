"""qa.answer on the real article: relevance, not covered, near-topic, follow-ups, the
answering sentence."""

import pytest

import qa

from ..questions import (
    BY_OTHER_NAMES,
    FOLLOW_UPS,
    NEAR_TOPIC,
    NEAR_TOPIC_UNNAMED,
    OFF_TOPIC,
    ON_TOPIC,
)


@pytest.mark.parametrize("question, words", ON_TOPIC, ids=[q for q, _ in ON_TOPIC])
def test_on_topic_questions_are_answered(built, question, words):
    reply = qa.answer(question, index_dir=built.index_dir, config=built)
    assert reply.covered and reply.hits
    assert any(w in reply.hits[0].text for w in words)


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_get_no_hits(built, question):
    reply = qa.answer(question, index_dir=built.index_dir, config=built)
    assert reply.hits == () and not reply.covered
    assert "do not cover" in reply.message


@pytest.mark.parametrize("question, name, words", NEAR_TOPIC, ids=[q for q, _, _ in NEAR_TOPIC])
def test_near_topic_questions_say_what_is_not_mentioned(built, question, name, words):
    """Refused with a weak match when most of what is asked is absent ("tanks" and
    "China"); answered with a caveat naming the absent name when the question's other
    words match ("Did Belarus sign the defense pact?"). Never a plain answer."""
    reply = qa.answer(question, config=built)
    assert any(name in m for m in reply.missing), reply.missing
    named = next(m for m in reply.missing if name in m)
    if reply.covered:
        assert any(named in n and "may not answer" in n for n in reply.notes), reply.notes
        return
    assert reply.message.startswith("The articles do not mention") and named in reply.message
    weak = reply.weak_match
    assert weak is not None and weak.answer_start is None  # no sentence claims to answer
    assert not words or any(w in weak.text for w in words)


def test_near_topic_refusals_when_most_of_the_question_is_absent(built):
    for question in (
        "How many tanks has China sent to Russia?",
        "Did NATO respond to the deployment?",
    ):
        reply = qa.answer(question, config=built)
        assert not reply.covered and reply.weak_match is not None, reply.notes


# Word by word, "died" is matched by the article's "killed"; what the article lacks is
# whose deaths (Ukrainian soldiers'), which no single word carries (README, "Word by
# word"). strict: if it passes, update this.
WORD_LEVEL_LIMIT = "How many Ukrainian soldiers died in Kursk?"


@pytest.mark.parametrize(
    "question, word",
    [
        pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason="word-level coverage"))
        if case[0] == WORD_LEVEL_LIMIT
        else case
        for case in NEAR_TOPIC_UNNAMED
    ],
    ids=[q for q, _ in NEAR_TOPIC_UNNAMED],
)
def test_near_topic_without_names_gets_a_caveat(built, question, word):
    reply = qa.answer(question, config=built)
    assert word in reply.missing
    assert any(word in n and "may not answer" in n for n in reply.notes)


def test_paraphrases_are_answered_not_refused(built):
    """Paraphrases are answered with the right passage. A word no article uses and no
    token of the passage matches closely ("treaty" for "defense pact": 0.49) is named in
    a caveat: the cost of catching "weapons" and "paying" (README, "Word by word")."""
    for question, words in (
        ("What treaty took effect recently?", ["defense pact"]),
        ("Are the deployed fighters seasoned veterans?", ["combat experience", "battle-hardened"]),
    ):
        reply = qa.answer(question, config=built)
        assert reply.covered and any(w in reply.hits[0].text for w in words)


def test_inflections_and_synonyms_are_matched_by_tokens(built):
    """ "sending" finds "sent", "wounded" finds "injured": no caveat for them."""
    for question, word in (
        ("Who is North Korea sending to Russia?", "sending"),
        ("How many North Korean soldiers were killed or wounded?", "wounded"),
    ):
        reply = qa.answer(question, config=built)
        assert reply.covered and word not in reply.missing, reply.missing
        assert not any("may not answer" in n for n in reply.notes)


@pytest.mark.parametrize(
    "question, word",
    [
        ("How much is Russia paying North Korea for the soldiers?", "paying"),
        ("What weapons are the North Korean soldiers using?", "weapons"),
        ("How many soldiers did North Korea send in 2024?", "2024"),  # numbers: exactly
    ],
)
def test_what_no_token_matches_is_named_in_a_caveat(built, question, word):
    reply = qa.answer(question, config=built)
    assert word in reply.missing
    assert not reply.covered or any(word in n and "may not answer" in n for n in reply.notes)


def test_names_the_data_lacks_get_a_caveat_not_a_refusal(built):
    """No data says who Kim Jong Un is: his name is named in a caveat, and the passage
    the rest of the question finds is shown."""
    reply = qa.answer("Who is Kim Jong Un sending to the front?", config=built)
    assert reply.covered and "10,000" in reply.hits[0].text
    assert reply.missing == ("Kim Jong Un",)


def test_off_topic_questions_get_no_weak_match_either(built):
    for question in OFF_TOPIC:
        assert qa.answer(question, config=built).weak_match is None


@pytest.mark.parametrize("first, follow_up, words", FOLLOW_UPS, ids=[f for _, f, _ in FOLLOW_UPS])
def test_follow_ups_use_the_previous_question(built, first, follow_up, words):
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"}]
    reply = qa.answer(follow_up, history, config=built)
    assert reply.hits and any(w in reply.hits[0].text for w in words), reply.hits[0].text
    assert any(first in n for n in reply.notes)


@pytest.mark.parametrize("question, words", ON_TOPIC, ids=[q for q, _ in ON_TOPIC])
def test_standalone_questions_ignore_history(built, question, words):
    reply = qa.answer(question, ["How do I bake bread?"], config=built)
    assert reply.hits and any(w in reply.hits[0].text for w in words)


@pytest.mark.parametrize(
    "question, sentence_words",
    [
        ("How many soldiers did North Korea send to Russia?", ["10,000"]),
        ("When did the defense pact come into force?", ["came into force"]),
        ("What did Zelensky say?", ["significant extent"]),
        ("When did the Ukrainian army invade Kursk?", ["invaded the Kursk region in August"]),
        ("Which ranks are affected?", ["all ranks"]),
        # the quote is two sentences, and both answer it
        ("Have these troops been in combat before?", ["never been in combat", "battle-hardened"]),
    ],
)
def test_answer_sentence_is_the_one_holding_the_answer(built, question, sentence_words):
    reply = qa.answer(question, config=built)
    best = reply.hits[0]
    assert best.start <= best.answer_start < best.answer_end <= best.end
    assert any(w in best.answer_text for w in sentence_words), best.answer_text
    text = (built.seeds_dir / best.source).read_text(encoding="utf-8")
    assert text[best.answer_start : best.answer_end] == best.answer_text


def test_answers_never_repeat_a_passage(built):
    reply = qa.answer("North Korean soldiers in Kursk", k=3, config=built)
    spans = [(h.source, h.start, h.end) for h in reply.hits]
    assert len(spans) == len(set(spans))
    for a in reply.hits:
        for b in reply.hits:
            assert a is b or not (a.start < b.end and b.start < a.end)


def test_typos_are_repaired_and_said(built):
    reply = qa.answer("How many soliders did North Koera send?", config=built)
    assert "10,000" in reply.hits[0].text
    assert any("soldiers" in n and "soliders" in n for n in reply.notes)


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01\n\t"])
def test_empty_questions_are_refused_clearly(built, bad):
    with pytest.raises(qa.QuestionError, match="empty"):
        qa.answer(bad, config=built)
    with pytest.raises(qa.QuestionError):
        qa.retrieve(bad, config=built)


def test_very_long_question_is_shortened_with_a_note(built):
    reply = qa.answer("How many soldiers did North Korea send? " * 3000, config=built)
    assert any("over 2,000 characters" in n and "1,999 were read" in n for n in reply.notes)
    assert reply.hits


@pytest.mark.parametrize(
    "question",
    [
        "How many soldiers? 🪖🇰🇵➡️🇷🇺",
        "كم عدد الجنود الذين أرسلتهم كوريا الشمالية؟",  # Arabic, right to left
        "כמה חיילים שלחה צפון קוריאה?",  # Hebrew
        "Wie viele Soldaten hat Nordkorea nach Russland geschickt?",
        "朝鲜向俄罗斯派遣了多少士兵？",
        "<script>alert(1)</script> How many soldiers did North Korea send?",
        "**bold** [link](javascript:alert(1)) `code` # heading",
        "soldiers\x00\x07\x1b[31m\u202eKorea",
        "?" * 500,
    ],
)
def test_strange_questions_get_a_sane_reply(built, question):
    reply = qa.answer(question, config=built)  # no exception is the first assertion
    assert isinstance(reply, qa.Answer)
    assert "\x00" not in reply.question and "\u202e" not in reply.question
    assert reply.hits or reply.message


@pytest.mark.parametrize("question, words", BY_OTHER_NAMES, ids=[q for q, _ in BY_OTHER_NAMES])
def test_names_by_meaning_are_not_absent(built, question, words):
    """A capital or demonym of a country the article names ("Pyongyang", "Americans")
    is answered, not refused as near-topic."""
    reply = qa.answer(question, config=built)
    assert reply.hits and any(w in reply.hits[0].text for w in words), reply.message
    # the name is not absent (other words may be named in a caveat: "contingent")
    assert not {"Pyongyang", "Kyiv", "Americans"} & set(reply.missing), reply.missing


def test_aliases_come_from_country_data():
    from qa.words.aliases import standing_for

    article = {"north", "korea", "russia", "ukraine", "us"}
    mentioned = lambda name: all(w in article for w in name.lower().split())  # noqa: E731
    assert standing_for("Pyongyang", mentioned) == "North Korea"
    assert standing_for("Kyiv", mentioned) == "Ukraine"
    assert standing_for("Moscow", mentioned) == "Russia"
    assert standing_for("Americans", mentioned) == "US"
    assert standing_for("Russian", mentioned) == "Russia"
    for absent in ("Seoul", "South Korea", "China", "Beijing", "NATO", "Kremlin", "Tokyo"):
        assert standing_for(absent, mentioned) == "", absent


def test_a_follow_ups_bold_sentence_answers_the_follow_up(built):
    """The history picks the passages; the bold sentence is chosen for what is asked now
    (with the earlier question's words at full weight, the 10,000 sent was bold)."""
    first = "How many soldiers did North Korea send?"
    reply = qa.answer("How many of them were killed?", [first], config=built)
    assert "killed" in reply.hits[0].answer_text and "10,000" not in reply.hits[0].answer_text


def test_a_follow_up_of_a_follow_up_keeps_the_threads_subject(built):
    """ "Where are they fighting?" after "How many of them were killed?" is still about
    the soldiers of the first question: the thread is followed back to it."""
    history = ["How many soldiers did North Korea send to Russia?", "How many of them died?"]
    reply = qa.answer("Which ranks are affected among them?", history, config=built)
    assert "all ranks" in reply.hits[0].answer_text
    assert any(history[-1] in n for n in reply.notes)
    from qa.words.followup import thread

    assert thread("Where are they?", history) == history
    assert thread("Where are they?", ["What is the pact?", *history]) == history
    assert thread("Where is Kursk?", history) == []


def test_k_below_one_is_a_clear_error(built):
    with pytest.raises(qa.QuestionError, match="k must be 1 or more"):
        qa.answer("How many soldiers?", k=0, config=built)


def test_a_huge_earlier_question_is_cleaned_and_shortened_in_the_note(built):
    earlier = "How many soldiers did North Korea send? \u202e" + "word " * 30_000
    reply = qa.answer("How many of them were killed?", history=[earlier], config=built)
    assert any(n.startswith("Read as a follow-up") for n in reply.notes)  # the note is there
    assert all(len(n) < 300 and "\u202e" not in n for n in reply.notes)


# ---------------------------------------------------------------- the exact answer (issue 26)


def test_the_exact_answer_is_a_span_of_the_article_inside_the_bold_sentence(built, article):
    reply = qa.answer("How many soldiers did North Korea send to Russia?", config=built)
    first = reply.hits[0]
    assert reply.short_answer == first.short_answer == "10,000"
    assert article[first.short_start : first.short_end] == first.short_answer
    assert first.answer_start <= first.short_start < first.short_end <= first.answer_end
    assert reply.to_json()["short_answer"] == "10,000"
    assert reply.to_json()["hits"][0]["short_start"] == first.short_start


@pytest.mark.parametrize(
    "question",
    [
        "When did the defense pact come into force?",
        "Who confirmed that North Korean forces are fighting?",
        "What did Zelensky say about the North Korean soldiers?",
        "How many North Korean soldiers were killed or injured, according to Ukraine?",
    ],
)
def test_every_exact_answer_is_exact_or_none(built, article, question):
    for h in qa.answer(question, config=built).hits:
        if h.short_answer is None:
            assert h.short_start is None and h.short_end is None
        else:
            assert article[h.short_start : h.short_end] == h.short_answer
            assert h.answer_start <= h.short_start < h.short_end <= h.answer_end


def test_a_follow_up_of_the_same_kind_does_not_repeat_the_answer_before(built):
    first = "How many soldiers did North Korea send to Russia?"
    before = qa.answer(first, config=built).hits[0]
    after = qa.answer("How many of them died?", history=[first], config=built)
    assert after.hits[0].answer_text != before.answer_text
    assert after.short_answer and after.short_answer != before.short_answer


def test_a_follow_up_of_another_kind_may_keep_the_sentence(built):
    first = "When did the defense pact come into force?"
    after = qa.answer("Who signed it?", history=[first], config=built)
    assert "signed a defense pact" in after.hits[0].answer_text


def test_who_names_the_whole_coordinated_answer(built):
    reply = qa.answer("Who confirmed that North Korean forces are fighting?", config=built)
    assert reply.short_answer == "The White House and the Pentagon"


@pytest.mark.parametrize(
    "question, word",
    [
        ("When did North Korea start sending soldiers?", "start"),
        ("Who confirmed the deployment?", "deployment"),
    ],
)
def test_a_right_exact_answer_carries_no_false_caveat(built, question, word):
    """A word that frames a typed question ("start"), or names the event the passage
    tells with a verb ("deployment" of soldiers "sent"), is answered by an exact answer
    of the kind asked: no "do not mention" caveat."""
    reply = qa.answer(question, config=built)
    assert reply.short_answer and word not in reply.missing
    assert not any("do not mention" in n for n in reply.notes)


@pytest.mark.parametrize(
    "question, word",
    [
        ("How much is North Korea paying its soldiers?", "paying"),
        ("What weapons are the soldiers using?", "weapons"),
    ],
)
def test_what_is_truly_absent_keeps_its_caveat_and_claims_no_exact_answer(built, question, word):
    reply = qa.answer(question, config=built)
    assert word in reply.missing and reply.short_answer is None
    assert all(h.short_start is None for h in reply.hits)


def test_a_typed_question_leads_with_a_close_hit_that_answers_its_kind(built):
    """ "How many North Korean soldiers are in Russia?" was answered "From mid-October
    there were the first reports…", the 10,000 in the second and third cards."""
    reply = qa.answer("How many North Korean soldiers are in Russia?", config=built)
    assert "10,000" in reply.hits[0].answer_text and "10,000" in reply.short_answer


def test_a_follow_up_may_keep_the_sentence_for_another_answer_of_its_kind(built):
    """ "June" answered when the pact was signed; "this month", in the same sentence,
    when it took effect: the sentence is not avoided, the answer before is."""
    after = qa.answer(
        "when did it take effect?", history=["when was the pact signed?"], config=built
    )
    assert after.short_answer == "this month" and not after.missing


def test_a_capital_typed_in_lower_case_stands_for_its_country(built):
    reply = qa.answer("how many north koreans got hurt according to kyiv?", config=built)
    assert reply.covered and "kyiv" not in reply.missing
