"""The torch-free encoder: the committed export, its vectors against torch's, the query
path without torch, the fallback."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

import qa
from qa.core.config import DEFAULT_EXPORT_DIR, ROOT, Config
from qa.encoders.embedding import Encoder, get_encoder
from qa.encoders.export import MODEL_FILE, RECORD, export
from qa.core.store import file_sha256
from qa.encoders.onnx_encoder import OnnxEncoder, needs_exact_int8
from qa.text.paragraphs import split_sentences

from ..conftest import SEED


@pytest.fixture(scope="module")
def sentences():
    text = SEED.read_text(encoding="utf-8")
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_the_default_encoder_is_the_committed_onnx_export(encoder):
    assert isinstance(encoder, OnnxEncoder) and encoder.export_dir == DEFAULT_EXPORT_DIR
    record = json.loads((DEFAULT_EXPORT_DIR / RECORD).read_text())
    assert record["onnx_sha256"] == file_sha256(DEFAULT_EXPORT_DIR / MODEL_FILE)
    assert record["source_sha256"] == encoder.verify()
    assert record["precision"] == "int8" and record["quantization"]["per_channel"] is True
    assert encoder.encoder_id == "onnx-int8:" + record["onnx_sha256"][:16]


def test_export_is_deterministic_and_matches_the_committed_one(tmp_path):
    """Anyone can re-make qa/encoders/models/ from the bundled weights and get the same bytes."""
    record = export(tmp_path / "again")
    committed = json.loads((DEFAULT_EXPORT_DIR / RECORD).read_text())
    if record["versions"] != committed["versions"]:
        pytest.skip(f"other versions than the committed export's: {record['versions']}")
    assert record["onnx_sha256"] == committed["onnx_sha256"]
    assert file_sha256(tmp_path / "again" / MODEL_FILE) == committed["onnx_sha256"]


def test_onnx_vectors_are_the_models(encoder, sentences):
    torch_vectors = get_encoder(backend="torch").encode(sentences)
    ours = encoder.encode(sentences)
    cosines = (ours * torch_vectors).sum(1)
    assert cosines.min() > 0.96 and cosines.mean() > 0.985, cosines
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-4)


def test_a_vector_does_not_depend_on_the_texts_beside_it(encoder, sentences):
    """int8's activation scales are computed per run: each text runs alone."""
    together = encoder.encode(sentences, threads=2)
    alone = np.stack([encoder.encode_query(s) for s in sentences])
    assert np.array_equal(together, alone)


def test_the_exact_int8_path_only_where_vnni_is_missing(monkeypatch):
    import platform

    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    avx2 = "processor\t: 0\nflags\t\t: fpu sse4_1 avx avx2 fma avx512f avx512bw\n"
    assert needs_exact_int8(avx2)
    assert not needs_exact_int8(avx2.replace("avx2 ", "avx2 avx512_vnni "))
    assert not needs_exact_int8(avx2.replace("avx2 ", "avx2 avx_vnni "))
    assert needs_exact_int8("")  # flags unknown: stay exact
    monkeypatch.setattr(platform, "machine", lambda: "arm64")
    assert not needs_exact_int8(avx2)


