"""Follow-up questions without a language model.

"How many of them were killed?" only makes sense after "How many soldiers did North
Korea send?". A question that leans on a previous turn (a pronoun such as "them", "it",
"they", or an ellipsis such as "How many were killed?") is searched with its meaning
blended with the user's previous question — and, when that one leaned on the one before
it, with the thread back to the question that started it ("How many North Korean troops
…?" → "How many of them died?" → "Where are they deployed?" is still about the troops).
Standalone questions are searched as they are.
"""

from __future__ import annotations

import re
from typing import Iterable


# Pronouns that point back. "this"/"that" only count near the start ("Does that
# include…?"), since elsewhere they are mostly conjunctions ("confirmed that …").
_REFERRING = frozenset("it its they them their theirs these those he him his she her".split())
_DEMONSTRATIVE = frozenset("this that".split())
# The same in the other languages a multilingual index is tested with (languages.py):
# Russian, Ukrainian, German, Spanish, French. Only words that point back; German "sie"
# and "ihr" also address the reader politely, but not in a question about an article.
_REFERRING_ELSEWHERE = frozenset(
    """они их им ими них нём ней нему нею него неё нее
    вони їх їм ними них нього неї ньому нею
    sie ihnen ihr ihre ihren ihrer ihm ihn dort daran davon dabei
    ellos ellas les los las allí
    ils elles leur leurs eux""".split()
)
# Korean attaches its particles: 그들은, 그들의, 그것이, 거기서 ... begin with these.
_KOREAN_REFERRING = ("그들", "그것", "그곳", "거기", "그녀", "그는", "그가", "그의")
# "And ...?" in those languages: и/і/а, und, y, et.
_AND = frozenset("и і а und y et".split())


def user_turns(history: Iterable) -> list[str]:
    """User messages from a history given as strings, (user, bot) pairs or
    {"role", "content"} dicts (Gradio's messages format)."""
    out: list[str] = []
    for turn in history or ():
        if isinstance(turn, str):
            out.append(turn)
        elif isinstance(turn, dict):
            if turn.get("role") == "user":
                out.append(_text(turn.get("content")))
        elif isinstance(turn, (list, tuple)) and turn:
            out.append(_text(turn[0]))
    return [t for t in out if t.strip()]


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        return " ".join(c.get("text", "") for c in content if isinstance(c, dict))
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


# Ellipsis: "How many were killed?", "And in June?", "What about the pact?"
_ELLIPSIS = re.compile(
    r"^(?:(?:how many|how much)\s+(?:were|was|are|is|did|do|does|have|has|had)\b"
    r"|and\b|what about\b|how about\b)",
    re.IGNORECASE,
)


def depends_on_history(question: str) -> bool:
    tokens = [t.strip(".,!?;:\"'()«»„“”").lower() for t in question.split()]
    return (
        any(t in _REFERRING or t in _REFERRING_ELSEWHERE for t in tokens)
        or any(t.startswith(_KOREAN_REFERRING) for t in tokens)
        or any(t in _DEMONSTRATIVE for t in tokens[:2])
        or bool(tokens and tokens[0] in _AND)
        or bool(_ELLIPSIS.match(question.strip()))
    )


# How far back a thread is followed: the question that started it, and two follow-ups.
MAX_THREAD = 3


def previous_question(question: str, history: Iterable) -> str | None:
    """The user's previous question when this one leans on it, else None."""
    previous = user_turns(history)
    if previous and depends_on_history(question):
        return previous[-1]
    return None


def thread(question: str, history: Iterable) -> list[str]:
    """The earlier questions this one continues, oldest first: the previous one when this
    leans on it, and each one before that the next leaned on, back to the last question
    that stood alone (at most MAX_THREAD). [] for a standalone question."""
    previous = user_turns(history)
    if not previous or not depends_on_history(question):
        return []
    chain = [previous[-1]]
    for earlier in reversed(previous[:-1]):
        if len(chain) == MAX_THREAD or not depends_on_history(chain[0]):
            break
        chain.insert(0, earlier)
    return chain
