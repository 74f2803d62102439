"""The page: the chat (optionally limited to articles published between two dates),
whose replies lead with the answer and list their sources as cards; beside it the
sources of the last answer and the list of articles, and a viewer that opens the whole
article with the passage and its answering sentence marked. With uploads on, articles
are added and deleted there too (uploads.py).

Article text and questions are escaped everywhere (qa/page.py), so HTML or Markdown in
them shows as text and never runs.
"""

from __future__ import annotations

import logging
import warnings

import qa
from qa.answering.page import (
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

from . import uploads
from .gradio_import import import_gradio
from .i18n import make_i18n
from .tools import make_tools

log = logging.getLogger(__name__)

# Three questions the seed article answers, and one it does not (README, Quick start).
EXAMPLES = [
    "How many soldiers did North Korea send to Russia?",
    "When did the defense pact come into force?",
    "What did Zelensky say about the North Korean soldiers?",
    "What is the capital of France?",
]
# On 2 cores more parallel answers only queue for the CPU; the queue holds the rest.
CONCURRENCY, QUEUE_SIZE = 4, 512
# Gradio's cache of uploads is swept every 10 minutes of what is 10 minutes old.
CACHE_SWEEP = (600, 600)
# After each question and reply: the newest question at the top of the chat (assets/page.js).
SHOW_QUESTION = "() => { setTimeout(() => window.qaShowQuestion && window.qaShowQuestion(), 60); }"
# The opened source's marked sentence brought into view, high up (assets/page.js).
SCROLL_TO_MARK = "() => { setTimeout(() => window.qaShowMark && window.qaShowMark(), 60); }"
PENDING = "<p class='qa-note'>Looking in the articles…</p>"
# The chat's height: 560 px where the window allows, less on a short one, so the
# example questions under it are seen at once on a 1280 × 800 screen.
CHAT_HEIGHT = "clamp(360px, calc(100vh - 300px), 560px)"
# The Sources tab before any answer, and after one without sources: a sentence, not an
# empty box.
NO_SOURCES_YET = "The sources of each answer are listed here, to open in the article."
NO_SOURCES = "The last answer cites no article."


def reply(index: qa.Index, message: str, history, since: str = "", until: str = ""):
    """The chat's answer as HTML (qa.answering.page), and its sources (hits as JSON) for the viewer."""
    try:
        answer = index.answer(message, history or (), since=since, until=until)  # "": no bound
    except qa.QAError as e:  # bad input or a broken index: one line, keep serving
        if not isinstance(e, qa.QuestionError):  # the index failed: the log says so, once
            log.warning("a question was not answered: %s", " ".join(str(e).split()))
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


def build_ui(config: qa.Config, allow_upload: bool = False, rebuilder=None):
    gr = import_gradio()

    index = qa.Index.at(None, config)  # made ready by ensure_index; reloads itself
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
        never sends the conversation back (requests stay small: limits.BodyLimit)."""
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

    def show_sources(sources: list[dict], asked_before: list):
        listed = gr.Radio(choices=source_choices(sources), value=None, visible=bool(sources))
        said = NO_SOURCES if asked_before else NO_SOURCES_YET  # none yet: a cleared chat
        return listed, gr.Markdown(said, visible=not sources)

    def cite(words: str):
        """The Citation box: shown once there is something to copy."""
        return gr.Textbox(value=words, visible=bool(words))

    def open_source(choice, sources: list[dict]):
        shown = str(choice) if isinstance(choice, (str, int)) else ""  # as sent (`as_sent`)
        if not shown.isdigit() or not 0 <= int(shown) < len(sources):
            return gr.skip(), gr.skip()
        source = sources[int(shown)]
        try:
            article = index.article(source["source"])
        except qa.QAError as e:
            return viewer_error(str(e)), cite(citation_text(source))
        return article_html(article, source), cite(citation_text(source))

    def open_article(name):
        if not isinstance(name, str) or not name:  # as sent (`as_sent`)
            return gr.skip(), gr.skip()
        try:
            article = index.article(name)
        except qa.QAError as e:
            return viewer_error(str(e)), cite("")
        return article_html(article), cite(article_citation(article))

    t = make_i18n(gr)  # the fixed labels in the browser's language (i18n.py)
    with gr.Blocks(
        title="Ask the article", analytics_enabled=False, delete_cache=CACHE_SWEEP
    ) as demo:
        history = gr.State([])  # the conversation, as qa.answer reads it; on the server
        sources = gr.State([])  # the last answer's hits, as JSON
        asked = gr.State("")  # the question being answered
        shown = gr.State([])  # the chat as displayed
        gr.Markdown(t("intro"))
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                chatbot = gr.Chatbot(
                    label=t("answers"),
                    elem_id="chat",
                    height=CHAT_HEIGHT,
                    autoscroll=False,  # the page scrolls to the question (page.js), not past it
                    latex_delimiters=[],  # article text ("$$…$$") is never typeset
                    buttons=["copy"],
                    layout="panel",  # replies as wide as the chat: on a phone too
                )
                question = gr.Textbox(
                    placeholder=t("ask"),
                    elem_id="question",
                    show_label=False,
                    autofocus=True,
                    submit_btn=True,
                    lines=1,
                )
                with gr.Row(elem_id="examples"):
                    tries = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                with gr.Accordion(t("dates"), open=False):
                    with gr.Row():
                        since = gr.Textbox(
                            "", label=t("since"), placeholder="YYYY-MM-DD", elem_id="since"
                        )
                        until = gr.Textbox(
                            "", label=t("until"), placeholder="YYYY-MM-DD", elem_id="until"
                        )
            with gr.Column(scale=2, min_width=340):
                with gr.Tabs():
                    with gr.Tab(t("sources"), id="sources-tab"):
                        picked = gr.Radio(
                            label=t("open_source"),
                            choices=[],
                            elem_id="sources",
                            visible=False,
                        )
                        unsourced = gr.Markdown(NO_SOURCES_YET, elem_id="no-sources")
                    with gr.Tab(t("articles"), id="articles-tab"):
                        articles = gr.Radio(label=t("articles"), choices=[], elem_id="articles")
                        changes = uploads.controls(gr, config) if allow_upload else None
                citation = gr.Textbox(
                    label=t("citation"),
                    interactive=False,
                    buttons=["copy"],
                    elem_id="citation",
                    visible=False,
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
        listed = [articles, changes.doomed] if allow_upload else [articles]
        demo.load(list_articles, None, listed, **private)
        sources.change(
            show_sources, [sources, history], [picked, unsourced], queue=False, **private
        )
        # A choice as the browser sent it (no preprocessing): Gradio's check of the
        # choices prints a 25-line traceback for one not listed; the index refuses those.
        as_sent = {"preprocess": False, **private}
        picked.input(open_source, [picked, sources], [viewer, citation], **as_sent).then(
            None, js=SCROLL_TO_MARK, **private
        )
        articles.input(open_article, articles, [viewer, citation], **as_sent)
        if allow_upload:
            uploads.wire(gr, changes, rebuilder, config, article_choices, list_articles, listed)
        retrieve, answer = make_tools(index)
        gr.api(retrieve, api_name="retrieve", concurrency_limit=CONCURRENCY)
        gr.api(answer, api_name="answer", concurrency_limit=CONCURRENCY)
    return demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
