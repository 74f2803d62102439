"""Lexical search (BM25, from bm25s) and spelling repair against the articles' words.

Dense embeddings miss exact keywords ("10,000", rare names) and typos; BM25 over
stemmed words catches the former, and mapping unknown words to the nearest article
word (one edit away) catches the latter. Saved as plain files in `index/lexical/`.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

# Numbers keep their separators ("10,000", "3.5"); words keep inner hyphens/apostrophes.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been "
    "being do does did has have had it its this that these those there their they them "
    "he she his her we you i me my our your what which who whom whose when where why how "
    "many much not no so than then into about over after before during up down out can "
    "could would should will may might must shall any some all each also just very "
    "s t tell say said says kind sort type please".split()
)
# Light verbs and filler that carry no topic: never reported as "not mentioned".
GENERIC = frozenset(
    "come came comes coming go goes went gone going get gets got make makes made take "
    "takes took taken give gives gave given happen happens happened become became use "
    "used want know knew known think see seen saw find found way thing things time times "
    "yet still ever really actually".split()
) | frozenset(
    # Words that frame what kind of answer is wanted, and hedges: "What size force…?",
    # "How large is the budget?", "Where exactly…?", "…the pact too?" ask about the
    # force, the budget, the place, the pact.
    "size number amount total kinds types sorts own exactly precisely approximately "
    "roughly too either currently recently large big long far old high tall fast often "
    "deep wide heavy".split()
)
WORDS_FILE = "words.json"
# BM25 (Lucene variant) saturation and length normalisation: both stores use these.
K1, B = 1.5, 0.75
_MAX_SPELL_VOCAB = 200_000  # most frequent words kept for spelling repair


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _bm25s():
    import logging

    import bm25s

    # bm25s sets its own logger to DEBUG at import; put it back under the app's control.
    logging.getLogger("bm25s").setLevel(logging.NOTSET)
    return bm25s


def words(text: str) -> list[str]:
    """Lower-cased content words, in order."""
    return [
        w
        for w in (m.group().lower().replace("’", "'") for m in TOKEN.finditer(text))
        if w not in STOPWORDS
    ]


def stems(text: str) -> list[str]:
    return _stemmer().stemWords(words(text))


def question_weights(question: str, context: str = "", context_weight: float = 0.5) -> dict:
    """Each stem of the question at weight 1, those only in `context` (an earlier
    question) at `context_weight`: what both stores' BM25 adds up."""
    weights = {t: 1.0 for t in stems(question)}
    for t in stems(context):
        weights.setdefault(t, context_weight)
    return weights


