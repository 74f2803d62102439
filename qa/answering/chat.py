"""Questions → answers: only the passages judged relevant, each with the sentence that
best answers the question; no hits at all when the articles do not cover it. (Ranking
alone, relevant or not, is qa.Index.retrieve.)"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import numpy as np

from qa.core.config import Config
from qa.answering.coverage import answered_by_exact, stands_for_mentioned, unanswered
from qa.words.followup import thread
from qa.words.languages import ENGLISH, gap
from qa.words.languages import name as language_name
from qa.words.lexical import stems
from qa.core.errors import QuestionError
from qa.answering.disagreement import differing, note_for
from qa.text.documents import quoted
from qa.core.inputs import clean_dates, clean_question
from qa.answering.crosslingual import lexical_weight
from qa.answering.retrieval import Query, Searcher, get_searcher
from qa.answering.answer_sentence import (
    Before,
    answer_first,
    with_answer_sentences,
)
from qa.words.answer_types import kinds
from qa.words.tokens import with_context
from qa.core.types import Answer, Hit

log = logging.getLogger(__name__)

NOT_COVERED = "The articles do not cover this question."
# A question is near-topic (refused, with a weak match) when an absent name is among its
# uncovered words and they are at least this share of its content words.
ABSENT_SHARE = 0.5


def answer(
    question: str,
    history=(),
    *,
    k: int = 3,
    index_dir=None,
    config: Config | None = None,
    since=None,
    until=None,
) -> Answer:
    """Relevant hits only, each with its answering sentence; empty when not covered.
    With since/until, only articles published inside those dates are searched."""
    config = config or Config.from_env()
    if k < 1:
        raise QuestionError("k must be 1 or more: it is how many passages to show")
    text, notes = clean_question(question)
    dates = clean_dates(since, until)
    searcher = get_searcher(index_dir, config=config)
    if searcher.problem:
        notes.append(f"Answering from memory: {searcher.problem}. Rebuild with: python -m qa build")
    earlier = _cleaned(thread(text, history), config)
    query = own = searcher.prepare(text)
    language = query.reading.language
    if language != ENGLISH:
        notes.append(f"Read as {language_name(language)}.")
    if earlier:
        shown = earlier[-1] if len(earlier[-1]) <= 160 else earlier[-1][:157].rsplit(" ", 1)[0]
        cut = shown != earlier[-1]
        notes.append(f"Read as a follow-up to {quoted(shown + '…' * cut, cut=cut)}.")
        query, own = _in_thread(searcher, own, earlier)
    avoid = Before()
    if dates:
        query = dataclasses.replace(query, dates=dates)
        notes.append(f"Only articles published {_span(dates)} were searched.")
        undated = sorted(
            a.title or a.source for a in searcher.index.articles.values() if not a.published
        )
        if undated:
            notes.append(_undated(undated))
    if query.corrections:
        fixed = ", ".join(f"“{new}” for “{old}”" for old, new in query.corrections.items())
        notes.append(f"Searched with {fixed}.")
    candidates = searcher.rank(query, max(3 * k, 10))
    verdict = decide(searcher, query, candidates, config)
    if verdict.hits and earlier and kinds(earlier[-1]) & kinds(text):
        # what answered the question before, as it was shown (its own thread and dates): a
        # follow-up that asks for another thing of the same kind ("How many of them died?"
        # after "How many were sent?") is not given it again; one asking another kind
        # ("Who signed it?" after "When did the pact come into force?") may well be
        # answered by the same sentence. A question refused before gave nothing to avoid.
        shown = answer(
            earlier[-1],
            earlier[:-1],
            k=k,
            index_dir=index_dir,
            config=config,
            since=since,
            until=until,
        ).hits
        avoid = Before.of(shown[0]) if shown else Before()
    if verdict.hits:
        # The thread chooses the passages; the bold sentence answers what is asked now
        # ("How many of them died?" → the deaths, not the earlier question's 10,000).
        hits = with_answer_sentences(searcher, own, verdict.hits[:k], " ".join(earlier), avoid)
        hits = answer_first(hits, bool(kinds(text)), avoid)
        missing = verdict.missing
        if hits[0].short_answer is not None:  # an exact answer of the kind asked
            missing = tuple(w for w in missing if not answered_by_exact(w))
        if missing:  # the passages may not answer: no exact answer is claimed either
            hits = [dataclasses.replace(h, short_start=None, short_end=None) for h in hits]
            notes.append(
                f"The articles do not mention {_join(missing)}, so these passages "
                "may not answer the question."
            )
        newest_first = differing(hits)
        if newest_first:
            hits = newest_first
            notes.append(note_for(hits))
        return Answer(
            question=text,
            hits=tuple(hits),
            notes=tuple(notes),
            missing=missing,
            language=language,
        )
    return Answer(
        question=text,
        hits=(),
        message=verdict.message,
        notes=tuple(notes),
        missing=verdict.missing,
        weak_match=verdict.weak_match,
        language=language,
    )


def _cleaned(earlier: list[str], config: Config) -> list[str]:
    """A thread's questions come from the history, which a client sends as it likes:
    cleaned like the question itself, and dropped if nothing is left."""
    out = []
    for turn in earlier:
        try:
            out.append(clean_question(turn)[0])
        except QuestionError:
            continue
    return out


def _in_thread(searcher: Searcher, own: Query, earlier: list[str]) -> tuple[Query, Query]:
    """The query a follow-up is searched with, and the one its bold sentence answers.

    Each question of the thread steers the next, which leads: it counts twice as much in
    the meaning, so context does not replace what is asked now. The thread's words count
    half in BM25 and in the word-by-word matching; the bold sentence is chosen for the
    follow-up's own words, with the thread's subject at half weight."""
    before = [searcher.prepare(q) for q in earlier]
    context = before[0].vector
    for q in before[1:]:
        context = 2 * q.vector + context
        context = context / np.linalg.norm(context)
    blend = 2 * own.vector + context
    subject = before[0].asked
    for q in before[1:]:
        subject = with_context(q.asked, subject)
    asked_too = with_context(own.asked, subject)
    query = dataclasses.replace(
        own,
        vector=blend / np.linalg.norm(blend),
        context=" ".join(q.text for q in before),
        asked=asked_too,
    )
    return query, dataclasses.replace(own, asked=asked_too)


@dataclass(frozen=True)
class Verdict:
    hits: tuple[Hit, ...]  # relevant, distinct, best first; empty when not covered
    # Not covered: the question's words no article uses. Covered: those of them no token
    # of the passages matches either (shown as a caveat), a name's words together.
    missing: tuple[str, ...] = ()
    message: str = ""
    weak_match: Hit | None = None


def decide(searcher: Searcher, query: Query, candidates: list[Hit], config: Config) -> Verdict:
    """Which candidates answer the question; the evaluation harness measures this very
    function, so what is measured is what users get."""
    kept = _distinct(judge(query, candidates, config))
    # Words no article uses: only for an English question over English articles (the
    # stemmer, the stop words and the token matching that checks them are English).
    english = query.reading.words_cover and query.reading.language == ENGLISH
    missing = tuple(
        w
        for w in (searcher.unknown_words(query.text) if english else ())
        if not stands_for_mentioned(w, query.text, searcher.known)
    )
    if not kept:
        message = NOT_COVERED
        if query.dates:
            message = f"No article published {_span(query.dates)} covers this question."
        if missing:
            message += f" They never mention {_join(missing)}."
        return Verdict((), missing, message)
    unmatched = unanswered(searcher, query, missing, kept, config)
    # A name counts once, whatever its length ("Kim Jong Un").
    asked = max(1, len(query.asked.words) - sum(len(u.split()) - 1 for u, _ in unmatched))
    if any(named for _, named in unmatched) and len(unmatched) / asked >= ABSENT_SHARE:
        # Near-topic: close in meaning, but mostly about what the articles never name
        # or say ("How many tanks has China sent to Russia?"). Not an answer; at most a
        # weak match.
        said = tuple(u for u, _ in unmatched)
        return Verdict((), said, f"The articles do not mention {_join(said)}.", kept[0])
    # Words no article uses and no token of these passages matches ("What weapons are
    # the soldiers using?", "Who is Kim Jong Un sending…?"): answered, with a caveat that
    # names them. A refusal would throw away the passages the question's other words
    # found.
    return Verdict(tuple(kept), tuple(u for u, _ in unmatched))


def _span(dates: tuple[str, str]) -> str:
    since, until = dates
    if since and until:
        return f"from {since} to {until}"
    return f"since {since}" if since else f"until {until}"


def _join(items) -> str:
    """ "weapons", "China or tanks", "toll, count or dead": words as a sentence has them."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _undated(titles: list[str]) -> str:
    """Which articles a date range left out for having no date, and how many."""
    named = [quoted(t) for t in titles[:3]]
    more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
    if len(titles) == 1:
        return f"1 article has no date and was left out: {named[0]}."
    return f"{len(titles)} articles have no date and were left out: {', '.join(named)}{more}."


