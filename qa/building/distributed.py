"""Building on a Ray cluster: `qa build --ray ADDRESS` (QA_RAY), docs/scaling.md.

The pipeline stays build.py's; two of its steps run on the cluster as Ray Data
pipelines. The files to read (only new and changed ones: the build is incremental) are
sent as bytes, so workers need no shared disk, and read and chunked by tasks; the new
passages are encoded by a pool of actors, one encoder each, one CPU each. What comes
back is what one machine makes, row for row: chunking is the same code, the ONNX
encoder runs each text alone and each int8 row is quantised alone (encoding.py), so
the vectors and int8 rows are byte-identical to a local build (tests/building/test_distributed.py).
The driver then writes the store as a local build does, in batches, after everything is
encoded: a build that fails on the cluster leaves the store as it was.

Workers get this `qa` package, the ONNX export inside it, by the job's runtime_env
(py_modules); they need requirements-ray.txt (the reading libraries, spaCy's
recogniser, onnxruntime and tokenizers). A worker
killed mid-build is restarted and its batch retried (Ray Data's defaults for actor
pools: restarts and retries without limit; a task's error fails the build at once).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
from pathlib import Path

import numpy as np

from qa.core.config import DEFAULT_EXPORT_DIR, Config
from qa.encoders.embedding import encoder_for
from qa.building.encoding import Embedded, embed_passages, joined
from qa.core.errors import ClusterError
from qa.building.ray_start import first_line, reachable, start
from qa.stores.sentences import rows_of
from qa.text.sources import chunk_bytes

log = logging.getLogger(__name__)
# this package, with the ONNX export inside it, for the workers to import: Ray uploads it
# once per content, and takes folders only for a whole job (ray.init)
RUNTIME_ENV = {"py_modules": [str(Path(__file__).resolve().parent.parent)]}
FILES_PER_TASK = 8  # files read and chunked per Ray task
PASSAGES_PER_BATCH = 64  # passages per actor call: ~1.5 s of int8 encoding on one core


class Cluster:
    """A connection to the cluster for one build: made on first use, closed (and a local
    cluster stopped) when the build ends. A process that has called ray.init itself (a
    notebook, a Ray job) is built in with its connection, which is left open; its workers
    must then import qa themselves (installed, or ray.init's runtime_env=RUNTIME_ENV)."""

    def __init__(self, config: Config):
        self.config = config
        self.ray = None
        self.owned = False  # whether this build connected, and so disconnects

    def __enter__(self):
        return self

    def __exit__(self, *_) -> None:
        if self.ray is not None:
            context = self.ray.data.DataContext.get_current()  # as the caller had it
            context.enable_progress_bars, context.print_on_execution_start = self._context
            if self.owned:
                self.ray.shutdown()
        self.ray = None

    def accepts(self, encoder) -> None:
        """Only the ONNX export is shipped to workers, and only it gives vectors that do not
        depend on how passages are batched (torch pads each batch to its longest text)."""
        if not encoder.backend.startswith("onnx"):
            raise ClusterError(
                f"the Ray build encodes with the bundled ONNX export, not {encoder.backend}: "
                "leave QA_ENCODER/--model unset, or build without --ray"
            )

    def _connect(self):
        if self.ray is not None:
            return self.ray
        try:
            import ray
            import ray.data
        except ImportError:
            raise ClusterError(
                "Ray is not installed: pip install -r requirements-ray.txt, or build without --ray"
            ) from None
        if not ray.is_initialized():
            self._init(ray)
            self.owned = True
        context = ray.data.DataContext.get_current()
        self._context = (context.enable_progress_bars, context.print_on_execution_start)
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        self.ray = ray
        return ray

    def _init(self, ray) -> None:
        address = self.config.ray
        options = dict(
            include_dashboard=False,
            log_to_driver=False,
            # Ray's own messages at the level the caller set for "ray" (the CLI: none)
            logging_level=max(logging.getLogger("ray").getEffectiveLevel(), logging.WARNING),
            runtime_env=RUNTIME_ENV,
        )
        if address == "local":  # a new cluster, even where one runs (RAY_ADDRESS, ray start)
            options["address"] = "local"
            options["num_cpus"] = self.config.ray_workers or os.cpu_count() or 1
        else:
            reachable(address)
            options["address"] = address
        try:
            start(ray, options)
        except Exception as e:  # ConnectionError, RuntimeError, grpc errors: say it in one line
            if address == "local":
                raise ClusterError(
                    f"the local Ray cluster did not start ({first_line(e)}); build again "
                    "when the machine is less busy, or without --ray"
                ) from None
            raise ClusterError(
                f"cannot connect to the Ray cluster at {address!r} ({first_line(e)}); start "
                "one (ray start --head) or use --ray local"
            ) from None

    def workers(self) -> int:
        cpus = int(self._connect().cluster_resources().get("CPU", 1))
        return max(1, min(self.config.ray_workers or cpus, cpus))

    def chunk(self, to_read: list, window: int, overlap: int) -> list[tuple]:
        """(passages, why, article) of each (path, source), in order: chunk_file's."""
        if not to_read:
            return []
        out, files = [None] * len(to_read), []
        for n, (path, source) in enumerate(to_read):
            try:
                files.append({"n": n, "source": source, "data": path.read_bytes()})
            except OSError as e:  # as chunk_file says it
                out[n] = ([], f"skipped: {source} cannot be read ({e.strerror})", None)
        if not files:
            return out
        done = self._run(
            lambda ray: ray.data.from_items(files).map_batches(
                _chunk_files,
                batch_size=FILES_PER_TASK,
                fn_kwargs={
                    "settings": _worker_settings(self.config),
                    "window": window,
                    "overlap": overlap,
                },
                num_cpus=1,
            )
        )
        for row in done:
            out[row["n"]] = pickle.loads(row["chunked"])
        if None in out:
            raise ClusterError("the Ray workers did not return every file; build again")
        return out

    def embed(
        self, passages: list, encoder, keep_tokens: bool = True, show_progress: bool = False
    ) -> Embedded | None:
        """embed_passages(encoder, passages) done by the cluster's workers; without
        keep_tokens their token rows (~75 KB a passage) stay on the workers."""
        if not passages:
            return None
        items = [{"n": n, "passage": pickle.dumps(p, protocol=5)} for n, p in enumerate(passages)]

        def pipeline(ray):
            ray.data.DataContext.get_current().enable_progress_bars = show_progress
            return ray.data.from_items(items).map_batches(
                _Encode,
                fn_constructor_kwargs={
                    "settings": _worker_settings(self.config),
                    "keep_tokens": keep_tokens,
                },
                batch_size=PASSAGES_PER_BATCH,
                # up to one actor per worker asked for: a busy cluster starts with fewer
                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=self.workers()),
                num_cpus=1,
            )

        done = self._run(pipeline)
        parts = []
        for row in done:
            if row["encoder"] != encoder.encoder_id:
                raise ClusterError(
                    f"the Ray workers encode with {row['encoder']}, this machine with "
                    f"{encoder.encoder_id}: install the same qa and export on the workers"
                )
            parts.append((pickle.loads(row["ns"]), pickle.loads(row["embedded"])))
        return _assemble(parts, passages)

    def _run(self, pipeline) -> list[dict]:
        """pipeline(ray) → a Dataset, run to the end; any failure is one ClusterError."""
        ray = self._connect()
        try:
            return pipeline(ray).take_all()
        except Exception as e:  # a task's error, a lost cluster, an object store full...
            raise ClusterError(
                f"the build on the Ray cluster failed ({first_line(e)}); the store was not "
                "changed; see the Ray logs, or build without --ray"
            ) from None


