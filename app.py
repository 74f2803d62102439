"""The page in the browser: `python app.py [--host H] [--port P] [--index DIR] [--allow-upload]`.

Thin on purpose: it formats what `qa.Index` returns; the logic lives in qa/. The page holds
the chat (optionally limited to articles published between two dates), the sources of the
last answer, which open the whole article with the passage and its answering sentence
marked, and the list of articles; with --allow-upload, articles can be added and deleted
there too. With --mcp the same server speaks MCP at /gradio_api/mcp/ (tools `retrieve`,
`answer`).

Article text is escaped everywhere, so an article holding HTML or Markdown shows it as
text and never runs it.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no telemetry, before import
os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # no gRPC keep-alive chatter (Milvus)

import argparse
import html
import importlib.abc
import importlib.util
import json
import logging
import re
import sys
import warnings
from pathlib import Path

import qa
from qa import Config

log = logging.getLogger("app")

EXAMPLES = [
    "How many soldiers did North Korea send to Russia?",
    "When did the defense pact come into force?",
    "What did Zelensky say about the North Korean soldiers?",
    "What is the capital of France?",
]
# ":" too: an escaped URL would still be auto-linked by Markdown, backslashes and all
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:])")
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[^\s/;,:]+/)*([^\s/;,:]*)")
# On 2 cores more parallel answers only queue for the CPU; the queue holds the rest.
CONCURRENCY, QUEUE_SIZE = 4, 512
# Without --allow-upload the page takes no files, but Gradio accepts POSTs to
# /gradio_api/upload from anyone who can reach the page: refuse every byte (HTTP 413;
# Gradio deletes the partial file), and sweep what is still accepted (empty files) out of
# its cache every 10 minutes. With it, uploads are limited to max_file_mb.
MAX_UPLOAD_BYTES, CACHE_SWEEP = 0, (600, 600)
UPLOAD_TYPES = [".txt", ".md", ".html", ".htm"]
# An agent asking for more passages than this gets this many: each costs a record read.
MAX_TOOL_K = 50
CSS = """
#viewer .qa-text { white-space: pre-wrap; line-height: 1.55; }
#viewer mark.passage { background: #fff1a8; color: #111; padding: 0 1px; }
#viewer mark.answer { background: #ffc533; color: #111; font-weight: 600; }
#viewer .qa-meta, #viewer .qa-note { opacity: 0.8; font-size: 0.92em; }
"""
# After a source opens: bring the answering sentence (else the passage) into view.
SCROLL_TO_MARK = """() => {
  const mark = document.querySelector('#viewer mark.answer, #viewer mark.passage');
  if (mark) mark.scrollIntoView({block: 'nearest'});
}"""
VIEWER_HINT = (
    "<p class='qa-note'>Choose a source of the last answer, or an article, to read it here.</p>"
)


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
    parts = [f"*{escape(public(note))}*" for note in reply.notes]
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


def reply(index: qa.Index, message: str, history, since: str = "", until: str = ""):
    """The chat's answer as Markdown, and its sources (hits as JSON) for the viewer."""
    try:
        answer = index.answer(message, history or (), since=since, until=until)  # "": no bound
    except qa.QAError as e:  # bad input or a broken index: one line, keep serving
        return f"⚠️ {escape(public(str(e)))}", []
    except Exception:  # never a traceback in the page
        log.exception("answering failed")
        return "⚠️ Something went wrong while answering; the details are in the server log.", []
    shaped = answer.to_json()
    weak = [{**shaped["weak_match"], "weak": True}] if shaped["weak_match"] else []
    return format_answer(answer), shaped["hits"] or weak


def source_choices(sources: list[dict]) -> list[tuple[str, int]]:
    """The sources radio: "1. Title · 2024-09-16, paragraph 3", by position in the answer."""
    if sources and sources[0].get("weak"):  # a near-topic refusal's closest passage
        return [(f"Closest passage (not an answer): {sources[0]['citation']}", 0)]
    return [(f"{rank}. {s['citation']}", rank - 1) for rank, s in enumerate(sources, 1)]


def citation_text(source: dict) -> str:
    """What "copy" puts on the clipboard: the citation, the exact span, the link."""
    text = f"{source['citation']}, characters {source['start']}–{source['end']}"
    return f"{text}, {source['url']}" if source.get("url") else text


def article_line(article: qa.Article) -> str:
    """An article in the list: its title (else its file), date and passages."""
    parts = [article.title or article.source, article.published[:10]]
    parts.append(f"{article.passages} passage{'s' if article.passages != 1 else ''}")
    return " · ".join(p for p in parts if p)


def article_citation(article: qa.Article) -> str:
    """What "copy" puts on the clipboard for a whole article."""
    about = " · ".join(
        x for x in (article.title, article.published[:10], article.author, article.site) if x
    )
    where = f"{about} ({article.source})" if about else article.source
    return f"{where}, {article.url}" if article.url else where


