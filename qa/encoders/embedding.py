"""Which encoder answers and builds: ONNX Runtime over the export in qa/encoders/models/
(onnx_encoder.py; no torch, used whenever the export is there and matches the bundled
weights) or torch + sentence-transformers (encoder.py: a custom --model, or a missing
export). One encoder per (model, backend, export) for the whole process.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from qa.core.config import CHOICES, DEFAULT_MODEL, DEFAULT_MODEL_SHA256
from qa.encoders.encoder import Encoder, resolve_model_dir, weights_sha256
from qa.core.errors import ModelError

__all__ = ["Encoder", "encoder_for", "get_encoder", "resolve_model_dir", "weights_sha256"]
log = logging.getLogger(__name__)

_encoders_lock = threading.Lock()
BACKENDS = CHOICES["encoder"]


@lru_cache(maxsize=4)
def _torch(model: str) -> Encoder:
    return Encoder(model)


@lru_cache(maxsize=8)
def _cached(model: str, backend: str, export_dir: str) -> Encoder:
    if backend == "torch":
        return _torch(model)
    if model != DEFAULT_MODEL:
        if backend == "onnx":
            raise ModelError(
                f"there is no ONNX export of {model!r}: only the bundled "
                f"{DEFAULT_MODEL} has one; use QA_ENCODER=auto or torch"
            )
        return _torch(model)
    from qa.encoders.onnx_encoder import OnnxEncoder, export_matches, read_export

    record = read_export(Path(export_dir))
    why = (
        "there is none"
        if record is None
        else "it was not made from the bundled weights"
        if record.get("model") != model or record.get("source_sha256") != DEFAULT_MODEL_SHA256
        else "its files do not match its export.json"
        if not export_matches(Path(export_dir), record)
        else ""
    )
    if not why:
        return OnnxEncoder(model, Path(export_dir), record)
    if backend == "onnx":
        raise ModelError(
            f"cannot use the ONNX export in {export_dir}: {why}; re-make it "
            "with: python -m qa export (or set QA_ENCODER=torch)"
        )
    log.warning(
        "not using the ONNX export in %s (%s): encoding with torch, slower to "
        "start; re-make it with: python -m qa export",
        export_dir,
        why,
    )
    return _torch(model)


def get_encoder(model: str = DEFAULT_MODEL, *, backend: str = "auto", export_dir=None) -> Encoder:
    """One encoder per (model, backend, export) for the whole process. "auto": the ONNX
    export when it is there and made from the bundled weights, else torch."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown encoder {backend!r}; choose one of {', '.join(BACKENDS)}")
    if export_dir is None:
        from qa.core.config import DEFAULT_EXPORT_DIR

        export_dir = DEFAULT_EXPORT_DIR
    with _encoders_lock:
        return _cached(model, backend, str(export_dir))


def encoder_for(config, manifest: dict | None = None) -> Encoder:
    """The encoder of a config; for an index built for many languages (or a build asked
    for them) the multilingual one over it (multilingual.py)."""
    english = get_encoder(config.model, backend=config.encoder, export_dir=config.export_dir)
    from qa.words.languages import languages_of

    if languages_of(config, manifest) != "many":
        return english
    return _multilingual(english)


@lru_cache(maxsize=4)
def _multilingual(english: Encoder):
    from qa.encoders.multilingual import MultilingualEncoder

    return MultilingualEncoder(english)