def test_without_the_exact_path_vnni_gives_the_same_vectors(encoder, sentences):
    """Why the faster path is safe where it is taken: bit for bit the exact path's."""
    if needs_exact_int8():
        pytest.skip("this CPU lacks VNNI: the encoder takes the exact path itself")
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.add_session_config_entry("session.x64quantprecision", "1")
    exact = ort.InferenceSession(
        str(encoder.export_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = encoder.truncating_tokenizer()
    for text in sentences[:12]:
        ids = np.asarray([tokenizer.encode(text).ids], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        assert np.array_equal(exact.run(["embedding"], feed)[0][0], encoder.encode_query(text))


def test_sentence_vectors_pooled_from_the_passage_run(encoder):
    text = SEED.read_text(encoding="utf-8").splitlines()[2]  # the casualties paragraph
    spans = [(s.start, s.end) for s in split_sentences(text)]
    vector, pooled, (tokens,) = encoder.encode_passages([text], [spans])
    alone = encoder.encode([text[a:b] for a, b in spans])
    assert pooled.shape == (len(spans), 384)
    assert np.allclose(vector[0], encoder.encode([text])[0], atol=1e-6)
    # each pooled sentence is closest to that same sentence embedded alone
    assert list((pooled @ alone.T).argmax(1)) == list(range(len(spans)))
    # a unit vector per token the model read, [CLS] and [SEP] left out, in the order of
    # the tokenizer's offsets; the question side comes from the same run and tokenizer
    offsets = encoder.token_offsets(text)
    assert tokens.shape == (len(offsets), 384) and offsets[0][0] == 0
    assert np.allclose(np.linalg.norm(tokens, axis=1), 1, atol=1e-5)
    q_vector, q_states = encoder.encode_query_tokens(text)
    assert np.allclose(q_vector, vector[0], atol=1e-6)
    assert np.allclose(q_states.vectors, tokens, atol=1e-6)
    assert (q_states.offsets == offsets).all()


QUERY_PATH = """
import sys
from pathlib import Path
import qa
from qa import cli
sys.path.insert(0, sys.argv[1])
cli.main(["ask", "How many soldiers did North Korea send?"])
qa.retrieve("Who confirmed the fighting?")
qa.answer("How many of them were killed?", ["How many soldiers did North Korea send?"])
from qa.manage import ensure_index
from qa_web.layout import reply
config = qa.Config.from_env()
ensure_index(config)
print(reply(qa.Index.at(None, config), "When was the defense pact signed?", [])[0][:40])
print("MODULES", "torch" in sys.modules, "sentence_transformers" in sys.modules,
      "transformers" in sys.modules)
"""


def test_the_query_path_never_imports_torch():
    out = subprocess.run(
        [sys.executable, "-c", QUERY_PATH, str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "10,000" in out.stdout and "paragraph" in out.stdout
    assert out.stdout.splitlines()[-1] == "MODULES False False False"


def test_a_missing_or_altered_export_falls_back_to_torch(tmp_path, caplog):
    missing = get_encoder(export_dir=tmp_path / "none")
    assert type(missing) is Encoder and missing.encoder_id == "torch"
    assert "not using the ONNX export" in caplog.text and "python -m qa export" in caplog.text
    altered = tmp_path / "altered"
    shutil.copytree(DEFAULT_EXPORT_DIR, altered)
    with (altered / MODEL_FILE).open("r+b") as f:
        f.seek(1000)
        f.write(b"\x00" * 16)
    assert type(get_encoder(export_dir=altered)) is Encoder
    with pytest.raises(qa.ModelError, match="do not match its export.json"):
        get_encoder(export_dir=altered, backend="onnx")


def test_an_index_built_by_another_encoder_is_stale(built, tmp_path):
    shutil.copytree(built.seeds_dir, tmp_path / "seeds")
    shutil.copytree(built.index_dir, tmp_path / "index")
    cfg = Config(seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "index", encoder="torch")
    with pytest.raises(qa.IndexStaleError, match="encoder 'onnx-int8:.*'torch'"):
        qa.retrieve("soldiers", config=cfg)


def test_an_altered_tokenizer_is_no_longer_the_export(tmp_path):
    altered = tmp_path / "altered"
    shutil.copytree(DEFAULT_EXPORT_DIR, altered)
    config = json.loads((altered / "sentence_bert_config.json").read_text())
    config["max_seq_length"] = 128  # would change the window without a word
    (altered / "sentence_bert_config.json").write_text(json.dumps(config))
    assert type(get_encoder(export_dir=altered)) is Encoder


def test_onnx_is_only_for_the_bundled_model(tmp_path):
    with pytest.raises(qa.ModelError, match="only the bundled"):
        get_encoder(str(tmp_path), backend="onnx")