def term_share(question: str, hit: Hit) -> float:
    """Share of the question's content words (stemmed) that the passage or its section
    holds: the lexical evidence that it is about what was asked."""
    asked = set(stems(question))
    if not asked:
        return 0.0
    return len(asked & set(stems(f"{hit.section}\n{hit.text}"))) / len(asked)


def is_relevant(query: Query, hit: Hit, config: Config) -> bool:
    """Close in meaning, or weaker in meaning but holding most of the question's words
    (keyword questions such as "Volodymyr Zelensky" embed far from any passage)."""
    floors = query.reading.floors
    if floors:  # a multilingual index: e5's cosines, a passage in another language's gap
        return similar(query, hit) >= floors.min_score
    if hit.similarity >= config.ranking.min_score:
        return True
    return hit.similarity >= config.ranking.min_keyword_score and term_share(query.text, hit) >= 0.5


def similar(query: Query, hit: Hit) -> float:
    """The hit's cosine, with what it lacks for being in another language than the
    question (languages.gap; 0 in an English index)."""
    if not query.reading.floors:
        return hit.similarity
    return hit.similarity + gap(query.reading.language, hit.language or ENGLISH)


def judge(query: Query, hits: list[Hit], config: Config) -> list[Hit]:
    """Nothing unless the best hit is relevant; then the relevant hits near it, by the
    final score or by cosine and BM25 alone (word-by-word matching spreads the scores
    of a reranked list further apart than the margin was set for)."""
    if not hits or not is_relevant(query, hits[0], config):
        return []
    w = lexical_weight(config, query.reading)
    margin = (
        query.reading.floors.score_margin if query.reading.floors else config.ranking.score_margin
    )
    hybrid = [(1 - w) * similar(query, h) + w * h.lexical for h in hits]
    floor, hybrid_floor = hits[0].score - margin, max(hybrid) - margin
    return [
        h
        for h, fused in zip(hits, hybrid)
        if (h.score >= floor or fused >= hybrid_floor) and is_relevant(query, h, config)
    ]


def _distinct(hits: list[Hit]) -> list[Hit]:
    """Overlapping windows of one paragraph must not show a sentence twice: keep the
    better-ranked window only."""
    kept: list[Hit] = []
    for h in hits:
        if not any(h.source == o.source and h.start < o.end and o.start < h.end for o in kept):
            kept.append(h)
    return kept
