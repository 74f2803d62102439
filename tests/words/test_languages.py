"""Questions in other languages (issue 27): languages.py, multilingual.py, and a
`--languages many` index of the seed article with a German and a Russian article."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

import qa
from qa.core.config import ROOT, Config
from qa.core.errors import ConfigError, IndexStaleError
from qa.words.followup import depends_on_history
from qa.words.languages import detect, family, languages_of
from qa.answering.retrieval import forget

from ..conftest import copy_seed, run_cli

OTHERS = ROOT / "tests" / "multilingual"
SEED = "000_3ae34f4a203fbd2d.txt"


@pytest.fixture(scope="session")
def many(tmp_path_factory) -> Config:
    """The seed article, a German and a Russian one, in one multilingual index."""
    work = tmp_path_factory.mktemp("many")
    seeds = work / "seeds"
    seeds.mkdir()
    copy_seed(seeds)
    for name in ("bahnstreik.txt", "pozhary.txt"):
        shutil.copy(OTHERS / name, seeds)
    config = Config(seeds_dir=seeds, index_dir=work / "index", languages="many")
    qa.build_index(config=config)
    return config


@pytest.mark.parametrize(
    "text, code",
    [
        ("How many soldiers did North Korea send to Russia?", "en"),
        ("Сколько солдат Северная Корея отправила в Россию?", "ru"),
        ("Скільки північнокорейських солдатів відправили до Росії?", "uk"),
        ("북한은 러시아에 병사를 몇 명 보냈나요?", "ko"),
        ("Wie viele Soldaten hat Nordkorea nach Russland geschickt?", "de"),
        ("¿Cuántos soldados envió Corea del Norte a Rusia?", "es"),
        ("朝鲜向俄罗斯派出了多少士兵？", "zh"),
        ("كم عدد الجنود الذين أرسلتهم كوريا الشمالية إلى روسيا؟", "ar"),
    ],
)
def test_a_question_is_read_in_its_language(text, code):
    assert detect(text) == code


@pytest.mark.parametrize("text", ["Kursk", "Zelensky", "10,000", "?", ""])
def test_a_name_or_a_figure_alone_is_read_as_english(text):
    # py3langid calls "Kursk" German at 0.25: no evidence of a language
    assert detect(text) == "en"


def test_families_group_scripts():
    assert family("en") == "en"
    assert family("de") == family("es") == "latin"
    assert family("uk") == family("ru") == "cyrillic"
    assert family("ko") == family("zh") == "cjk"
    assert family("ar") == family("hi") == "other"


def test_languages_setting_is_checked_and_auto_follows_the_index():
    with pytest.raises(ConfigError, match="languages"):
        Config(languages="some")
    assert languages_of(Config(), None) == "en"
    assert languages_of(Config(), {"languages": "many"}) == "many"
    assert languages_of(Config(languages="en"), {"languages": "many"}) == "en"


@pytest.mark.parametrize(
    "question",
    [
        "Сколько из них погибло или было ранено?",
        "А де вони воюють?",
        "그들은 전투 경험이 있나요?",
        "Und wann wurde es unterzeichnet?",
        "Wo kämpfen sie?",
    ],
)
def test_follow_ups_in_other_languages_lean_on_the_thread(question):
    assert depends_on_history(question)


@pytest.mark.parametrize(
    "question",
    [
        "Сколько солдат Северная Корея отправила в Россию?",
        "북한은 러시아에 병사를 몇 명 보냈나요?",
        "Wie viele Soldaten hat Nordkorea nach Russland geschickt?",
    ],
)
def test_standalone_questions_in_other_languages_stand_alone(question):
    assert not depends_on_history(question)


def test_the_manifest_records_languages_and_the_articles_languages(many):
    manifest = json.loads((many.index_dir / "manifest.json").read_text())
    assert manifest["languages"] == "many"
    assert manifest["article_languages"] == ["de", "en", "ru"]
    assert "e5-small-q4" in manifest["encoder"]
    index = qa.Index(many.index_dir, config=many)
    assert {a.source: a.language for a in index.articles()} == {
        SEED: "en",
        "bahnstreik.txt": "de",
        "pozhary.txt": "ru",
    }


def test_an_english_index_reads_every_question_as_english(built):
    answer = qa.answer("Сколько солдат Северная Корея отправила в Россию?", config=built)
    assert answer.language == "en"


@pytest.mark.parametrize(
    "question, language, source, needle",
    [
        ("Сколько солдат Северная Корея отправила в Россию?", "ru", SEED, "10,000"),
        ("Wie viele Soldaten hat Nordkorea nach Russland geschickt?", "de", SEED, "10,000"),
        ("How many trains are affected by the strike?", "en", "bahnstreik.txt", "400"),
        ("Wie viele Züge sind vom Streik betroffen?", "de", "bahnstreik.txt", "400"),
        ("How large is the area of the forest fires in Yakutia?", "en", "pozhary.txt", "300"),
        ("Сколько человек тушат пожары?", "ru", "pozhary.txt", "1200"),
    ],
)
def test_questions_cross_languages_both_ways(many, question, language, source, needle):
    """A question finds the article that answers it whatever the two languages; the
    source keeps its own language and its offsets."""
    answer = qa.answer(question, config=many)
    assert answer.language == language
    first = answer.hits[0]
    assert first.source == source
    text = (many.seeds_dir / source).read_text(encoding="utf-8")
    assert text[first.start : first.end] == first.text
    assert needle in first.text


@pytest.mark.parametrize(
    "question", ["Какой рецепт у пельменей?", "Wie backe ich einen Apfelkuchen?"]
)
def test_off_topic_questions_in_other_languages_are_refused(many, question):
    answer = qa.answer(question, config=many)
    assert not answer.hits
    assert answer.message


def test_a_follow_up_in_russian_keeps_its_thread(many):
    first = "Сколько солдат Северная Корея отправила в Россию?"
    answer = qa.answer("Сколько из них погибло или было ранено?", history=[first], config=many)
    assert answer.hits and answer.hits[0].source == SEED
    assert answer.language == "ru"


def test_asking_an_index_for_other_languages_than_it_was_built_for_is_stale(many):
    forget()
    with pytest.raises(IndexStaleError, match="--languages many"):
        qa.answer("How many soldiers?", config=dataclasses.replace(many, languages="en"))


def test_a_rebuild_keeps_the_index_multilingual_unless_told(many, tmp_path):
    config = dataclasses.replace(many, index_dir=tmp_path / "index", languages="auto")
    shutil.copytree(many.index_dir, config.index_dir)
    summary = qa.build_index(config=config)
    assert summary.embedded == 0  # nothing changed: nothing re-encoded
    manifest = json.loads((config.index_dir / "manifest.json").read_text())
    assert manifest["languages"] == "many"


def test_the_cli_says_which_language_a_question_was_read_as(many):
    env = {"QA_LANGUAGES": "auto", "HF_HUB_OFFLINE": "1", "PATH": ""}
    import os

    env = {**os.environ, **env}
    ask = run_cli(
        "ask",
        "--index",
        many.index_dir,
        "Сколько солдат Северная Корея отправила в Россию?",
        env=env,
    )
    assert ask.returncode == 0, ask.stderr
    assert "Read as Russian" in ask.stdout
    out = run_cli(
        "ask",
        "--json",
        "--index",
        many.index_dir,
        "Сколько солдат Северная Корея отправила в Россию?",
        env=env,
    )
    assert json.loads(out.stdout.splitlines()[0])["language"] == "ru"


MIXED = [
    "Сколько солдат Северная Корея отправила в Россию?",
    "Wie viele Züge sind vom Streik betroffen?",
    "How large is the area of the forest fires in Yakutia?",
    "Какой рецепт у пельменей?",
]


def _same_answers(config, other):
    for question in MIXED:
        ours, folder = qa.answer(question, config=other), qa.answer(question, config=config)
        assert ours.language == folder.language, question
        assert [
            (h.source, h.start, h.end, h.score, h.answer_start, h.language) for h in ours.hits
        ] == [
            (h.source, h.start, h.end, h.score, h.answer_start, h.language) for h in folder.hits
        ], question


def test_the_test_store_holds_a_multilingual_index_as_the_folder_does(many):
    from .. import memory_store  # noqa: F401  (registers memory:NAME)

    memory = dataclasses.replace(many, store="memory:many", index_dir=many.index_dir)
    qa.build_index(config=memory)
    _same_answers(many, memory)


def test_milvus_holds_a_multilingual_index_as_the_folder_does(many, tmp_path):
    pytest.importorskip("pymilvus")
    pytest.importorskip("milvus_lite")
    milvus = dataclasses.replace(many, store=f"milvus:{tmp_path / 'many.db'}")
    qa.build_index(config=milvus)
    _same_answers(many, milvus)


def test_a_german_index_answers_german_questions_and_refuses_off_topic_ones(tmp_path):
    """Every article in the question's language: BM25 at its full share, no English word
    rules (its stemmer would call most German words unknown and refuse the question)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(OTHERS / "bahnstreik.txt", seeds)
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "index", languages="many")
    qa.build_index(config=config)
    for question, needle in [
        ("Welche Lohnerhöhung fordert die Gewerkschaft?", "acht Prozent"),
        ("Wann ist die nächste Verhandlungsrunde?", "Verhandlungsrunde ist für den 14."),
    ]:
        answer = qa.answer(question, config=config)
        assert answer.language == "de" and answer.covered, question
        assert needle in answer.hits[0].answer_text, question
        assert not answer.missing
    assert not qa.answer("Wie wird das Wetter morgen in Berlin?", config=config).covered
