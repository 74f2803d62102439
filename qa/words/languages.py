"""Which language a question (or an article) is written in, and what that changes.

An index built with `--languages many` holds multilingual-e5-small vectors
(multilingual.py): a question in Russian finds an English passage by meaning. What does not
cross languages is word matching — BM25, spelling repair, the English model's word-by-word
matching and the "do not mention" caveats all compare the question's words with the
articles' words. So a question is first read for its language (py3langid: a naive Bayes
model over byte n-grams, 97 languages, ~0.02 ms a question, ~0.8 s to load once), and the
word rules apply only where it shares the articles' language (`Reading`).

An English-only index never calls this: its questions are read as English, as before.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from qa.core.ranking import LANGUAGE_GAPS, MULTILINGUAL_MARGIN, SAME_LANGUAGE_FLOOR

ENGLISH = "en"

# Names for the page and the CLI ("Read as Russian."); other codes are shown as they are.
NAMES = {
    "ar": "Arabic", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "fr": "French", "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip

# Below this confidence a text in Latin letters is read as English: a name or a figure
# alone ("Kursk", "Zelensky", "10,000") is no evidence of a language (py3langid gives
# "Kursk" German at 0.25). A text in another script is read by its script.
MIN_CONFIDENCE = 0.6

_identifier = None
_lock = threading.Lock()


def _get_identifier():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            # Its two-letter languages only: its dialects ("wuu", "yue", "arz") would take
            # Chinese and Arabic questions from "zh" and "ar"; "zxx" is "no language".
            identifier.set_languages(
                sorted({c for c in identifier.nb_classes if len(c) == 2 and c != "zxx"})
            )
            _identifier = identifier
        return _identifier


def detect(text: str) -> str:
    """The text's language as an ISO 639-1 code; "en" when unsure."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return ENGLISH
    code, confidence = _get_identifier().classify(text)
    if confidence < MIN_CONFIDENCE and _latin(letters):
        return ENGLISH
    return code


def _latin(letters: list[str]) -> bool:
    """Mostly Latin letters (a, é, ß ...)."""
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return latin >= 0.5 * len(letters)


# BM25's stop words are English (lexical.py): "из", "или", "было" would match any Russian
# article. A question in another language is searched by its content words only, with
# bm25s's list for its language (Ukrainian: the Russian list and its own few).
_STOPWORD_LISTS = {
    "da": "DANISH", "de": "GERMAN", "es": "SPANISH", "fr": "FRENCH", "it": "ITALIAN",
    "ko": "KOREAN", "nl": "DUTCH", "no": "NORWEGIAN", "pt": "PORTUGUESE", "ru": "RUSSIAN",
    "sv": "SWEDISH", "tr": "TURKISH", "uk": "RUSSIAN", "zh": "CHINESE",
}  # fmt: skip
_UKRAINIAN = "і й та що як чи це ці був була було були де коли хто який яка яке які скільки".split()
_QUESTION_WORDS = {
    "ru": "сколько какой какая какое какие каких где когда кто почему".split(),
    "de": "wie viele welche welcher welches wer wann wo warum".split(),
}


def content_words(text: str, code: str) -> str:
    """The question without its language's stop words, for BM25 (English: as it is)."""
    if code not in _STOPWORD_LISTS:
        return text
    import bm25s.stopwords

    stop = set(getattr(bm25s.stopwords, f"STOPWORDS_{_STOPWORD_LISTS[code]}"))
    stop.update(_QUESTION_WORDS.get(code, ()), *(_UKRAINIAN if code == "uk" else ()))
    return " ".join(w for w in text.split() if w.strip("?!.,;:«»\"'()").lower() not in stop)


def name(code: str) -> str:
    return NAMES.get(code, code)


def languages_of(config, manifest: dict | None = None) -> str:
    """The languages an index serves: the setting, or with "auto" what the index was
    built for ("en" for an index not built yet, or built before this setting)."""
    if config.languages != "auto":
        return config.languages
    return (manifest or {}).get("languages", ENGLISH)


# Families of languages, each with its own gap (core/ranking.py, LANGUAGE_GAPS).
FAMILIES = {
    "latin": "de es fr it pt nl ro tr vi pl sv da no fi cs sk hu hr sl et lv lt id ms".split(),
    "cyrillic": "ru uk be bg sr mk kk ky mn".split(),
    "cjk": "zh ja ko".split(),
}


@dataclass(frozen=True)
class Floors:
    min_score: float  # the best hit's cosine (gap added) below which nothing covers it
    score_margin: float  # hits shown: within this of the best


SAME_LANGUAGE = Floors(SAME_LANGUAGE_FLOOR, MULTILINGUAL_MARGIN)
GAPS = dict(LANGUAGE_GAPS)


def gap(question: str, passage: str) -> float:
    """What a passage's cosine lacks for being in another language than the question
    (0 for one in its own language: a German question scores as high against a German
    passage as an English one against an English passage)."""
    if not passage or passage == question:
        return 0.0
    return max(GAPS[family(question)], GAPS[family(passage)])


def family(code: str) -> str:
    if code == ENGLISH:
        return ENGLISH
    return next((f for f, codes in FAMILIES.items() if code in codes), "other")


@dataclass(frozen=True)
class Reading:
    """How a question is read: its language, whether its words can be matched with the
    articles' words (it is in one of their languages), and, in a multilingual index, e5's
    floors (None: the config's, for all-MiniLM)."""

    language: str = ENGLISH
    words_match: bool = True
    # Every article is in the question's language: BM25 keeps its full share, and (for
    # English) a word no article uses is truly not mentioned (the caveats and near-topic
    # refusals of chat.decide). In a mixed index an English "trains" is absent where a
    # German article says "Züge".
    words_cover: bool = True
    floors: Floors | None = None


ENGLISH_READING = Reading()


def reading(question: str, manifest: dict) -> Reading:
    """How to read a question against an index: an English-only index reads every
    question as English (no detection, nothing changes)."""
    if manifest.get("languages", ENGLISH) != "many":
        return ENGLISH_READING
    language = detect(question)
    articles = manifest.get("article_languages", [ENGLISH])
    covers = articles == [language]
    return Reading(language, language in articles, covers, SAME_LANGUAGE)