def _assemble(parts: list, passages: list) -> Embedded:
    """One Embedded in passage order from the workers' batches, whatever rows each batch
    held (Ray Data may group them in any order); each passage exactly once."""
    rows = {}  # n → (vector, its sentence rows, its token rows, its token count)
    for ns, embedded in parts:
        at_sentence = at_token = 0
        for i, n in enumerate(ns):
            k, c = len(passages[n].sentences), embedded.token_counts[i]
            if n in rows:
                raise ClusterError(f"the Ray workers returned passage {n} twice; build again")
            rows[n] = (
                embedded.vectors[i],
                rows_of(embedded.sentences, at_sentence, k),
                rows_of(embedded.tokens, at_token, c),
                c,
            )
            at_sentence, at_token = at_sentence + k, at_token + c
    if len(rows) != len(passages):
        raise ClusterError(
            f"the Ray workers returned {len(rows)} passages of {len(passages)}; build again"
        )
    ordered = [rows[n] for n in range(len(passages))]
    return Embedded(
        np.stack([r[0] for r in ordered]),
        joined([r[1] for r in ordered]),
        joined([r[2] for r in ordered]),
        [r[3] for r in ordered],
    )


def _worker_settings(config: Config) -> Config:
    """The settings a worker encodes with: one thread (Ray gives each worker one CPU),
    and its own copy of the bundled export unless another one was asked for."""
    export_dir = None if config.export_dir == DEFAULT_EXPORT_DIR else config.export_dir
    return dataclasses.replace(config, build_threads=1, export_dir=export_dir)


def _worker_encoder(settings: Config):
    if settings.export_dir is None:  # the bundled export of the qa the worker imported
        settings = dataclasses.replace(settings, export_dir=DEFAULT_EXPORT_DIR)
    return encoder_for(settings)


def _chunk_files(batch: dict, settings: Config, window: int, overlap: int) -> dict:
    """A Ray task: read and chunk a few files from their bytes (a worker keeps its
    tokenizer between tasks: embedding.get_encoder)."""
    count = _worker_encoder(settings).count_tokens
    chunked = [
        pickle.dumps(chunk_bytes(bytes(data), str(source), count, window, overlap), protocol=5)
        for data, source in zip(batch["data"], batch["source"])
    ]
    return {"n": batch["n"], "chunked": chunked}


class _Encode:
    """A Ray actor: one encoder, loaded once, encoding batches of passages."""

    def __init__(self, settings: Config, keep_tokens: bool):
        self.settings = settings
        self.keep_tokens = keep_tokens
        self.encoder = _worker_encoder(settings)

    def __call__(self, batch: dict) -> dict:
        passages = [pickle.loads(p) for p in batch["passage"]]
        embedded = embed_passages(self.encoder, passages, self.settings, False)
        if not self.keep_tokens:  # the counts stay: they say where each passage's rows are
            d = embedded.vectors.shape[1]
            none = (np.zeros((0, d), np.int8), np.zeros(0, np.float32))
            embedded = dataclasses.replace(embedded, tokens=none)
        return {
            "ns": [pickle.dumps([int(n) for n in batch["n"]])],
            "embedded": [pickle.dumps(embedded, protocol=5)],
            "encoder": [self.encoder.encoder_id],
        }
