"""The tools agents call over MCP (`--mcp`, at /gradio_api/mcp/), also API endpoints
/retrieve and /answer: their names, type hints and docstrings are the schema agents
see. They return JSON text; a bad request is one line the agent can act on."""

from __future__ import annotations

import json
import logging

import qa
from qa.answering.page import public

from .gradio_import import import_gradio

log = logging.getLogger(__name__)

# An agent asking for more passages than this gets an error: each costs a record read.
MAX_TOOL_K = 50


def make_tools(index: qa.Index):
    """The MCP tools (and API endpoints /retrieve, /answer): their names, type hints and
    docstrings are the schema agents see. They return JSON text."""
    gr = import_gradio()

    def run(ask):
        try:
            return json.dumps(ask(), ensure_ascii=False)
        except qa.QAError as e:  # the agent sees one line it can act on
            if not isinstance(e, qa.QuestionError):  # the index failed: the log says so, once
                log.warning("a tool call was not answered: %s", " ".join(str(e).split()))
            raise gr.Error(public(str(e)), print_exception=False) from None
        except Exception:
            log.exception("tool failed")
            raise gr.Error(
                "something went wrong; the details are in the server log", print_exception=False
            ) from None

    def retrieve(question: str, k: int = 3, since: str = "", until: str = "") -> str:
        """Search the news articles: the k best-ranked passages for a question, best first,
        whether or not they answer it (use `answer` to know if the articles cover it).

        Args:
            question: what to look for, in plain English.
            k: how many passages (1 to 50).
            since: only articles published on or after this day, YYYY-MM-DD ("" for no bound; undated articles are then left out).
            until: only articles published on or before this day, YYYY-MM-DD ("" for no bound).

        Returns:
            JSON {"question", "hits": [...]}: each hit holds the passage's verbatim `text`, `start`/`end` (character offsets into its article), and the citation: source, title, published, author, site, url, paragraph, section, score. `answer_text` is empty here (ranking only): `answer` picks each passage's answering sentence.
        """

        def hits():
            try:
                n = int(k)
            except (TypeError, ValueError, OverflowError):
                n = 0
            if not 1 <= n <= MAX_TOOL_K or n != k:
                raise qa.QuestionError(
                    f"k must be a whole number from 1 to {MAX_TOOL_K}, not {k!r}"
                )
            found = index.retrieve(question, n, since=since, until=until)  # "": no bound
            return {"question": question, "hits": [h.to_json() for h in found]}

        return run(hits)

    def answer(question: str, since: str = "", until: str = "") -> str:
        """Answer a question from the news articles, with verbatim cited passages, or say
        that the articles do not cover it (`covered` false: do not answer from them then).

        Args:
            question: the question, in plain English.
            since: only articles published on or after this day, YYYY-MM-DD ("" for no bound; undated articles are then left out).
            until: only articles published on or before this day, YYYY-MM-DD ("" for no bound).

        Returns:
            JSON {"question", "language", "covered", "short_answer", "message", "notes", "missing", "hits", "weak_match"}: `language` is the language the question was read as (ISO 639-1; always "en" for an English index); `short_answer` is the exact answer (a number, date or name of the kind asked) or null; each hit holds the passage's verbatim `text`, `start`/`end` (character offsets into its article), the answering sentence `answer_text` with `answer_start`/`answer_end`, the exact answer `short_answer` with `short_start`/`short_end` (or nulls), a `citation` line and its parts: source, title, published, author, site, url, paragraph, section, score.
        """

        def reply_json():
            out = index.answer(question, since=since, until=until).to_json()
            out["notes"] = [public(n) for n in out["notes"]]  # no machine paths
            out["message"] = public(out["message"])
            return out

        return run(reply_json)

    return retrieve, answer
