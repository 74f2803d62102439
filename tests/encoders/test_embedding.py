import numpy as np
import pytest

import qa
from qa.core.config import DEFAULT_MODEL
from qa.core.config import DEFAULT_MODEL_SHA256
from qa.encoders.embedding import Encoder, get_encoder, resolve_model_dir, weights_sha256


def test_bundled_model_is_the_genuine_one(encoder):
    assert weights_sha256(resolve_model_dir(DEFAULT_MODEL)) == DEFAULT_MODEL_SHA256
    assert encoder.verify() == DEFAULT_MODEL_SHA256
    assert encoder.max_tokens == 256


def test_vectors_are_normalised_and_meaningful(encoder):
    v = encoder.encode(
        [
            "North Korea sent soldiers to Russia.",
            "Pyongyang dispatched troops to Moscow.",
            "How do I bake sourdough bread?",
        ]
    )
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_token_counts_match_the_models_tokenizer(encoder):
    texts = ["North Korea sent 10,000 soldiers.", "Zelensky said “to a significant extent”."]
    ours = encoder.count_tokens(texts)
    st = get_encoder(backend="torch").model  # sentence-transformers' own tokenizer
    theirs = [len(st.tokenizer(t, add_special_tokens=False)["input_ids"]) for t in texts]
    assert ours == theirs


def test_a_folder_that_is_no_model_is_refused(tmp_path):
    with pytest.raises(qa.ModelError, match="sentence-transformers folder"):
        Encoder(str(tmp_path))