def article_html(article: qa.Article, source: dict | None = None) -> str:
    """The whole article as escaped HTML; with a source, its passage marked, and inside
    it the answering sentence marked more strongly, at their exact offsets."""
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    title = e(article.title or article.source)
    url = link(article.url)
    if url:
        title = f'<a href="{e(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    meta = [article.published[:10], article.author, article.site]
    meta += [article.source] if article.title else []  # else the heading names the file
    head = f"<h3>{title}</h3><p class='qa-meta'>{e(' · '.join(m for m in meta if m))}</p>"
    text = article.text
    lead = len(text) - len(text.lstrip())  # blanked front matter, leading blank lines
    note = ""
    if source is None:
        body = e(text[lead:])
    elif text[source["start"] : source["end"]] != source["text"]:
        note = "<p class='qa-note'>The article has changed since this answer: the passage "
        note += "is no longer at its place, so nothing is marked.</p>"
        body = e(text[lead:])
    else:
        s, t = source["start"], source["end"]
        a = source.get("answer_start")
        b = source.get("answer_end")
        a, b = (s, s) if a is None or b is None else (max(s, a), min(t, b))
        sentence = f'<mark class="answer">{e(text[a:b])}</mark>' if b > a else ""
        body = (
            e(text[min(lead, s) : s])
            + f'<mark class="passage">{e(text[s:a])}{sentence}{e(text[b:t])}</mark>'
            + e(text[t:])
        )
    return f"<article>{head}{note}<div class='qa-text'>{body}</div></article>"


def viewer_error(message: str) -> str:
    return f"<p class='qa-note'>⚠️ {html.escape(public(message))}</p>"


def make_tools(index: qa.Index):
    """The MCP tools (and API endpoints /retrieve, /answer): their names, type hints and
    docstrings are the schema agents see. They return JSON text."""
    gr = import_gradio()

    def run(ask):
        try:
            return json.dumps(ask(), ensure_ascii=False)
        except qa.QAError as e:  # the agent sees one line it can act on
            raise gr.Error(public(str(e))) from None
        except Exception:
            log.exception("tool failed")
            raise gr.Error("something went wrong; the details are in the server log") from None

    def retrieve(question: str, k: int = 3, since: str = "", until: str = "") -> str:
        """Search the news articles: the k best-ranked passages for a question, best first,
        whether or not they answer it (use `answer` to know if the articles cover it).

        Args:
            question: what to look for, in plain English.
            k: how many passages (1 to 50).
            since: only articles published on or after this day, YYYY-MM-DD ("" for no bound; undated articles are then left out).
            until: only articles published on or before this day, YYYY-MM-DD ("" for no bound).

        Returns:
            JSON {"question", "hits": [...]}: each hit holds the passage's verbatim `text`, `start`/`end` (character offsets into its article), the answering sentence `answer_text` with `answer_start`/`answer_end`, and the citation: source, title, published, author, site, url, paragraph, section, score.
        """

        def hits():
            try:
                n = max(1, min(int(k), MAX_TOOL_K))
            except (TypeError, ValueError, OverflowError):
                raise qa.QuestionError(f"k must be a whole number from 1 to {MAX_TOOL_K}") from None
            found = index.retrieve(question, n, since=since, until=until)  # "": no bound
            return {"question": question, "hits": [h.to_json() for h in found]}

        return run(hits)

    def answer(question: str, since: str = "", until: str = "") -> str:
        """Answer a question from the news articles, with verbatim cited passages, or say
        that the articles do not cover it (`covered` false: do not answer from them then).

        Args:
            question: the question, in plain English.
            since: only articles published on or after this day, YYYY-MM-DD ("" for no bound; undated articles are then left out).
            until: only articles published on or before this day, YYYY-MM-DD ("" for no bound).

        Returns:
            JSON {"question", "covered", "message", "notes", "missing", "hits", "weak_match"}: each hit holds the passage's verbatim `text`, `start`/`end` (character offsets into its article), the answering sentence `answer_text` with `answer_start`/`answer_end`, a `citation` line and its parts: source, title, published, author, site, url, paragraph, section, score.
        """

        def reply_json():
            out = index.answer(question, since=since, until=until).to_json()
            out["notes"] = [public(n) for n in out["notes"]]  # no machine paths
            out["message"] = public(out["message"])
            return out

        return run(reply_json)

    return retrieve, answer


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


