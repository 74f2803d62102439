"""The page in the browser: `python app.py [--host H] [--port P] [--index DIR] [--allow-upload]`.

Thin on purpose: it lays out the page and wires its events; what a reply, a source or an
article looks like is qa/page.py, and the logic lives in qa/. The page holds the chat
(optionally limited to articles published between two dates), whose replies lead with
the answer and list their sources as cards; beside it the sources of the last answer and
the list of articles, and a viewer that opens the whole article with the passage and its
answering sentence marked. With --allow-upload, articles can be added and deleted there
too. With --mcp the same server speaks MCP at /gradio_api/mcp/ (tools `retrieve`,
`answer`).

Article text and questions are escaped everywhere, so HTML or Markdown in them shows as
text and never runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no telemetry, before import
os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # no gRPC keep-alive chatter (Milvus)

import argparse
import importlib.abc
import importlib.util
import json
import logging
import sys
import warnings
from pathlib import Path

import qa
from qa import Config
from qa.page import (
    VIEWER_HINT,
    answer_html,
    article_citation,
    article_html,
    article_line,
    citation_text,
    markdown_text,
    plural,
    public,
    question_markdown,
    source_choices,
    viewer_error,
)

log = logging.getLogger("app")

# Three questions the seed article answers, and one it does not (README, Quick start).
EXAMPLES = [
    "How many soldiers did North Korea send to Russia?",
    "When did the defense pact come into force?",
    "What did Zelensky say about the North Korean soldiers?",
    "What is the capital of France?",
]
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
#chat .qa-reply { font-size: var(--text-md); }
#chat .qa-reply p { margin: 0.2em 0; font-size: inherit; }
#chat .qa-lead { font-weight: 600; line-height: 1.45; }
#chat .qa-by { opacity: 0.8; font-size: 0.9em; }
#chat .qa-note, #chat .qa-refusal { font-size: 0.95em; }
#chat .qa-note { opacity: 0.85; font-style: italic; }
#chat .qa-sources-head { margin-top: 0.8em !important; font-size: 0.8em; font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.04em; opacity: 0.7; }
#chat .qa-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.45em 0.7em; margin: 0.45em 0; font-size: 0.93em; }
#chat .qa-card-head { font-weight: 600; font-size: 0.97em !important; }
#chat .qa-rank { display: inline-block; min-width: 1.4em; opacity: 0.7; }
#chat mark.qa-sentence { background: #fff1a8; color: #111; padding: 0 1px; }
#chat .qa-card-foot, #chat .qa-details { font-size: 0.86em; }
#chat .qa-details { opacity: 0.75; }
#chat .qa-details summary { cursor: pointer; }
#viewer .qa-text { white-space: pre-wrap; line-height: 1.55; }
#viewer mark.passage { background: #fff1a8; color: #111; padding: 0 1px; }
#viewer mark.answer { background: #ffc533; color: #111; font-weight: 600; }
#viewer .qa-meta, #viewer .qa-note { opacity: 0.8; font-size: 0.92em; }
#viewer .qa-file { opacity: 0.6; font-size: 0.8em; }
"""
# In the page's <head>: a reply's "Open in the article" opens that source in the viewer
# (it clicks the source in the list beside the chat), and after each question and reply
# the chat is scrolled to put the newest question at its top, never past it: the answer
# is read first, the sources after.
HEAD = """<script>
(() => {
  const SOURCE = "#qa-source-";
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest('#chat a[href^="' + SOURCE + '"]');
    if (!a) return;
    event.preventDefault();
    const rank = a.getAttribute("href").slice(SOURCE.length);
    const input = document.querySelector('#sources input[value="' + rank + '"]');
    if (input) { input.click(); }
    const viewer = document.querySelector("#viewer");
    if (viewer) { viewer.scrollIntoView({block: "nearest"}); }
  }, true);
  window.qaShowQuestion = () => {
    const rows = document.querySelectorAll("#chat .message-row.user-row");
    const last = rows[rows.length - 1];
    if (!last) return;
    let box = last.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (box && box !== document.body) {
      box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    }
    const top = last.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 120) last.scrollIntoView({block: "start"});
  };
  // An upload Gradio refuses in the browser (too large) leaves the box on a red "Error"
  // under its message: clear it, so the next file can be dropped at once.
  const watchUploads = () => {
    const STATUS = '#upload [data-testid="status-tracker"]';
    new MutationObserver(() => {
      const error = document.querySelector(STATUS + " .error");
      if (!error || error.dataset.qaSeen) return;
      error.dataset.qaSeen = "1";
      setTimeout(() => {
        const clear = document.querySelector(STATUS + " .clear-status button");
        if (clear) clear.click();
      }, 1500);
    }).observe(document.body, {subtree: true, childList: true});
  };
  // Gradio may add this <head> after the document has loaded
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchUploads);
  else watchUploads();
})();
</script>"""
SHOW_QUESTION = "() => { setTimeout(() => window.qaShowQuestion && window.qaShowQuestion(), 60); }"
# On a narrow screen the viewer is under the chat: bring the opened article into view.
SCROLL_TO_MARK = """() => {
  const mark = document.querySelector('#viewer mark.answer, #viewer mark.passage');
  if (mark) mark.scrollIntoView({block: 'nearest'});
}"""
PENDING = "<p class='qa-note'>Looking in the articles…</p>"


