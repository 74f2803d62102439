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
from qa.page import markdown_text, public

log = logging.getLogger(__name__)

UPLOAD_TYPES = [".txt", ".md", ".html", ".htm"]


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
        question = f"Delete **{markdown_text(line)}** from the seeds folder? This cannot be undone."
        return "", question, gr.Group(visible=True)

    def remove(name):
        if not name:
            return "Choose the article to delete first.", gr.skip(), gr.Group(visible=False)
        try:
            rebuilder.remove(name)
        except qa.QAError as e:
            return f"⚠️ {markdown_text(public(str(e)))}", gr.skip(), gr.Group(visible=False)
        return f"Deleted {markdown_text(name)}.", gr.Timer(active=True), gr.Group(visible=False)

    def tick():
        now = rebuilder.status()
        if now.running:
            return markdown_text(public(now.message)), gr.skip(), gr.skip(), gr.skip()
        return markdown_text(public(now.message)), gr.Timer(active=False), *list_articles()

    c.upload.upload(add, c.upload, [c.status, c.timer, c.upload], concurrency_limit=1, **private)
    c.delete.click(ask_first, c.doomed, [c.status, c.asking, c.confirm], **private)
    c.keep.click(lambda: gr.Group(visible=False), None, c.confirm, **private)
    c.really.click(remove, c.doomed, [c.status, c.timer, c.confirm], concurrency_limit=1, **private)
    c.timer.tick(tick, None, [c.status, c.timer, *listed], show_progress="hidden", **private)


def forget_upload(path: Path) -> None:
    """Gradio keeps each upload in a folder of its own in its cache: remove both."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()  # only when empty
    except OSError:
        pass
