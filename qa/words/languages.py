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


def article_languages(texts) -> list[str]:
    """The languages of a build's articles (each read from its first 2,000 characters),
    sorted, for the manifest: which questions BM25 and the word rules can serve."""
    return sorted({detect(t[:2000]) for t in texts if t.strip()} or {ENGLISH})


def languages_of(config, manifest: dict | None = None) -> str:
    """The languages an index serves: the setting, or with "auto" what the index was
    built for ("en" for an index not built yet, or built before this setting)."""
    if config.languages != "auto":
        return config.languages
    return (manifest or {}).get("languages", ENGLISH)


# e5's cosines live on another scale than all-MiniLM's (unrelated texts ~0.7, not ~0.0),
# and a question scores lower against a passage in another language than against one in
# its own. So a multilingual index has one "not covered" floor, for a question and a
# passage in one language, and a gap per family of languages that a pair of two
# languages adds to its cosine before it is ranked and judged (the Russian article on
# fires must not beat the English one on soldiers for being in Russian). Chosen on half A
# of XQuAD-public, English paragraphs, questions in each language, by
# `python -m benchmarks.multilingual --calibrate`: per family, the floor with the best
# mean of answerable questions kept and held-out articles' questions refused, among
# those keeping ≥ 90% of the answerable (a reader should meet at most one wrong refusal
# in ten). Found (kept / refused): en 0.81 (0.975 / 0.974); latin (de es ro tr vi) 0.775
# (0.923 / 0.728); cyrillic (ru) 0.76 (0.916 / 0.569); cjk (zh) 0.76 (0.903 / 0.328);
# other (ar hi el th) 0.76 (0.917 / 0.433). A gap is the English floor less its family's.
# Held-out XQuAD questions are about Wikipedia articles much like the indexed ones: truly
# off-topic questions score far lower (docs/quality.md).
FAMILIES = {
    "latin": "de es fr it pt nl ro tr vi pl sv da no fi cs sk hu hr sl et lv lt id ms".split(),
    "cyrillic": "ru uk be bg sr mk kk ky mn".split(),
    "cjk": "zh ja ko".split(),
}


@dataclass(frozen=True)
class Floors:
    min_score: float  # the best hit's cosine (gap added) below which nothing covers it
    score_margin: float  # hits shown: within this of the best


SAME_LANGUAGE = Floors(0.81, 0.05)
GAPS = {"en": 0.0, "latin": 0.035, "cyrillic": 0.05, "cjk": 0.05, "other": 0.05}


def gap(question: str, passage: str) -> float:
    """What a passage's cosine lacks for being in another language than the question
    (0 for one in its own language: a German question scores as high against a German
    passage as an English one against an English passage)."""
    if not passage or passage == question:
        return 0.0
    return max(GAPS[family(question)], GAPS[family(passage)])


# A question in another language than the articles: the share of its best sentence's
# cosine in the reordering of the best candidates (retrieval.Searcher._by_sentence), in
# place of the English word-by-word matching. On XQuAD-public half A, questions in
# de / ru / zh / ar, the right passage first: 0 → 0.803 / 0.769 / 0.650 / 0.619;
# 0.3 → .863 / .816 / .716 / .666; 0.5 → .881 / .856 / .738 / .694; 0.6 → .881 / .856 /
# .741 / .713; 0.7 → .878 / .856 / .734 / .716; 1.0 → .853 / .831 / .734 / .675.
SENTENCE_RERANK = 0.6
# BM25's share for such a question: its names and figures still match ("Kursk", "1998").
# Half A at SENTENCE_RERANK 0.6: 0 → as above; 0.1 → .887 / .866 / .750 / .706; 0.2 →
# .881 / .859 / .741 / .709.
CROSS_LEXICAL = 0.1


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