class NoStubWriting(importlib.abc.MetaPathFinder):
    """Loads gradio.component_meta with its stub writer turned off.

    Gradio 6 rewrites the .pyi type stubs in its own site-packages folder at every import:
    for each of its ~80 component classes it reads and ast-parses the class's source file
    (component_meta.create_or_modify_pyi). That is ~1.2 s of the ~2.6 s `import gradio`
    on these 2-core machines, for files only editors read. The module can only be reached
    while the package imports (gradio/__init__ imports everything), hence a finder that
    swaps the function for a no-op right after the module runs.
    tests/test_app.py checks that Gradio still calls it, and that the swap took."""

    def find_spec(self, name, path, target=None):
        if name != "gradio.component_meta":
            return None
        sys.meta_path.remove(self)  # once: the next lookup finds the real spec
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            module.create_or_modify_pyi = no_stubs

        spec.loader.exec_module = exec_module
        return spec


def no_stubs(*_args, **_kwargs) -> None:
    """What Gradio's stub writer does here: nothing."""


def import_gradio():
    """`import gradio`, without its stub writing (see NoStubWriting)."""
    if "gradio" not in sys.modules:  # else too late: the classes, and their stubs, exist
        sys.meta_path.insert(0, NoStubWriting())
    import gradio

    return gradio


def build_ui(config: Config, allow_upload: bool = False):
    gr = import_gradio()

    index = qa.Index.at(None, config)  # loaded by ensure_index; reloads itself
    rebuilder = qa.Rebuilder(config) if allow_upload else None
    private = {"api_visibility": "private"}  # page plumbing: no API endpoint, no MCP tool

    def chat(message: str, history: list, since: str = "", until: str = ""):
        return reply(index, message, history, since, until)

    # /chat stays a public endpoint (gradio_client users call it), but it is no MCP tool:
    # agents get `answer`, which returns JSON rather than Markdown. Gradio lists every
    # public endpoint as a tool except those marked as another MCP kind (gradio/mcp.py,
    # list_tools); it then warns about the chat's State, the page's conversation.
    chat._mcp_type = "page"
    warnings.filterwarnings("ignore", message="This MCP server includes a tool that has a gr.State")

    def list_articles():
        try:
            found = index.articles()
        except qa.QAError:
            found = []
        choices = [(article_line(a), a.source) for a in found]
        radio = gr.Radio(
            choices=choices, value=None, label=f"Articles ({len(found)}), newest first"
        )
        return [radio, gr.Dropdown(choices=choices, value=None)] if allow_upload else radio

    def show_sources(sources: list[dict]):
        return gr.Radio(choices=source_choices(sources), value=None)

    def open_source(choice, sources: list[dict]):
        if choice is None or not 0 <= int(choice) < len(sources):
            return gr.skip(), gr.skip()
        source = sources[int(choice)]
        try:
            article = index.article(source["source"])
        except qa.QAError as e:
            return viewer_error(str(e)), citation_text(source)
        return article_html(article, source), citation_text(source)

    def open_article(name):
        if not name:
            return gr.skip(), gr.skip()
        try:
            article = index.article(name)
        except qa.QAError as e:
            return viewer_error(str(e)), ""
        return article_html(article), article_citation(article)

    with gr.Blocks(
        title="Ask the article",
        analytics_enabled=False,
        fill_height=True,
        delete_cache=CACHE_SWEEP,
    ) as demo:
        sources = gr.State([])  # the last answer's hits, as JSON; kept on the server
        with gr.Sidebar(label="Articles", open=True, width=360):
            articles = gr.Radio(label="Articles", choices=[], elem_id="articles")
            if allow_upload:
                with gr.Accordion("Add or delete articles", open=True):
                    upload = gr.File(
                        label=f"Add an article ({', '.join(UPLOAD_TYPES)}; "
                        f"up to {config.max_file_mb:g} MB)",
                        file_types=UPLOAD_TYPES,
                        file_count="single",
                        elem_id="upload",
                    )
                    doomed = gr.Dropdown(label="Delete an article", choices=[], elem_id="delete")
                    delete = gr.Button("Delete the chosen article", variant="stop", size="sm")
                    status = gr.Markdown(elem_id="build-status")
                    timer = gr.Timer(1.0, active=False)
        gr.Markdown(
            "# Ask the article\n"
            "Answers come only from the articles in the seeds folder, with their source. "
            "If the articles do not cover a question, you are told so."
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                since = gr.Textbox(
                    "",
                    label="Published since",
                    placeholder="YYYY-MM-DD",
                    elem_id="since",
                    render=False,
                )
                until = gr.Textbox(
                    "",
                    label="Published until",
                    placeholder="YYYY-MM-DD",
                    elem_id="until",
                    render=False,
                )
                gr.ChatInterface(
                    chat,
                    # no LaTeX: article text ("$$…$$") must not be typeset
                    chatbot=gr.Chatbot(label="Answers", height=560, latex_delimiters=[]),
                    textbox=gr.Textbox(
                        placeholder="Ask a question about the articles…",
                        elem_id="question",
                        show_label=False,
                        autofocus=True,
                        submit_btn=True,
                        stop_btn=True,
                    ),
                    examples=[[q] for q in EXAMPLES],  # lists: the chat has extra inputs
                    additional_inputs=[since, until],
                    additional_inputs_accordion=gr.Accordion(
                        "Only articles published between… (optional)", open=False, render=False
                    ),
                    additional_outputs=[sources],
                    api_name="chat",
                    concurrency_limit=CONCURRENCY,
                    fill_height=True,
                )
            with gr.Column(scale=2):
                picked = gr.Radio(
                    label="Sources of the last answer: open one", choices=[], elem_id="sources"
                )
                citation = gr.Textbox(
                    label="Citation", interactive=False, buttons=["copy"], elem_id="citation"
                )
                viewer = gr.HTML(
                    VIEWER_HINT,
                    elem_id="viewer",
                    js_on_load=None,
                    max_height=640,
                    container=True,
                    padding=True,
                )
        listed = [articles, doomed] if allow_upload else [articles]
        demo.load(list_articles, None, listed, **private)
        sources.change(show_sources, sources, picked, queue=False, **private)
        picked.input(open_source, [picked, sources], [viewer, citation], **private).then(
            None, js=SCROLL_TO_MARK, **private
        )
        articles.input(open_article, articles, [viewer, citation], **private)
        if allow_upload:
            # each change starts a rebuild behind the running index; the timer shows its
            # progress, then refreshes the article lists
            def add(path):
                if not path:
                    return gr.skip(), gr.skip(), gr.skip()
                try:
                    name = rebuilder.add(Path(path), Path(path).name)
                except qa.QAError as e:
                    return f"⚠️ {escape(public(str(e)))}", gr.skip(), None
                except Exception:  # never a traceback in the page
                    log.exception("adding an upload failed")
                    return "⚠️ The file could not be added; see the server log.", gr.skip(), None
                finally:
                    Path(path).unlink(missing_ok=True)  # Gradio's copy: the seeds have it
                return f"Added {escape(name)}.", gr.Timer(active=True), None

            def remove(name):
                if not name:
                    return "Choose the article to delete first.", gr.skip()
                try:
                    rebuilder.remove(name)
                except qa.QAError as e:
                    return f"⚠️ {escape(public(str(e)))}", gr.skip()
                return f"Deleted {escape(name)}.", gr.Timer(active=True)

            def tick():
                now = rebuilder.status()
                if now.running:
                    return escape(public(now.message)), gr.skip(), gr.skip(), gr.skip()
                return escape(public(now.message)), gr.Timer(active=False), *list_articles()

            upload.upload(add, upload, [status, timer, upload], concurrency_limit=1, **private)
            delete.click(remove, doomed, [status, timer], concurrency_limit=1, **private)
            timer.tick(tick, None, [status, timer, *listed], show_progress="hidden", **private)
        retrieve, answer = make_tools(index)
        gr.api(retrieve, api_name="retrieve", concurrency_limit=CONCURRENCY)
        gr.api(answer, api_name="answer", concurrency_limit=CONCURRENCY)
    return demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)


