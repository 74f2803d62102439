from pathlib import Path

import pytest

import qa
from qa.core.config import ROOT, Config


def test_defaults_sit_beside_app_py():
    c = Config()
    assert c.seeds_dir == ROOT / "seeds" and c.index_dir == ROOT / "index"
    assert (ROOT / "app.py").is_file()
    assert c.host == "127.0.0.1" and c.port == 7860


def test_env_then_arguments_override(monkeypatch):
    monkeypatch.setenv("QA_PORT", "9000")
    monkeypatch.setenv("QA_INDEX_DIR", "/tmp/elsewhere")
    monkeypatch.setenv("QA_MIN_SCORE", "0.5")
    c = Config.from_env()
    assert c.port == 9000 and c.index_dir == Path("/tmp/elsewhere") and c.ranking.min_score == 0.5
    assert Config.from_env(port=1234).port == 1234


def test_bad_values_say_which_setting(monkeypatch):
    monkeypatch.setenv("QA_PORT", "eighty")
    with pytest.raises(qa.ConfigError, match="QA_PORT"):
        Config.from_env()