# The largest request body the page takes on any route but uploads: a question, its
# dates and Gradio's envelope fit in a few kilobytes (the chat's history stays on the
# server). A larger body is refused with HTTP 413 before it is read whole.
MAX_REQUEST_BYTES = 64 * 1024
# multipart headers and boundaries around an uploaded file
UPLOAD_OVERHEAD = 64 * 1024


class BodyLimit:
    """ASGI middleware: every request body within a limit, else HTTP 413 — by its
    Content-Length before anything is read, or by counting as it arrives (a chunked
    body that says nothing). Uploads get the upload limit, every other route the small
    one."""

    def __init__(self, app, limit: int, upload_limit: int):
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.upload_limit if scope["path"].endswith("/upload") else self.limit
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _too_large(send, limit)
        seen, started = 0, False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    return {"type": "http.disconnect"}  # the app stops reading
            return message

        async def watched(message):
            nonlocal started
            if seen > limit:
                return  # the 413 below answers instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, watched)
        if seen > limit and not started:
            await _too_large(send, limit)


async def _too_large(send, limit: int) -> None:
    body = f"request body over {limit:,} bytes".encode()
    headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def reply(index: qa.Index, message: str, history, since: str = "", until: str = ""):
    """The chat's answer as HTML (qa.page), and its sources (hits as JSON) for the viewer."""
    try:
        answer = index.answer(message, history or (), since=since, until=until)  # "": no bound
    except qa.QAError as e:  # bad input or a broken index: one line, keep serving
        return f"⚠️ {markdown_text(public(str(e)))}", []
    except Exception:  # never a traceback in the page
        log.exception("answering failed")
        return "⚠️ Something went wrong while answering; the details are in the server log.", []
    shaped = answer.to_json()
    weak = [{**shaped["weak_match"], "weak": True}] if shaped["weak_match"] else []
    return answer_html(answer), shaped["hits"] or weak


def turn(question: str) -> list[dict]:
    """A finished turn, as the history qa.answer reads (the question as asked)."""
    return [{"role": "user", "content": question}, {"role": "assistant", "content": "…"}]


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
                n = int(k)
            except (TypeError, ValueError, OverflowError):
                n = 0
            if not 1 <= n <= MAX_TOOL_K or n != k:
                raise qa.QuestionError(
                    f"k must be a whole number from 1 to {MAX_TOOL_K}, not {k!r}"
                )
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


