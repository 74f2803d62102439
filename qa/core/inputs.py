"""What a caller gives, made safe to use: the question, and a date range.

Questions come from browsers, agents and scripts: control and bidirectional characters,
lone surrogates and U+FFFD are dropped (no encoder can read them), whitespace collapsed,
and a very long question is read up to MAX_QUESTION_CHARS (at its last whole word), with
a note. Dates are ISO days; an article's publication date is inside a range or not.
"""

from __future__ import annotations

import re

from qa.core.errors import QuestionError

# control and bidirectional characters, lone surrogates and U+FFFD, which stands for
# text that could not be read (no encoder can read any of them)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffd]"
)
# Decoded JSON holds a pair ("\ud83d\ude00") as one character: a surrogate left in
# the text is a lone one, with no character to stand for.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def well_formed(text: str) -> str:
    """Text that can be encoded (UTF-8, JSON): each lone surrogate — which a browser's
    JSON may carry ("\\ud800") and no reply can — replaced by U+FFFD, as a browser's
    own TextEncoder does. The page applies it to every string a request brings."""
    return _SURROGATE.sub("\ufffd", text)


# Longest question we embed (2,000 characters: a page of text); longer ones are shortened.
MAX_QUESTION_CHARS = 2000


def clean_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> tuple[str, list[str]]:
    """Strip control characters and extra space; shorten very long input (with a note)."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = " ".join(_CONTROL.sub(" ", question).split())
    if not text:
        raise QuestionError("the question is empty; type a question about the articles")
    notes = []
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0] or text[:max_chars]
        notes.append(
            f"Your question was over {max_chars:,} characters: only its first "
            f"{len(text):,} were read (up to the last whole word)."
        )
    return text, notes


def clean_dates(since=None, until=None) -> tuple[str, str] | None:
    """(since, until) as ISO dates, "" for an open end; None when neither is given.
    Accepts "YYYY-MM-DD" (or a longer ISO timestamp) and datetime.date."""
    import datetime as dt

    out = []
    # named as the page labels them ("Published since"), which also reads for --since
    for name, value in (("Published since", since), ("Published until", until)):
        if value is None or (isinstance(value, str) and not value.strip()):
            out.append("")
            continue
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        try:
            out.append(dt.date.fromisoformat(text[:10]).isoformat())
        except ValueError:
            raise QuestionError(f"{name} must be a date like 2024-09-01, not {text!r}") from None
    if not any(out):
        return None
    if all(out) and out[0] > out[1]:
        raise QuestionError(
            f"Published since ({out[0]}) is after Published until ({out[1]}): swap them"
        )
    return out[0], out[1]


def in_range(published: str, dates: tuple[str, str] | None) -> bool:
    """Is an article with this publication date inside the range? Undated ones never are."""
    if dates is None:
        return True
    day = published[:10]
    return bool(day) and (not dates[0] or day >= dates[0]) and (not dates[1] or day <= dates[1])
