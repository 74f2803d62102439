"""The records that cross module boundaries: frozen dataclasses, never bare dicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Passage:
    """A span of one seed file: `source_text[start:end] == text`, exactly."""

    text: str
    source: str  # path relative to the seeds folder, with "/"
    paragraph: int  # 1-based, headings not counted
    section: str  # the heading above the passage, "" if none
    start: int  # character offsets into the file's text (UTF-8, BOM removed)
    end: int
    # Absolute (start, end) offsets of the sentences inside the passage.
    sentences: tuple[tuple[int, int], ...] = ()
    # Absolute (start, end, kind) of its names, places, dates and amounts (entities.py):
    # kind is "number", "quantity", "date", "person", "place", "organization", "group", ...
    entities: tuple[tuple[int, int, str], ...] = ()

    @property
    def document(self) -> str:
        """What is embedded and BM25-indexed: the passage under its section heading, which
        often names the topic ("Russian counteroffensive in Kursk region", a paper's
        title) that the passage only implies."""
        return f"{self.section}\n{self.text}" if self.section else self.text

    def to_json(self) -> dict:
        d = asdict(self)
        d["sentences"] = [list(s) for s in self.sentences]
        d["entities"] = [list(e) for e in self.entities]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Passage":
        return cls(
            text=d["text"],
            source=d["source"],
            paragraph=int(d["paragraph"]),
            section=d["section"],
            start=int(d["start"]),
            end=int(d["end"]),
            sentences=tuple((int(a), int(b)) for a, b in d["sentences"]),
            entities=tuple((int(a), int(b), str(k)) for a, b, k in d.get("entities", ())),
        )


@dataclass(frozen=True)
class Article:
    """What a seed file says about itself (documents.py): "" where it says nothing."""

    source: str  # the file, relative to the seeds folder
    title: str = ""
    published: str = ""  # ISO 8601: YYYY-MM-DD, or with the time when the page gives one
    author: str = ""
    site: str = ""
    url: str = ""
    # HTML only: the extracted article text, which passages' offsets refer to ("" for
    # .txt/.md, whose offsets refer to the file itself; qa.Index.article fills it in)
    text: str = ""
    passages: int = 0  # how many passages the index holds from it
    # ISO 639-1, as a --languages many build read it (languages.py); "" in an English index
    language: str = ""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> "Article":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**{k: int(v) if k == "passages" else str(v) for k, v in known.items()})


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its score; `answer_start:answer_end` is the best sentence."""

    text: str
    source: str
    paragraph: int
    section: str
    start: int
    end: int
    score: float  # the ranking score: cosine, BM25 and word-by-word MaxSim fused (README)
    similarity: float = 0.0  # cosine between question and passage
    lexical: float = 0.0  # BM25 scaled by a perfect match of the question, 0..1
    # MaxSim of the question's words over the passage's tokens (tokens.py), 0..1; 0 when
    # the hit was not reranked
    match: float = 0.0
    answer_start: int | None = None
    answer_end: int | None = None
    passage_id: int = -1  # the passage's row in the index this hit came from
    # Other files holding this very passage text (identical files, quoted paragraphs):
    # the passage is shown once, citing them all.
    also_in: tuple[str, ...] = ()
    # The article's own metadata (title, publication date in ISO 8601, author, site,
    # URL): "" where the file does not give it.
    title: str = ""
    published: str = ""
    author: str = ""
    site: str = ""
    url: str = ""
    language: str = ""  # the article's (ISO 639-1) in a --languages many index, else ""
    # The exact answer inside the answering sentence (a number, a date, a name of the kind
    # the question asks for), as offsets in the article's text; None when there is no
    # confident span (answer_types.py).
    short_start: int | None = None
    short_end: int | None = None

    @property
    def short_answer(self) -> str | None:
        """ "10,000 soldiers"'s "10,000": the exact answer; None when there is none."""
        if self.short_start is None or self.short_end is None:
            return None
        return self.text[self.short_start - self.start : self.short_end - self.start]

    @property
    def answer_text(self) -> str:
        """The answering sentence (empty when none was chosen)."""
        if self.answer_start is None or self.answer_end is None:
            return ""
        return self.text[self.answer_start - self.start : self.answer_end - self.start]

    @property
    def citation(self) -> str:
        """ "Title · 2024-09-16 · Author · Site, paragraph 3 (file.md)": what the article
        says of itself, then where the passage is; an index built before every article
        had a title cites the file and section instead."""
        about = [x for x in (self.title, self.published[:10], self.author, self.site) if x]
        if self.title:
            where = f"{' · '.join(about)}, paragraph {self.paragraph} ({self.source})"
        else:
            where = f"{self.source}, paragraph {self.paragraph}"
            where = f"{where}, section “{self.section}”" if self.section else where
        return f"{where} (also in {', '.join(self.also_in)})" if self.also_in else where

    def to_json(self) -> dict:
        d = asdict(self)
        d["answer_text"] = self.answer_text
        d["short_answer"] = self.short_answer
        return d


@dataclass(frozen=True)
class Answer:
    """What `qa.answer` returns: only relevant hits; empty `hits` means not covered."""

    question: str
    hits: tuple[Hit, ...]
    message: str = ""  # shown to the user when there are no hits
    notes: tuple[str, ...] = ()  # e.g. spelling repaired, question shortened, follow-up
    # Words of the question that no article uses ("China", "tanks").
    missing: tuple[str, ...] = ()
    # Near-topic questions: the closest passage, to be shown only as a weak match,
    # never as the answer (it has no answering sentence).
    weak_match: Hit | None = None
    # The language the question was read as (ISO 639-1; languages.py): always "en" for an
    # index built for English only.
    language: str = "en"

    @property
    def covered(self) -> bool:
        return bool(self.hits)

    @property
    def short_answer(self) -> str | None:
        """The first hit's exact answer ("10,000"); None when it has none."""
        return self.hits[0].short_answer if self.hits else None

    def to_json(self) -> dict:
        """Everything an agent needs, as plain JSON: `covered` said outright, each hit's
        verbatim text with its offsets into the article, its answering sentence and
        offsets, and its citation; `weak_match` only for near-topic refusals."""

        def hit(h: Hit) -> dict:
            return {**h.to_json(), "citation": h.citation}

        return {
            "question": self.question,
            "language": self.language,
            "covered": self.covered,
            "short_answer": self.short_answer,
            "message": self.message,
            "notes": list(self.notes),
            "missing": list(self.missing),
            "hits": [hit(h) for h in self.hits],
            "weak_match": hit(self.weak_match) if self.weak_match else None,
        }


@dataclass(frozen=True)
class BuildSummary:
    files: int
    passages: int
    seconds: float
    # one line per file skipped ("skipped: …") or read with something left out ("note: …:
    # its date “2024-02-30” is no full date: indexed undated")
    skipped: tuple[str, ...] = field(default_factory=tuple)
    embedded: int = 0  # passages embedded by this build; the rest were reused


@dataclass(frozen=True)
class Health:
    """What `qa.Index.health()` reports about an index in use."""

    location: str
    ok: bool
    problem: str  # e.g. "vectors.faiss in index/ was changed on disk"; "" when ok
    passages: int
    encoder: str
    built_at: str


@dataclass(frozen=True)
class IndexCheck:
    """What `qa.verify_index` / `python -m qa check` verified."""

    index_dir: str
    passages: int
    files: int  # index files whose sha256 matched the manifest
    bytes: int
    seconds: float
    stale: str = ""  # why the index no longer matches its seeds, model or chunking
