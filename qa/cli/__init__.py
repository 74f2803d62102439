"""`qa build|add|ask|check|serve|eval|export` (or `python -m qa ...`): parse arguments, call the library, print. Nothing else.

Every QAError becomes one line on stderr and exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from qa import __version__
from qa.cli import commands
from qa.core.config import CHOICES, Config
from qa.core.errors import QAError
from qa.stores.folder.vectors import INDEX_TYPES

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    # gRPC's C core (under pymilvus) prints keep-alive chatter to stderr at ERROR level
    # ("too_many_pings") during long Milvus Lite sessions; the CLI owns the output.
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    if not args.verbose:
        # bm25s and faiss announce themselves at INFO/WARNING; users need none of it.
        for noisy in ("faiss", "bm25s", "sentence_transformers", "transformers", "ray"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        config = Config.from_env(
            seeds_dir=getattr(args, "seeds", None),
            index_dir=getattr(args, "index", None),
            model=getattr(args, "model", None),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            index_type=getattr(args, "index_type", None),
            store=getattr(args, "store", None),
            collection=getattr(args, "collection", None),
            ray=getattr(args, "ray", None),
            ray_workers=getattr(args, "ray_workers", None),
            languages=getattr(args, "languages", None),
        )
        if config.ray and args.command in ("build", "add") and not args.verbose:
            _quiet_ray()  # only the commands that build may import Ray
        return args.run(args, config)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous index, if any, is untouched", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `python -m qa ask … | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more is written
        return 0


def _quiet_ray() -> None:
    """Ray's own chatter (token auth, packaging, Ray Data's plans, its tracebacks) off
    unless -v: Ray sets its loggers up when imported, so they are quietened after that."""
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # its C++ core worker
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return  # distributed.py says how to install it
    for name in ("ray", "ray.data"):  # a failure is our one line (distributed.ClusterError)
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="qa" if Path(sys.argv[0]).name == "qa" else "python -m qa",
        description=(
            "Ask questions of the news articles in seeds/. Settings also come from QA_* "
            "environment variables (see README)."
        ),
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    p.add_argument("--version", action="version", version=f"ask-the-article (qa) {__version__}")
    sub = p.add_subparsers(
        dest="command", required=True, metavar="{build,add,ask,check,serve,eval,export}"
    )

    b = sub.add_parser(
        "build", help="index every .txt, .md, .html and .htm article under the seeds folder"
    )
    b.add_argument("--seeds", metavar="DIR", help="the articles (default: seeds/)")
    b.add_argument("--index", metavar="DIR", help="where to write the index (default: index/)")
    b.add_argument(
        "--model",
        metavar="NAME_OR_DIR",
        help="a local sentence-transformers folder (default: all-MiniLM-L6-v2)",
    )
    b.add_argument(
        "--full",
        action="store_true",
        help="re-embed every file (default: only new and changed files)",
    )
    b.add_argument(
        "--index-type",
        choices=INDEX_TYPES,
        help="FAISS index (default auto: flat up to 50,000 passages, then ivf)",
    )
    b.add_argument(
        "--languages",
        choices=CHOICES["languages"],
        help="questions in English only (en, the default for a new index) or in ~100 "
        "languages (many: multilingual-e5-small; slower to build); auto: as built before",
    )
    b.add_argument(
        "--wait",
        action="store_true",
        help="wait for another build of the same index to finish (default: fail)",
    )
    _store_flags(b)
    b.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="read, chunk and encode on a Ray cluster: local, auto or ray://HOST:10001 "
        "(needs requirements-ray.txt; docs/scaling.md)",
    )
    b.add_argument(
        "--ray-workers", type=int, metavar="N", help="encoders on the cluster (default: its CPUs)"
    )
    b.add_argument("--json", action="store_true", help="print the summary as JSON")
    b.set_defaults(run=commands.run_build)

    d = sub.add_parser("add", help="save a web page (URL) or copy a file into the seeds folder")
    d.add_argument("what", metavar="URL_OR_FILE")
    d.add_argument("--seeds", metavar="DIR", help="the articles (default: seeds/)")
    d.add_argument("--index", metavar="DIR", help="the index to update (default: index/)")
    d.add_argument("--no-build", action="store_true", help="only save it; build later")
    _store_flags(d)
    d.set_defaults(run=commands.run_add)

    c = sub.add_parser(
        "check",
        help="verify every index file's sha256 and the index's "
        "match with its seeds (exit 1 when damaged or stale)",
    )
    c.add_argument("--index", metavar="DIR", help="the index folder (default: index/)")
    _store_flags(c)
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(run=commands.run_check)

    a = sub.add_parser("ask", help="answer one question from the index")
    a.add_argument("question")
    a.add_argument("-k", type=int, default=None, help="most passages to show (default 3)")
    a.add_argument("--index", metavar="DIR", help="the index folder (default: index/)")
    a.add_argument(
        "--all", action="store_true", help="show the top k passages even when they are not relevant"
    )
    _store_flags(a)
    a.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after")
    a.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before")
    a.add_argument("--json", action="store_true", help="one JSON object per line")
    a.set_defaults(run=commands.run_ask)

    s = sub.add_parser("serve", help="start the chat in the browser (as python app.py)")
    s.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, help="port (default 7860)")
    s.add_argument("--index", metavar="DIR", help="the index folder (default: index/)")
    s.add_argument("--seeds", metavar="DIR", help="the articles (default: seeds/)")
    s.add_argument(
        "--allow-upload",
        action="store_true",
        help="let the page add and delete articles (anyone who reaches it can)",
    )
    s.add_argument(
        "--mcp", action="store_true", help="also serve MCP tools for agents (requirements-mcp.txt)"
    )
    _store_flags(s)
    s.set_defaults(run=commands.run_serve)

    e = sub.add_parser("eval", help="measure retrieval on a SQuAD .json file or BEIR folder")
    e.add_argument("data", help="e.g. ../shared/eval/xquad/xquad_en_public.json")
    e.add_argument(
        "--variants",
        default="dense,hybrid",
        help="comma-separated: dense, bm25, hybrid, fused (hybrid without the word-by-word "
        "reranking), rrf (default dense,hybrid); all but fused rerank word by word",
    )
    e.add_argument("--chunk-tokens", type=int, help="passage size to build with")
    e.add_argument("--min-score", type=float, help="the abstention threshold to measure")
    e.add_argument("--lexical-weight", type=float, help="BM25's share in the hybrid variant")
    e.add_argument("--token-weight", type=float, help="word-by-word MaxSim's share")
    e.add_argument("--overlap", type=int, help="sentences shared by windows")
    e.add_argument(
        "--holdout",
        type=int,
        default=0,
        metavar="N",
        help="SQuAD only: leave every Nth article out of the index; its "
        "questions become unanswerable (SQuAD 2.0 style)",
    )
    e.add_argument(
        "--reference",
        action="store_true",
        help="BEIR only: also run the published dense setup (whole documents, "
        "truncated) as a sanity anchor",
    )
    _store_flags(e)
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.set_defaults(run=commands.run_eval)

    x = sub.add_parser(
        "export",
        help="export the bundled model to ONNX (needs torch; the query path then runs without it)",
    )
    x.add_argument(
        "--out", metavar="DIR", help="where (default: qa/encoders/models/all-MiniLM-L6-v2-int8)"
    )
    x.add_argument("--precision", choices=("int8", "fp32"), default="int8")
    x.set_defaults(run=commands.run_export)
    return p


def _store_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="WHERE",
        help="the index in Milvus instead of the folder: milvus:PATH.db (Milvus Lite) "
        "or http://HOST:19530 (a Milvus server); QA_STORE likewise",
    )
    p.add_argument("--collection", metavar="NAME", help="the Milvus collection (default qa)")
