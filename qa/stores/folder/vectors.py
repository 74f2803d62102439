"""FAISS index types, chosen by corpus size.

    flat  exact inner product; every query scans every vector. Below `flat_max` passages
          (50,000 by default) it costs ~2 ms, under the encoder's own ~12 ms.
    ivf   inverted lists (k-means into 4·√n lists, `nprobe` of them scanned per query);
          vectors kept exact, so recall is only limited by `nprobe`.
    hnsw  a navigable graph (M=32): fastest queries, slow to build (~6 min at 10^6 on
          2 cores), +264 bytes per vector.

All store L2-normalised float32 vectors and rank by inner product (cosine). Each can
give back any stored vector exactly (`reconstruct`), which incremental builds and the
hybrid ranking rely on.
"""

from __future__ import annotations

import math

import numpy as np

from qa.core.config import CHOICES
from qa.core.errors import ConfigError

INDEX_TYPES = CHOICES["index_type"]


def choose(kind: str, n: int, flat_max: int) -> str:
    if kind not in INDEX_TYPES:
        raise ConfigError(f"unknown index type {kind!r}; choose one of {', '.join(INDEX_TYPES)}")
    if kind != "auto":
        return kind
    return "flat" if n <= flat_max else "ivf"


def make(vectors: np.ndarray, kind: str, *, threads: int = 0) -> tuple[object, dict]:
    """A filled FAISS index of `kind` ("flat", "ivf", "hnsw") and its build parameters."""
    import faiss

    n, d = vectors.shape
    if threads:
        faiss.omp_set_num_threads(threads)
    if kind == "flat":
        index, params = faiss.IndexFlatIP(d), {}
    elif kind == "ivf":
        # 4·√n lists; never more lists than points (k-means needs one point per list)
        nlist = max(1, min(65536, int(4 * math.sqrt(n)), n // 2))
        quantizer = faiss.IndexFlatIP(d)
        index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
        # k-means on a fixed sample: deterministic, so an incremental build trains the
        # same lists as a full one; 64 points per list is plenty.
        sample = (
            vectors
            if n <= 64 * nlist
            else vectors[np.random.default_rng(0).choice(n, 64 * nlist, replace=False)]
        )
        index.train(sample)
        params = {"nlist": nlist}
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        params = {"M": 32, "efConstruction": 80}
    else:
        raise ConfigError(f"unknown index type {kind!r}")
    index.add(vectors)
    return index, params


def ready(index, *, nprobe: int, ef_search: int) -> object:
    """Set the search-time knobs on a loaded index and enable exact reconstruction."""
    import faiss

    ivf = faiss.try_extract_index_ivf(index) if hasattr(faiss, "try_extract_index_ivf") else None
    if ivf is not None:
        ivf.nprobe = min(nprobe, ivf.nlist)
        ivf.make_direct_map()
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = ef_search
    return index


def all_vectors(index) -> np.ndarray:
    """Every stored vector, in id order (exact for all three types)."""
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(0, index.ntotal)
