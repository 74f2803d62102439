"""Build the index into a Milvus collection (milvus.py describes the layout).

Incremental unless `full`, like the folder store: the rows of files whose content hash
is unchanged stay, the rows of changed and deleted files are deleted by file, and only
new and changed files are chunked and embedded. Document frequencies follow every
change exactly; two statistics drift until the next `--full`: the passages' saturations
keep the average length of the last full build, and each word's best weight (the
denominator of the 0..1 scaling) only ever rises, so after deletions BM25 can scale a
little low. Embedding happens before the store is touched, and the rows of changed files
are deleted just before the new ones go in; a collection whose row count disagrees with
its manifest (an interrupted build) is rebuilt from the seeds. The manifest is written
last: readers reload when its build_id changes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
import uuid
from collections import Counter
from pathlib import Path

import numpy as np

from .build import (
    chunk_seed,
    embed_passages,
    nothing_indexed,
    rows_of,
    seed_files,
    stores_tokens,
)
from .config import Config
from .errors import QAError
from .lexical import stems, words
from .manifest import built_alike, chunking_settings, new_manifest
from .milvus import (
    CHUNK,
    PARTS,
    SCHEMA,
    client_for,
    encode_bytes,
    is_lite,
    read_blob,
    saturation,
    split_text,
)
from .types import Article, BuildSummary, Passage

log = logging.getLogger(__name__)
BATCH = 512  # rows per insert


def key_of(text: str) -> str:
    """A filter-safe key (hex) for a file name or a passage text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def build_milvus(
    seeds_dir: Path, encoder, config: Config, full: bool, show_progress: bool, started: float
) -> BuildSummary:
    client = client_for(config.store)
    coll, meta = config.collection, f"{config.collection}_meta"
    weights = encoder.verify()
    window = min(config.chunk_tokens, encoder.max_tokens)
    previous = None if full else _previous(client, coll, encoder, config)
    fresh_start = previous is None
    if fresh_start:  # the collections are made anew below, once there is something to put
        previous = {"files": {}, "next_id": 0, "passages": 0, "avgdl": 0.0}
        terms, counts, known = {}, Counter(), {}
    else:
        terms = read_blob(client, coll, "terms") or {}
        counts = Counter(read_blob(client, coll, "words") or {})
        known = read_blob(client, coll, "articles") or {}
    old_files = previous["files"]

    hashes, skipped, fresh, fresh_files, kept, articles = {}, [], [], set(), set(), {}
    for path, source in seed_files(seeds_dir, config, hashes, skipped):
        if old_files.get(source) == hashes[source]:
            kept.add(source)
            articles[source] = Article.from_json(known.get(source) or {"source": source})
            continue
        found = chunk_seed(path, source, encoder, window, config, skipped, articles)
        if found:
            fresh.extend(found)
            fresh_files.add(source)
    if not kept and not fresh:  # raised before anything in the store is touched
        raise nothing_indexed(seeds_dir)
    keep_tokens = stores_tokens(config, int(previous["passages"]) + len(fresh))
    if not fresh_start and bool(previous.get("token_vectors")) != keep_tokens:
        log.info("token vectors are %s now: rebuilding", "kept" if keep_tokens else "dropped")
        return build_milvus(seeds_dir, encoder, config, True, show_progress, started)

    # Embedding is the slow part (and can be interrupted): done before the store changes.
    new = embed_passages(encoder, fresh, config, show_progress)
    if fresh_start:
        _create(client, coll, encoder.dimension, is_lite(config.store))
    # Rows of changed and deleted files go, their words out of the statistics; so do
    # rows an interrupted build may have left for a file it was adding.
    gone = sorted(set(old_files) - kept | fresh_files)
    removed = _delete_files(client, coll, gone, terms, counts) if gone else 0
    documents = [stems(p.document) for p in fresh]
    avgdl = previous["avgdl"] or (float(np.mean([len(d) for d in documents])) if documents else 1.0)
    next_id, rows, row, token_row = int(previous["next_id"]), [], 0, 0
    for n, (p, doc) in enumerate(zip(fresh, documents)):
        tf = Counter(doc)
        sparse = {}
        for term, count in tf.items():
            entry = terms.setdefault(term, [len(terms) + 1, 0, 0.0])  # 0: no term
            value = saturation(count, len(doc), avgdl)
            entry[1] += 1
            entry[2] = max(entry[2], value)
            sparse[int(entry[0])] = value
        counts.update(words(p.document))
        q, scales = rows_of(new.sentences, row, len(p.sentences))
        row += len(p.sentences)
        tokens = ""
        if keep_tokens:
            tq, ts = rows_of(new.tokens, token_row, new.token_counts[n])
            tokens = json.dumps({"q": encode_bytes(tq), "scales": encode_bytes(ts)})
        token_row += new.token_counts[n]
        rows.append(
            {
                "id": next_id + n,
                "vector": new.vectors[n].tolist(),
                "terms": sparse or {0: 1.0},  # no words: term 0, which no question has
                "record": split_text(json.dumps(p.to_json(), ensure_ascii=False)),
                "sentences": split_text(
                    json.dumps({"q": encode_bytes(q), "scales": encode_bytes(scales)})
                ),
                "tokens": split_text(tokens),
                "file_key": key_of(p.source),
                "published": (articles[p.source].published or "")[:10],  # for date filters
                "text_hash": key_of(p.text),
            }
        )
    for a in range(0, len(rows), BATCH):
        client.insert(coll, rows[a : a + BATCH])
    client.flush(coll)

    passages = int(previous["passages"]) - removed + len(rows)
    files = {s: hashes[s] for s in sorted(kept | fresh_files)}
    seconds = time.perf_counter() - started
    manifest = new_manifest(
        model=encoder.name,
        model_sha256=weights,
        encoder=encoder.encoder_id,
        dimension=int(encoder.dimension),
        index_type="milvus",
        index_params={"store": config.store, "collection": coll},
        chunking=chunking_settings(config),
        seeds_dir=str(seeds_dir.resolve()),
        files=files,
        skipped_files={s: h for s, h in hashes.items() if s not in files},
        passages=passages,
        build_seconds=seconds,
        token_vectors=keep_tokens,
    )
    manifest.update(
        build_id=uuid.uuid4().hex, next_id=next_id + len(rows), avgdl=avgdl, milvus_schema=SCHEMA
    )
    _write_blob(client, meta, "terms", terms)
    _write_blob(client, meta, "words", dict(counts))
    counts_of = Counter(p.source for p in fresh)
    for s in fresh_files:
        articles[s] = dataclasses.replace(articles[s], passages=counts_of[s])
    _write_blob(client, meta, "articles", {s: articles[s].to_json() for s in files})
    _write_blob(client, meta, "manifest", manifest)
    # last: readers reopen when it changes (milvus.build_id)
    client.upsert(meta, [_meta_row("build_id", manifest["build_id"])])
    client.flush(meta)
    log.info(
        "indexed %d passages in Milvus (%d embedded, %d removed)", passages, len(rows), removed
    )
    return BuildSummary(
        files=len(files),
        passages=passages,
        seconds=time.perf_counter() - started,
        skipped=tuple(skipped),
        embedded=len(rows),
    )