def host_warning(host: str) -> str:
    """Loopback is the default; anything else is said out loud."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ""
    return (
        f"warning: listening on {host}: anyone who can reach this machine can use the "
        "chat (there is no login); use --host 127.0.0.1 to keep it local"
    )


def serve(config: Config, allow_upload: bool = False, mcp: bool = False) -> int:
    if allow_upload and config.store:  # a shared store is built by its operator only
        raise qa.ConfigError(
            "--allow-upload needs the index folder: a Milvus store is built with "
            "python -m qa build --store ..."
        )
    ensure_index(config)
    warning = host_warning(config.host)
    if warning:
        print(warning, file=sys.stderr)
    if allow_upload:
        print(
            "uploads are on: anyone who can reach the page can add and delete articles",
            file=sys.stderr,
        )
    # MCP is opt-in: with the `mcp` package installed, every Gradio import loads it too
    # (~0.4 s more to the port opening, README "Performance"), and it is one more door.
    if mcp and importlib.util.find_spec("mcp") is None:
        raise qa.ConfigError("--mcp needs the mcp package: pip install -r requirements-mcp.txt")
    demo = build_ui(config, allow_upload)
    print(f"ready: http://{config.host}:{config.port}", file=sys.stderr, flush=True)
    demo.launch(
        server_name=config.host,
        server_port=config.port,
        share=False,
        show_error=False,
        quiet=True,
        max_file_size=int(config.max_file_mb * 2**20) if allow_upload else MAX_UPLOAD_BYTES,
        mcp_server=mcp,
        css=CSS,
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
        config = Config.from_env(
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
