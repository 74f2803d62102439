"""The store protocol (qa/stores.py): the folder and Milvus stores as peers, and a third
store (tests/memory_store.py) that needs no edit anywhere else to build and answer."""

from __future__ import annotations

import shutil

import pytest

import qa
from qa.core.config import Config
from qa.answering.retrieval import get_searcher
from qa.stores.protocol import StoreIndex, StoreKind, kind_for

from .. import memory_store  # noqa: F401  (registers memory:NAME)
from ..conftest import SEED
from ..questions import NEAR_TOPIC, OFF_TOPIC, ON_TOPIC

EXTRA = "The harbour ferry returned to service on Tuesday after three weeks in dry dock."


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder)
    return folder


def test_each_store_opens_to_the_protocol(built, seeds, tmp_path):
    memory = Config(store="memory:protocol", seeds_dir=seeds)
    qa.build_index(config=memory)
    for config in (built, memory):
        kind = kind_for(config)
        opened = kind.open(config, kind.read_manifest(config))
        assert isinstance(opened, StoreIndex), kind.name
    assert kind_for(built).name == "folder" and kind_for(memory).name == "memory"
    milvus = kind_for(Config(store=f"milvus:{tmp_path / 'x.db'}"))  # named, not connected
    assert milvus.name == "milvus" and milvus.shared and not kind_for(built).shared
    for kind in (kind_for(built), milvus, kind_for(memory)):
        assert isinstance(kind, StoreKind), kind.name  # every member of the protocol
    with pytest.raises(qa.ConfigError, match="not one this knows"):
        kind_for(Config(store="ftp://nowhere"))


def test_a_third_store_answers_as_the_folder_does(built, seeds):
    memory = Config(store="memory:answers", seeds_dir=seeds)
    summary = qa.build_index(config=memory)
    assert summary.passages == get_searcher(built.index_dir, config=built).index.size
    for question, _ in ON_TOPIC:
        ours, folder = qa.answer(question, config=memory), qa.answer(question, config=built)
        assert [(h.start, h.end, h.score, h.answer_start, h.short_start) for h in ours.hits] == [
            (h.start, h.end, h.score, h.answer_start, h.short_start) for h in folder.hits
        ], question
    for question in [q for q, _, _ in NEAR_TOPIC] + OFF_TOPIC[:5]:
        ours, folder = qa.answer(question, config=memory), qa.answer(question, config=built)
        assert ours.covered == folder.covered and ours.missing == folder.missing, question


def test_a_third_store_builds_incrementally_through_the_one_pipeline(seeds):
    config = Config(store="memory:incremental", seeds_dir=seeds)
    first = qa.build_index(config=config)
    assert first.embedded == first.passages
    (seeds / "ferry.txt").write_text(EXTRA)
    added = qa.build_index(config=config)
    assert added.embedded == 1 and added.passages == first.passages + 1
    assert "dry dock" in qa.answer("When did the ferry return?", config=config).hits[0].text
    (seeds / "ferry.txt").unlink()
    gone = qa.build_index(config=config)
    assert gone.embedded == 0 and gone.passages == first.passages
    assert not qa.answer("When did the ferry return to service?", config=config).covered
    check = qa.verify_index(config=config)
    assert check.passages == first.passages and check.stale == ""
