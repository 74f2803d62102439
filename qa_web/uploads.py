"""Adding and deleting articles on the page (`--allow-upload`): the controls under the
article list, and their events. Each change is saved into the seeds folder and rebuilds
the index behind the running page (qa.Rebuilder); a timer shows the build's progress,
then refreshes the article lists."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import qa
from qa.manage import upload_bytes
from qa.answering.page import markdown_text, public, quoted

log = logging.getLogger(__name__)

UPLOAD_TYPES = [".txt", ".md", ".html", ".htm"]
# The confirmation opens under the Delete… button, which may sit at the window's bottom
# edge: bring it into view once it shows (up to 3 s), or Delete… seems to do nothing.
SHOW_CONFIRM = """() => {
  const show = (tries) => {
    const box = document.querySelector('#confirm-delete');
    if (box && box.getClientRects().length) box.scrollIntoView({block: 'center'});
    else if (tries < 60) setTimeout(() => show(tries + 1), 50);
  };
  show(0);
}"""


@dataclass
class Controls:
    upload: object  # gr.File
    doomed: object  # gr.Dropdown: the article to delete
    delete: object  # gr.Button
    confirm: object  # gr.Group: "Delete …? This cannot be undone."
    asking: object  # gr.Markdown
    really: object  # gr.Button
    keep: object  # gr.Button
    status: object  # gr.Markdown: the last change, the build's progress
    timer: object  # gr.Timer


def controls(gr, config: qa.Config) -> Controls:
    """The upload box, the delete list and its confirmation, laid out where called."""
    upload = gr.File(
        label=f"Add an article ({', '.join(UPLOAD_TYPES)}; "
        f"up to {upload_bytes(config) / 2**20:g} MB)",
        file_types=UPLOAD_TYPES,
        file_count="single",
        elem_id="upload",
    )
    doomed = gr.Dropdown(label="Delete an article", choices=[], elem_id="delete")
    delete = gr.Button("Delete…", size="sm", elem_id="delete-button")
    with gr.Group(visible=False, elem_id="confirm-delete") as confirm:
        asking = gr.Markdown()
        with gr.Row():
            really = gr.Button("Yes, delete it", variant="stop", size="sm")
            keep = gr.Button("Cancel", size="sm")
    status = gr.Markdown(elem_id="build-status")
    timer = gr.Timer(1.0, active=False)
    return Controls(upload, doomed, delete, confirm, asking, really, keep, status, timer)


def wire(gr, c: Controls, rebuilder, config, article_choices, list_articles, listed) -> None:
    """The events: add, delete (asked first), and the timer while a rebuild runs.
    `list_articles` refreshes the components in `listed`."""
    private = {"api_visibility": "private"}  # page plumbing: no API endpoint, no MCP tool

    def add(path):
        """Adds; `done` keeps saying so while the rebuild's progress is shown."""
        if not path:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            name = rebuilder.add(Path(path), Path(path).name, upload_bytes(config))
        except qa.QAError as e:
            log.warning("refused an upload: %s", one_line(e))
            return f"⚠️ {markdown_text(public(str(e)))}", gr.skip(), None, ""
        except Exception:  # never a traceback in the page
            log.exception("adding an upload failed")
            return "⚠️ The file could not be added; see the server log.", gr.skip(), None, ""
        finally:
            forget_upload(Path(path))  # Gradio's copy: the seeds have it
        said = f"Added {markdown_text(name)} to the seeds folder."
        return said, gr.Timer(active=True), None, said

    def ask_first(name):
        """Delete asks first: which article, and that it cannot be undone."""
        if not isinstance(name, str) or not name:  # as sent: see `as_sent` below
            return "Choose the article to delete first.", gr.skip(), gr.skip()
        line = next((label for label, value in article_choices() if value == name), name)
        question = f"Delete **{markdown_text(line)}** from the seeds folder? This cannot be undone."
        return "", question, gr.Group(visible=True)

    def remove(name):
        """Deletes; `done` keeps saying so while the rebuild's progress is shown."""
        hidden = gr.Group(visible=False)
        if not isinstance(name, str) or not name:  # as sent: see `as_sent` below
            return "Choose the article to delete first.", gr.skip(), hidden, ""
        line = next((label for label, value in article_choices() if value == name), name)
        try:
            rebuilder.remove(name)
        except qa.QAError as e:
            log.warning("refused a deletion: %s", one_line(e))
            return f"⚠️ {markdown_text(public(str(e)))}", gr.skip(), hidden, ""
        # "Title · 2024-11-05", without the passage count of the list's line
        said = f"Deleted {quoted(markdown_text(line.rsplit(' · ', 1)[0]))} from the seeds folder."
        return said, gr.Timer(active=True), hidden, said

    def tick(done: str):
        now = rebuilder.status()
        message = " ".join(filter(None, [done, markdown_text(public(now.message))]))
        if now.running:
            return message, gr.skip(), gr.skip(), *(gr.skip() for _ in listed)
        return message, gr.Timer(active=False), "", *list_articles()

    # "Added ….", "Deleted “…”.": said until the rebuild it started is done
    done = gr.State("")
    c.upload.upload(
        add, c.upload, [c.status, c.timer, c.upload, done], concurrency_limit=1, **private
    )
    # The article to delete as the browser sent it (no preprocessing): Gradio's check of
    # the choices prints a 25-line traceback for a name not listed ("../x"), while
    # rebuilder.remove refuses whatever is not in the seeds folder in one line.
    as_sent = {"preprocess": False}
    c.delete.click(ask_first, c.doomed, [c.status, c.asking, c.confirm], **as_sent, **private).then(
        None, js=SHOW_CONFIRM, **private
    )
    c.keep.click(lambda: gr.Group(visible=False), None, c.confirm, **private)
    c.really.click(
        remove,
        c.doomed,
        [c.status, c.timer, c.confirm, done],
        concurrency_limit=1,
        **as_sent,
        **private,
    )
    c.timer.tick(tick, done, [c.status, c.timer, done, *listed], show_progress="hidden", **private)


def forget_upload(path: Path) -> None:
    """Gradio keeps each upload in a folder of its own in its cache: remove both."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()  # only when empty
    except OSError:
        pass


def one_line(e: Exception) -> str:
    """An error as one line of the log."""
    return " ".join(str(e).split())
