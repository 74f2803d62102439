"""The chat in the browser: `python app.py [--host H] [--port P] [--index DIR]
[--seeds DIR] [--allow-upload] [--mcp]` (or `qa serve`).

This file only parses the page's flags into a Config and starts the page; the page is
the qa_web package (so that `pip install` ships it), its formatting qa/page.py, and
every decision qa's. With --mcp the same server speaks MCP at /gradio_api/mcp/ (tools
`retrieve`, `answer`).
"""

from __future__ import annotations

import argparse
import logging
import sys

import qa
from qa_web.server import serve


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Ask the article: the chat in your browser.")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1, QA_HOST)")
    p.add_argument("--port", type=int, help="port (default 7860, QA_PORT)")
    p.add_argument("--index", metavar="DIR", help="index folder (default index/, QA_INDEX_DIR)")
    p.add_argument("--seeds", metavar="DIR", help="articles (default seeds/, QA_SEEDS_DIR)")
    p.add_argument(
        "--store",
        metavar="WHERE",
        help="serve an index in Milvus: milvus:PATH.db or http://HOST:19530 (QA_STORE)",
    )
    p.add_argument("--collection", metavar="NAME", help="the Milvus collection (default qa)")
    p.add_argument(
        "--allow-upload",
        action="store_true",
        help="let the page add (.txt, .md, .html, .htm up to QA_MAX_FILE_MB) and delete "
        "articles; anyone who reaches the page can (no login)",
    )
    p.add_argument(
        "--mcp",
        action="store_true",
        help="also serve the tools retrieve and answer to agents over MCP at /gradio_api/mcp/ "
        "(needs requirements-mcp.txt)",
    )
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    for noisy in ("faiss", "bm25s", "sentence_transformers", "transformers", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        config = qa.Config.from_env(
            host=args.host,
            port=args.port,
            index_dir=args.index,
            seeds_dir=args.seeds,
            store=args.store,
            collection=args.collection,
        )
        return serve(config, args.allow_upload, args.mcp)
    except qa.QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