def ensure_index(config: Config, rebuilder=None) -> None:
    """Verify the index fully (sha256 of every file) at start, against the seeds folder
    the app serves (--seeds), and say what is wrong.

    - Missing, damaged, or made by another model, encoder or chunking: built now (the
      page cannot answer from it), waiting for a build already running.
    - Only its seed files changed (an article added, or saved while the app was down):
      the page opens on it at once and it is rebuilt in the background (`rebuilder`), as
      when an article is uploaded; a rebuild that cannot run (a read-only folder) leaves
      it answering from the old index, and says so.

    A Milvus store (config.store) is shared by several app processes: it is only
    checked here, and built by the operator (python -m qa build --store ...)."""
    if config.store:
        qa.verify_index(config=config)
        qa.Index.open(None, config).warm()
        return
    index = qa.Index.at(config.index_dir, config, seeds_dir=config.seeds_dir)
    try:
        stale = index.verify().stale
        qa.Index.open(config.index_dir, config, seeds_dir=config.seeds_dir, stale_ok=True)
    except (qa.IndexMissingError, qa.IndexStaleError, qa.IndexCorruptError) as e:
        print(f"{e}\nbuilding the index now…", file=sys.stderr)
        index = qa.Index.build(config.seeds_dir, config.index_dir, config, wait=True)
        summary = index.last_build
        print(
            f"indexed {plural(summary.files, 'file')}, {plural(summary.passages, 'passage')} "
            f"in {summary.seconds:.1f} s",
            file=sys.stderr,
        )
    else:
        if stale:
            print(
                f"the index is out of date ({stale}): answering from it while it is "
                "rebuilt in the background",
                file=sys.stderr,
            )
            (rebuilder or qa.Rebuilder(config)).start()
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


