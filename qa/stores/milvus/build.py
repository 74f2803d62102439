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

import hashlib
import json
import logging
import time
import uuid
from collections import Counter

import numpy as np

from qa.core.config import Config
from qa.core.errors import QAError
from qa.words.lexical import stems, words
from qa.stores.manifest import new_manifest
from qa.stores.milvus.connection import (
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
from qa.stores.sentences import rows_of
from qa.stores.protocol import Build
from qa.core.types import Passage

log = logging.getLogger(__name__)
BATCH = 512  # rows per insert


def key_of(text: str) -> str:
    """A filter-safe key (hex) for a file name or a passage text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write(config: Config, build: Build) -> int:
    """Write a build into the collection: the rows of changed and deleted files go, the
    new files' rows come in, the statistics follow; the manifest last. Returns the
    passages it holds."""
    client = client_for(config.store)
    coll, meta = config.collection, f"{config.collection}_meta"
    prior = build.previous.held if build.previous else None  # its manifest: previous()
    if prior is None:  # made anew: nothing it held is kept
        _create(client, coll, int(build.fields["dimension"]), is_lite(config.store))
        prior = {"files": {}, "next_id": 0, "passages": 0, "avgdl": 0.0}
        terms, counts = {}, Counter()
    else:
        terms = read_blob(client, coll, "terms") or {}
        counts = Counter(read_blob(client, coll, "words") or {})
    kept = set(build.kept)
    fresh = [p for s in build.fresh for p in s.passages]
    fresh_files = {s.source for s in build.fresh}
    # Rows of changed and deleted files go, their words out of the statistics; so do
    # rows an interrupted build may have left for a file it was adding.
    gone = sorted(set(prior["files"]) - kept | fresh_files)
    removed = _delete_files(client, coll, gone, terms, counts) if gone else 0
    documents = [stems(p.document) for p in fresh]
    avgdl = prior["avgdl"] or (float(np.mean([len(d) for d in documents])) if documents else 1.0)
    next_id, rows = int(prior["next_id"]), []
    for segment in build.fresh:
        sentence_row = token_row = 0  # where passage n's rows start in the segment's
        for n, p in enumerate(segment.passages):
            where = (n, sentence_row, token_row)
            rows.append(_row(next_id + len(rows), p, segment, where, build, terms, counts, avgdl))
            sentence_row += len(p.sentences)
            token_row += segment.tokens[2][n] if segment.tokens is not None else 0
    for a in range(0, len(rows), BATCH):
        client.insert(coll, rows[a : a + BATCH])
    client.flush(coll)

    passages = int(prior["passages"]) - removed + len(rows)
    files = {s: build.hashes[s] for s in sorted(kept | fresh_files)}
    manifest = new_manifest(
        **build.fields,
        index_type="milvus",
        index_params={"store": config.store, "collection": coll},
        seeds_dir=str(build.seeds_dir.resolve()),
        files=files,
        skipped_files={s: h for s, h in build.hashes.items() if s not in files},
        passages=passages,
        build_seconds=time.perf_counter() - build.started,
    )
    manifest.update(
        build_id=uuid.uuid4().hex, next_id=next_id + len(rows), avgdl=avgdl, milvus_schema=SCHEMA
    )
    _write_blob(client, meta, "terms", terms)
    _write_blob(client, meta, "words", dict(counts))
    _write_blob(client, meta, "articles", {s: build.articles[s].to_json() for s in files})
    _write_blob(client, meta, "manifest", manifest)
    # last: readers reopen when it changes (milvus.build_id)
    client.upsert(meta, [_meta_row("build_id", manifest["build_id"])])
    client.flush(meta)
    log.info(
        "indexed %d passages in Milvus (%d embedded, %d removed)", passages, len(rows), removed
    )
    return passages


def _row(row_id: int, p, segment, where, build: Build, terms: dict, counts: Counter, avgdl):
    """One passage's row: its vector, BM25 term weights (the statistics updated), record,
    sentence and token rows (sentences.py's int8, base64), file and text keys."""
    doc = stems(p.document)
    sparse = {}
    for term, count in Counter(doc).items():
        entry = terms.setdefault(term, [len(terms) + 1, 0, 0.0])  # 0: no term
        value = saturation(count, len(doc), avgdl)
        entry[1] += 1
        entry[2] = max(entry[2], value)
        sparse[int(entry[0])] = value
    counts.update(words(p.document))
    n, sentence_row, token_row = where
    q, scales = rows_of(segment.sentences, sentence_row, len(p.sentences))
    tokens = ""
    if segment.tokens is not None:
        tq, ts = rows_of(segment.tokens, token_row, segment.tokens[2][n])
        tokens = json.dumps({"q": encode_bytes(tq), "scales": encode_bytes(ts)})
    return {
        "id": row_id,
        "vector": segment.vectors[n].tolist(),
        "terms": sparse or {0: 1.0},  # no words: term 0, which no question has
        "record": split_text(json.dumps(p.to_json(), ensure_ascii=False)),
        "sentences": split_text(json.dumps({"q": encode_bytes(q), "scales": encode_bytes(scales)})),
        "tokens": split_text(tokens),
        "file_key": key_of(p.source),
        "published": (build.articles[p.source].published or "")[:10],  # for date filters
        "text_hash": key_of(p.text),
    }


def _previous(client, coll: str, alike) -> dict | None:
    """The manifest of a build this one can add to, or None (then: build from scratch)."""
    from qa.stores.milvus.connection import read_manifest_from, row_count

    try:
        m = read_manifest_from(client, coll)  # IndexStaleError for an older format/schema
    except QAError:
        return None
    if not alike(m):
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