class Lexical:
    """BM25 over passages (same order as the vectors) plus the corpus's word counts.

    bm25s builds and saves the index (a term-major sparse matrix of per-passage BM25
    scores, as plain .npy files); we read those files ourselves, so that large postings
    are read on demand with positioned reads (store.NpyArray), never memory-mapped: a
    mapped file truncated under a running app kills it with SIGBUS.
    """

    def __init__(
        self,
        data,
        indices,
        indptr: np.ndarray,
        vocab: dict[str, int],
        word_counts: dict[str, int],
        bm25=None,
    ):
        self.data, self.indices, self.indptr = data, indices, indptr  # CSC, term-major
        self.num_docs = 0
        self.vocab = vocab
        self.word_counts = word_counts
        self._bm25 = bm25  # the bm25s object right after a build, to save it
        self._deletes: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def build(cls, texts: list[str]) -> "Lexical":
        bm25s = _bm25s()

        tokens = [stems(t) for t in texts]
        bm25 = bm25s.BM25(k1=K1, b=B)
        bm25.index(tokens, show_progress=False)
        counts = Counter(w for t in texts for w in words(t))
        m = bm25.scores
        vocab = {t: i for t, i in bm25.vocab_dict.items() if t}  # "" has no column
        made = cls(m["data"], m["indices"], np.asarray(m["indptr"]), vocab, dict(counts), bm25)
        made.num_docs = int(m["num_docs"])
        return made

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), show_progress=False)
        (folder / WORDS_FILE).write_text(json.dumps(self.word_counts, ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path, in_memory_bytes: int = 64 * 2**20) -> "Lexical":
        from qa.core.store import NpyArray

        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        indptr = np.load(folder / "indptr.csc.index.npy")  # 8 B per term: in memory
        data = NpyArray(folder / "data.csc.index.npy", in_memory_bytes)
        indices = NpyArray(folder / "indices.csc.index.npy", in_memory_bytes)
        vocab.pop("", None)  # bm25s keeps "" for unknown words: it has no column
        if (
            indptr.ndim != 1
            or max(vocab.values(), default=-1) + 1 >= len(indptr)
            or not len(data) == len(indices) == int(indptr[-1])
        ):
            raise ValueError("the BM25 files disagree")
        counts = json.loads((folder / WORDS_FILE).read_text(encoding="utf-8"))
        loaded = cls(data, indices, indptr, vocab, counts)
        loaded.num_docs = int(params["num_docs"])
        return loaded

    def _column(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding a term and their BM25 scores for it."""
        a, b = int(self.indptr[column]), int(self.indptr[column + 1])
        if isinstance(self.data, np.ndarray):
            return self.indices[a:b], self.data[a:b]
        indices, data = self.indices.slice(a, b), self.data.slice(a, b)
        if len(indices) and not 0 <= int(indices.min()) <= int(indices.max()) < self.num_docs:
            from qa.core.errors import IndexCorruptError  # read on demand: damage shows up here

            raise IndexCorruptError(
                "the BM25 postings are damaged; rebuild the index with: python -m qa build"
            )
        return indices, data

    def unknown_words(self, text: str, near: bool = False) -> list[str]:
        """Content words of the text that no article uses, as typed, in order. With
        `near`, a lower-case word one edit from an article word with the same first three
        letters ("send"/"sent") counts as used."""
        seen, out = set(), []
        for m in TOKEN.finditer(text):
            typed = re.sub(r"['’]s$", "", m.group())  # "Pyongyang's" → "Pyongyang"
            w = typed.lower()
            if w in STOPWORDS or w in GENERIC or w in seen or len(w) < 2 or self.known(w):
                continue
            if "-" in w and all(self.known(part) for part in w.split("-") if part):
                continue  # "Cretaceous-Paleogene" where the article has "Cretaceous–Paleogene"
            if near and typed.islower() and len(w) >= 4 and (self._nearest(w) or "")[:3] == w[:3]:
                continue  # an inflection the articles use ("send"/"sent"), not "tanks"/"ranks"
            seen.add(w)
            out.append(typed)
        return out

    def known(self, word: str) -> bool:
        return word in self.word_counts or _stemmer().stemWord(word) in self.vocab

    def scores(self, question: str, context: str = "", context_weight: float = 0.5) -> np.ndarray:
        """BM25 of every passage, scaled to 0..1 by what a perfect match would get.

        BM25 adds up over words, so the "perfect" score is the sum of each word's best
        score; words the articles never use count as matched by nothing. A passage that
        matches one weak word of a long question therefore stays low, instead of being
        stretched to 1 as a divide-by-the-best normalisation would. Words of `context`
        (an earlier question) count `context_weight` times as much as the question's own.
        """
        weights = question_weights(question, context, context_weight)
        # Straight from the term-major sparse matrix: each word touches only the
        # passages that hold it, so a question costs its posting lists, not n per word.
        total = np.zeros(self.num_docs, dtype=np.float32)
        ideal = asked = matched = 0.0
        for term, weight in weights.items():
            asked += weight
            column = self.vocab.get(term)
            if column is None:
                continue
            indices, data = self._column(column)
            if not len(data):
                continue
            total[indices] += weight * data  # no passage twice within a word
            ideal += weight * float(data.max())
            matched += weight
        if ideal <= 0:
            return total
        total *= matched / asked / ideal
        return total

    # ------------------------------------------------------------ spelling
    def correct(
        self, question: str, dictionary: frozenset[str] = frozenset()
    ) -> tuple[str, dict[str, str]]:
        """Replace words that neither the articles nor the dictionary (the model's
        vocabulary) know by the most frequent article word one edit away ("soliders" →
        "soldiers"). Returns the new text and the changes."""
        changes: dict[str, str] = {}

        def fix(m: re.Match) -> str:
            raw = m.group()
            word = raw.lower()
            if (
                len(word) < 4
                or word in STOPWORDS
                or not word.isalpha()
                or word in dictionary
                or self.known(word)
            ):
                return raw
            best = self._nearest(word)
            if not best:
                return raw
            best = best.capitalize() if raw[0].isupper() else best
            changes[raw] = best
            return best

        return TOKEN.sub(fix, question), changes

    def _nearest(self, word: str) -> str | None:
        index = self._delete_index()
        candidates = set()
        for variant in {word, *_deletes(word)}:
            candidates.update(index.get(variant, ()))
        candidates.discard(word)
        # sharing a deletion is not one edit ("whtie"/"while" share "whie"): check it
        candidates = {c for c in candidates if one_edit(word, c)}
        if not candidates:
            return None
        return max(sorted(candidates), key=lambda w: self.word_counts.get(w, 0))

    def _delete_index(self) -> dict[str, list[str]]:
        with self._lock:
            if self._deletes is None:
                top = sorted(self.word_counts, key=self.word_counts.get, reverse=True)
                index: dict[str, list[str]] = {}
                for w in top[:_MAX_SPELL_VOCAB]:
                    if len(w) >= 4 and w.isalpha():
                        for variant in {w, *_deletes(w)}:
                            index.setdefault(variant, []).append(w)
                self._deletes = index
            return self._deletes


def names(text: str) -> set[str]:
    """Words that name something: capitalised inside a sentence ("China", "Kim Jong
    Un"), all capitals ("NATO") or numbers ("2024"). The first word of a sentence is
    capitalised anyway, so it only counts in capitals or as a number."""
    found = set()
    for m in TOKEN.finditer(text):
        w = re.sub(r"['’]s$", "", m.group())
        before = text[: m.start()].rstrip()
        starts = not before or before[-1] in '.?!:;"“(\n'
        if w[0].isdigit() or (len(w) > 1 and w.isupper()) or (w[0].isupper() and not starts):
            found.add(w)
    return found


def one_edit(a: str, b: str) -> bool:
    """Whether b is a itself or one edit away: a letter inserted, deleted, replaced, or
    two neighbours swapped (Damerau's four, each a common typo)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