def forget_upload(path: Path) -> None:
    """Gradio keeps each upload in a folder of its own in its cache: remove both."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()  # only when empty
    except OSError:
        pass


def upload_bytes(config: Config) -> int:
    """The largest article the page takes: what this machine indexes in reasonable time
    (max_upload_mb; docs/robustness.md), and never more than the seeds folder allows."""
    return int(min(config.max_upload_mb, config.max_file_mb) * 2**20)


def build_ui(config: Config, allow_upload: bool = False, rebuilder=None):
    gr = import_gradio()

    index = qa.Index.at(None, config)  # loaded by ensure_index; reloads itself
    if allow_upload and rebuilder is None:
        rebuilder = qa.Rebuilder(config)
    private = {"api_visibility": "private"}  # page plumbing: no API endpoint, no MCP tool

    def chat(message: str, history: list, since: str = "", until: str = ""):
        """/chat: the reply as the page shows it (HTML since issue 18; for data, /answer
        gives JSON). The conversation is kept on the server for the client's session."""
        text, hits = reply(index, message, history, since, until)
        return text, [*history, *turn(message)], hits

    # /chat stays a public endpoint (gradio_client users call it), but it is no MCP tool:
    # agents get `answer`, which returns JSON rather than HTML. Gradio lists every public
    # endpoint as a tool except those marked as another MCP kind (gradio/mcp.py,
    # list_tools); it then warns about the chat's State, the page's conversation.
    chat._mcp_type = "page"
    warnings.filterwarnings("ignore", message="This MCP server includes a tool that has a gr.State")

    def take(message, shown: list):
        """The question appears in the chat at once, as typed (escaped); an empty one
        adds nothing. `shown` is the chat as displayed, kept on the server: the browser
        never sends the conversation back (requests stay small: BodyLimit)."""
        if not isinstance(message, str) or not message.strip():
            return gr.skip(), gr.skip(), gr.skip(), ""
        bubble = {"role": "user", "content": question_markdown(message)}
        shown = [*shown, bubble, {"role": "assistant", "content": PENDING}]
        return "", shown, shown, message

    def respond(message, history: list, since, until, shown: list):
        if not message:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        text, history, hits = chat(message, history, since, until)
        shown = [*shown[:-1], {"role": "assistant", "content": text}]
        return shown, shown, history, hits

    def article_choices() -> list[tuple[str, str]]:
        """(line, source) of every article, newest first."""
        try:
            return [(article_line(a), a.source) for a in index.articles()]
        except qa.QAError:
            return []

    def list_articles():
        choices = article_choices()
        radio = gr.Radio(
            choices=choices, value=None, label=f"{plural(len(choices), 'article')}, newest first"
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
        title="Ask the article", analytics_enabled=False, delete_cache=CACHE_SWEEP
    ) as demo:
        history = gr.State([])  # the conversation, as qa.answer reads it; on the server
        sources = gr.State([])  # the last answer's hits, as JSON
        asked = gr.State("")  # the question being answered
        shown = gr.State([])  # the chat as displayed
        gr.Markdown(
            "# Ask the article\n"
            "Answers come only from the articles listed here, each with its source. "
            "If they do not cover a question, you are told so."
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                chatbot = gr.Chatbot(
                    label="Answers",
                    elem_id="chat",
                    height=560,
                    autoscroll=False,  # the page scrolls to the question (HEAD), not past it
                    latex_delimiters=[],  # article text ("$$…$$") is never typeset
                    buttons=["copy"],
                    layout="panel",  # replies as wide as the chat: on a phone too
                )
                question = gr.Textbox(
                    placeholder="Ask a question about the articles…",
                    elem_id="question",
                    show_label=False,
                    autofocus=True,
                    submit_btn=True,
                    lines=1,
                )
                with gr.Row(elem_id="examples"):
                    tries = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                with gr.Accordion("Only articles published between… (optional)", open=False):
                    with gr.Row():
                        since = gr.Textbox(
                            "", label="Published since", placeholder="YYYY-MM-DD", elem_id="since"
                        )
                        until = gr.Textbox(
                            "", label="Published until", placeholder="YYYY-MM-DD", elem_id="until"
                        )
            with gr.Column(scale=2, min_width=340):
                with gr.Tabs():
                    with gr.Tab("Sources", id="sources-tab"):
                        picked = gr.Radio(
                            label="Sources of the last answer: open one",
                            choices=[],
                            elem_id="sources",
                        )
                    with gr.Tab("Articles", id="articles-tab"):
                        articles = gr.Radio(label="Articles", choices=[], elem_id="articles")
                        if allow_upload:
                            upload = gr.File(
                                label=f"Add an article ({', '.join(UPLOAD_TYPES)}; "
                                f"up to {upload_bytes(config) / 2**20:g} MB)",
                                file_types=UPLOAD_TYPES,
                                file_count="single",
                                elem_id="upload",
                            )
                            doomed = gr.Dropdown(
                                label="Delete an article", choices=[], elem_id="delete"
                            )
                            delete = gr.Button("Delete…", size="sm", elem_id="delete-button")
                            with gr.Group(visible=False, elem_id="confirm-delete") as confirm:
                                asking = gr.Markdown()
                                with gr.Row():
                                    really = gr.Button("Yes, delete it", variant="stop", size="sm")
                                    keep = gr.Button("Cancel", size="sm")
                            status = gr.Markdown(elem_id="build-status")
                            timer = gr.Timer(1.0, active=False)
                citation = gr.Textbox(
                    label="Citation", interactive=False, buttons=["copy"], elem_id="citation"
                )
                viewer = gr.HTML(
                    VIEWER_HINT, elem_id="viewer", max_height=640, container=True, padding=True
                )

        def ask(event):
            """The question shown at once, then answered; the chat scrolled to it."""
            return (
                event.then(None, js=SHOW_QUESTION, **private)
                .then(
                    respond,
                    [asked, history, since, until, shown],
                    [chatbot, shown, history, sources],
                    concurrency_limit=CONCURRENCY,
                    **private,
                )
                .then(None, js=SHOW_QUESTION, **private)
            )

        ask(
            question.submit(
                take, [question, shown], [question, chatbot, shown, asked], queue=False, **private
            )
        )
        for button, example in zip(tries, EXAMPLES):
            ask(
                button.click(
                    lambda now, q=example: take(q, now),
                    [shown],
                    [question, chatbot, shown, asked],
                    queue=False,
                    **private,
                )
            )
        # /chat for programs (gradio_client): the question, since, until → the reply
        with gr.Group(visible=False):
            api_question, api_reply = gr.Textbox(), gr.Textbox()
            api_button = gr.Button()
        api_button.click(
            chat,
            [api_question, history, since, until],
            [api_reply, history, sources],
            api_name="chat",
            concurrency_limit=CONCURRENCY,
        )
        chatbot.clear(lambda: ([], [], []), None, [shown, history, sources], **private)
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
                    name = rebuilder.add(Path(path), Path(path).name, upload_bytes(config))
                except qa.QAError as e:
                    return f"⚠️ {markdown_text(public(str(e)))}", gr.skip(), None
                except Exception:  # never a traceback in the page
                    log.exception("adding an upload failed")
                    return "⚠️ The file could not be added; see the server log.", gr.skip(), None
                finally:
                    forget_upload(Path(path))  # Gradio's copy: the seeds have it
                return f"Added {markdown_text(name)}.", gr.Timer(active=True), None

            def ask_first(name):
                """Delete asks first: which article, and that it cannot be undone."""
                if not name:
                    return "Choose the article to delete first.", gr.skip(), gr.skip()
                line = next((label for label, value in article_choices() if value == name), name)
                question_ = f"Delete **{markdown_text(line)}** from the seeds folder? This cannot be undone."
                return "", question_, gr.Group(visible=True)

            def remove(name):
                if not name:
                    return "Choose the article to delete first.", gr.skip(), gr.Group(visible=False)
                try:
                    rebuilder.remove(name)
                except qa.QAError as e:
                    return f"⚠️ {markdown_text(public(str(e)))}", gr.skip(), gr.Group(visible=False)
                return (
                    f"Deleted {markdown_text(name)}.",
                    gr.Timer(active=True),
                    gr.Group(visible=False),
                )

            def tick():
                now = rebuilder.status()
                if now.running:
                    return markdown_text(public(now.message)), gr.skip(), gr.skip(), gr.skip()
                return markdown_text(public(now.message)), gr.Timer(active=False), *list_articles()

            upload.upload(add, upload, [status, timer, upload], concurrency_limit=1, **private)
            delete.click(ask_first, doomed, [status, asking, confirm], **private)
            keep.click(lambda: gr.Group(visible=False), None, confirm, **private)
            really.click(remove, doomed, [status, timer, confirm], concurrency_limit=1, **private)
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
    rebuilder = qa.Rebuilder(config)  # rebuilds behind the running page
    ensure_index(config, rebuilder)
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
    demo = build_ui(config, allow_upload, rebuilder)
    gr = import_gradio()
    from starlette.middleware import Middleware  # comes with Gradio (FastAPI)

    uploads = upload_bytes(config) if allow_upload else MAX_UPLOAD_BYTES
    print(f"ready: http://{config.host}:{config.port}", file=sys.stderr, flush=True)
    demo.launch(
        server_name=config.host,
        server_port=config.port,
        share=False,
        show_error=False,
        quiet=True,
        max_file_size=uploads,
        mcp_server=mcp,
        app_kwargs={
            "middleware": [
                Middleware(
                    BodyLimit, limit=MAX_REQUEST_BYTES, upload_limit=uploads + UPLOAD_OVERHEAD
                )
            ]
        },
        css=CSS,
        head=HEAD,
        # the machine's own fonts: the default theme fetches fonts from Google (offline:
        # a fallback for some letters only), and the page makes no outside requests
        theme=gr.themes.Default(
            font=("ui-sans-serif", "system-ui", "sans-serif"),
            font_mono=("ui-monospace", "monospace"),
        ),
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
