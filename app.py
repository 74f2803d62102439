"""The chat in the browser: `python app.py [--host H] [--port P] [--index DIR]`.

Thin on purpose: it formats what `qa.answer` returns. Passage text is escaped, so an
article holding HTML or Markdown shows it as text and never runs it.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no telemetry, before import
os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # no gRPC keep-alive chatter (Milvus)

import argparse
import html
import logging
import re
import sys

import qa
from qa.config import Config

log = logging.getLogger("app")

EXAMPLES = [
    "How many soldiers did North Korea send to Russia?",
    "When did the defense pact come into force?",
    "What did Zelensky say about the North Korean soldiers?",
    "What is the capital of France?",
]
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[^\s/;,:]+/)*([^\s/;,:]*)")
# On 2 cores more parallel answers only queue for the CPU; the queue holds the rest.
CONCURRENCY, QUEUE_SIZE = 4, 512
# The chat takes no files, but Gradio accepts POSTs to /gradio_api/upload from anyone who
# can reach the page: refuse every byte (HTTP 413; Gradio deletes the partial file), and
# sweep what is still accepted (empty files) out of its cache every 10 minutes.
MAX_UPLOAD_BYTES, CACHE_SWEEP = 0, (600, 600)


def public(message: str) -> str:
    """An error for the page: absolute paths cut to their last part (no machine paths)."""
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1) or "/", message)


def escape(text: str) -> str:
    """Text → Markdown that displays exactly that text (HTML and Markdown inert)."""
    flat = " ".join(text.split())
    # quote=False: only & < > become entities, and those hold no Markdown character.
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def link(url: str) -> str:
    """A URL safe to link to (http or https, Markdown's brackets encoded), or ""."""
    if not re.match(r"https?://[^\s<>\"]+$", url or ""):
        return ""
    return url.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")


def _citation(hit: qa.Hit) -> str:
    if hit.title:  # the article says what it is: title (linked) · date · author · site
        title = f"[{escape(hit.title)}]({link(hit.url)})" if link(hit.url) else escape(hit.title)
        about = [escape(x) for x in (hit.published[:10], hit.author, hit.site) if x]
        where = " · ".join([f"**{title}**", *about]) + f" · paragraph {hit.paragraph}"
    else:
        where = f"{escape(hit.source)} · paragraph {hit.paragraph}"
        if hit.section:
            where += f" · section “{escape(hit.section)}”"
    if hit.also_in:
        where += " · also in " + ", ".join(escape(s) for s in hit.also_in)
    return where + f" · characters {hit.start}–{hit.end} · score {hit.score:.2f}"


def format_answer(reply: qa.Answer) -> str:
    parts = [f"*{escape(note)}*" for note in reply.notes]
    if not reply.hits:
        parts.append(escape(reply.message))
        if reply.weak_match:
            weak = reply.weak_match
            parts.append(
                "*Closest passage — a weak match, not an answer:*\n\n"
                f"{_citation(weak)}\n\n> {escape(weak.text)}"
            )
        return "\n\n".join(parts)
    for rank, hit in enumerate(reply.hits, 1):
        a = (hit.answer_start or hit.start) - hit.start
        b = (hit.answer_end or hit.start) - hit.start
        before, sentence, after = hit.text[:a], hit.text[a:b], hit.text[b:]
        body = (
            escape(before) + (" **" + escape(sentence) + "** " if sentence else "") + escape(after)
        )
        parts.append(f"**{rank}.** {_citation(hit)}\n\n> {body.strip()}")
    return "\n\n".join(parts)


def make_responder(config: Config):
    index = qa.Index.at(None, config)  # loaded by ensure_index; reloads itself

    def chat(message: str, history: list) -> str:
        try:
            return format_answer(index.answer(message, history or ()))
        except qa.QAError as e:  # bad input or a broken index: one line, keep serving
            return f"⚠️ {escape(public(str(e)))}"
        except Exception:  # never a traceback in the page
            log.exception("answering failed")
            return "⚠️ Something went wrong while answering; the details are in the server log."

    return chat


def ensure_index(config: Config) -> None:
    """Verify the index fully (sha256 of every file) at start; build it when it is
    missing, damaged or stale, and say so. Waits for a build already running.

    A Milvus store (config.store) is shared by several app processes: it is only
    checked here, and built by the operator (python -m qa build --store ...)."""
    if config.store:
        qa.verify_index(config=config)
        qa.Index.open(None, config).warm()
        return
    try:
        qa.verify_index(config.index_dir, config=config)
        index = qa.Index.open(config.index_dir, config)
    except (qa.IndexMissingError, qa.IndexStaleError, qa.IndexCorruptError) as e:
        print(f"{e}\nbuilding the index now…", file=sys.stderr)
        index = qa.Index.build(config.seeds_dir, config.index_dir, config, wait=True)
        summary = index.last_build
        print(
            f"indexed {summary.files} files, {summary.passages} passages in "
            f"{summary.seconds:.1f} s",
            file=sys.stderr,
        )
    index.warm()  # load the model now, not on the first visitor's question


def build_ui(config: Config):
    import gradio as gr

    return gr.ChatInterface(
        make_responder(config),
        title="Ask the article",
        description="Answers come only from the articles in the seeds folder, with their "
        "source. If the articles do not cover a question, you are told so.",
        examples=EXAMPLES,
        api_name="chat",
        analytics_enabled=False,
        concurrency_limit=CONCURRENCY,
        fill_height=True,
        delete_cache=CACHE_SWEEP,
    ).queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)


def host_warning(host: str) -> str:
    """Loopback is the default; anything else is said out loud."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ""
    return (
        f"warning: listening on {host}: anyone who can reach this machine can use the "
        "chat (there is no login); use --host 127.0.0.1 to keep it local"
    )


def serve(config: Config) -> int:
    ensure_index(config)
    warning = host_warning(config.host)
    if warning:
        print(warning, file=sys.stderr)
    demo = build_ui(config)
    print(f"ready: http://{config.host}:{config.port}", file=sys.stderr, flush=True)
    demo.launch(
        server_name=config.host,
        server_port=config.port,
        share=False,
        show_error=False,
        quiet=True,
        max_file_size=MAX_UPLOAD_BYTES,
    )
    return 0


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
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    for noisy in ("faiss", "bm25s", "sentence_transformers", "transformers", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        config = Config.from_env(
            host=args.host,
            port=args.port,
            index_dir=args.index,
            seeds_dir=args.seeds,
            store=args.store,
            collection=args.collection,
        )
        return serve(config)
    except qa.QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