def _previous(client, coll: str, encoder, config: Config) -> dict | None:
    """The manifest of a build this one can add to, or None (then: build from scratch)."""
    from .milvus import read_manifest_from, row_count

    try:
        m = read_manifest_from(client, coll)  # IndexStaleError for an older format/schema
    except QAError:
        return None
    if not built_alike(m, encoder, config):
        return None
    if row_count(client, coll) != int(m["passages"]):
        log.warning("the Milvus collection does not hold what its manifest says: rebuilding")
        return None  # an interrupted build: start again from the seeds
    return m


def _create(client, coll: str, dimension: int, lite: bool) -> None:
    """Both collections, new (any old ones dropped)."""
    from pymilvus import DataType

    for name in (coll, f"{coll}_meta"):
        if client.has_collection(name):
            client.drop_collection(name)
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_field("terms", DataType.SPARSE_FLOAT_VECTOR)
    for name in ("record", "sentences", "tokens"):  # ARRAY of parts (milvus.PART)
        schema.add_field(
            name,
            DataType.ARRAY,
            element_type=DataType.VARCHAR,
            max_capacity=PARTS,
            max_length=65535,
        )
    schema.add_field("file_key", DataType.VARCHAR, max_length=64)
    schema.add_field("published", DataType.VARCHAR, max_length=16)  # YYYY-MM-DD or ""
    schema.add_field("text_hash", DataType.VARCHAR, max_length=64)
    index = client.prepare_index_params()
    # Lite: exact search, as the folder store's flat index up to 50,000 passages; a
    # server chooses its own (AUTOINDEX: HNSW on Milvus standalone).
    index.add_index("vector", index_type="FLAT" if lite else "AUTOINDEX", metric_type="IP")
    index.add_index("terms", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    # Strong: a search sees every row written before it (a server's default, Bounded,
    # may lag a build by a few seconds; Lite is always current).
    client.create_collection(coll, schema=schema, index_params=index, consistency_level="Strong")

    meta = client.create_schema(auto_id=False, enable_dynamic_field=False)
    meta.add_field("key", DataType.VARCHAR, is_primary=True, max_length=256)
    meta.add_field("value", DataType.VARCHAR, max_length=65535)
    meta.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field
    index = client.prepare_index_params()
    index.add_index("unused", index_type="FLAT", metric_type="L2")
    client.create_collection(
        f"{coll}_meta", schema=meta, index_params=index, consistency_level="Strong"
    )


def _delete_files(client, coll: str, sources: list[str], terms: dict, counts: Counter) -> int:
    """Delete the files' rows, taking their terms and words out of the statistics."""
    keys = json.dumps([key_of(s) for s in sources])
    removed = 0
    iterator = client.query_iterator(
        coll, filter=f"file_key in {keys}", output_fields=["record"], batch_size=1000
    )
    try:
        while batch := iterator.next():
            for r in batch:
                text = _passage("".join(r["record"])).document
                for term in set(stems(text)):
                    if term in terms:
                        terms[term][1] -= 1
                counts.subtract(words(text))
                removed += 1
    finally:
        iterator.close()
    client.delete(coll, filter=f"file_key in {keys}")
    for w in [w for w, c in counts.items() if c <= 0]:
        del counts[w]
    return removed


def _passage(record: str) -> Passage:
    return Passage.from_json(json.loads(record))


def _meta_row(key: str, value: str) -> dict:
    return {"key": key, "value": value, "unused": [0.0, 0.0]}  # the vector Milvus requires


def _write_blob(client, meta: str, name: str, value) -> None:
    text = json.dumps(value)  # ASCII: a row's length in characters is its length in bytes
    parts = split_text(text, CHUNK)
    rows = [_meta_row(f"{name}:{i}", part) for i, part in enumerate(parts)]
    rows.append(_meta_row(name, json.dumps(len(parts))))
    for a in range(0, len(rows), 64):
        client.upsert(meta, rows[a : a + 64])
