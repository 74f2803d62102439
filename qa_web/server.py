"""`serve(config)`: the index made ready (qa.manage.ensure_index), then the page started
on config.host:config.port — loopback unless told otherwise, no telemetry, no outside
requests; every request checked before Gradio reads it (limits.py): its size, its text,
the files it names, its event; a refusal is one line in the log."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import qa
from qa.manage import ensure_index, upload_bytes

from .gradio_import import import_gradio
from .i18n import make_i18n
from .layout import build_ui
from .limits import MAX_REQUEST_BYTES, UPLOAD_OVERHEAD, BodyLimit, Gate

ASSETS = Path(__file__).with_name("assets")
# Without --allow-upload the page takes no files, but Gradio accepts POSTs to
# /gradio_api/upload from anyone who can reach the page: refuse every byte (HTTP 413;
# Gradio deletes the partial file); layout.CACHE_SWEEP removes what is still accepted
# (empty files). With it, uploads are limited to manage.upload_bytes.
MAX_UPLOAD_BYTES = 0


def host_warning(host: str) -> str:
    """Loopback is the default; anything else is said out loud."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ""
    return (
        f"warning: listening on {host}: anyone who can reach this machine can use the "
        "chat (there is no login); use --host 127.0.0.1 to keep it local"
    )


def say(line: str) -> None:
    """What the operator reads in the terminal while the app starts."""
    print(line, file=sys.stderr, flush=True)


def serve(config: qa.Config, allow_upload: bool = False, mcp: bool = False) -> int:
    if allow_upload and qa.Index.at(None, config).shared:  # a shared store: built by its operator
        raise qa.ConfigError(
            "--allow-upload needs the index folder: a Milvus store is built with "
            "python -m qa build --store ..."
        )
    rebuilder = qa.Rebuilder(config)  # rebuilds behind the running page
    ensure_index(config, rebuilder, say)
    warning = host_warning(config.host)
    if warning:
        say(warning)
    if allow_upload:
        say("uploads are on: anyone who can reach the page can add and delete articles")
    # MCP is opt-in: with the `mcp` package installed, every Gradio import loads it too
    # (~0.4 s more to the port opening, docs/performance.md), and it is one more door.
    if mcp and importlib.util.find_spec("mcp") is None:
        raise qa.ConfigError("--mcp needs the mcp package: pip install -r requirements-mcp.txt")
    demo = build_ui(config, allow_upload, rebuilder)
    gr = import_gradio()
    from starlette.middleware import Middleware  # comes with Gradio (FastAPI)

    uploads = upload_bytes(config) if allow_upload else MAX_UPLOAD_BYTES
    limit = Middleware(BodyLimit, gate=gate(gr, demo, uploads + UPLOAD_OVERHEAD))
    say(f"ready: http://{config.host}:{config.port}")
    demo.launch(
        server_name=config.host,
        server_port=config.port,
        share=False,
        show_error=False,
        quiet=True,
        max_file_size=uploads,
        i18n=make_i18n(gr),
        mcp_server=mcp,
        app_kwargs={"middleware": [limit]},
        css=(ASSETS / "page.css").read_text(encoding="utf-8"),
        head=f"<script>\n{(ASSETS / 'page.js').read_text(encoding='utf-8')}</script>",
        # the machine's own fonts: the default theme fetches fonts from Google (offline:
        # a fallback for some letters only), and the page makes no outside requests
        theme=gr.themes.Default(
            font=("ui-sans-serif", "system-ui", "sans-serif"),
            font_mono=("ui-monospace", "monospace"),
        ),
    )
    return 0


def gate(gr, demo, upload_limit: int) -> Gate:
    """What the page takes (limits.Gate): its events' inputs, read off the built page,
    and Gradio's upload folder, where every file a request names must be."""
    from gradio.route_utils import FnIndexInferError
    from gradio.utils import get_upload_folder

    events = {
        fn_id: tuple("file" if isinstance(c, gr.File) else "" for c in fn.inputs)
        for fn_id, fn in demo.fns.items()
    }
    return Gate(
        limit=MAX_REQUEST_BYTES,
        upload_limit=upload_limit,
        upload_folder=os.path.realpath(get_upload_folder()),
        events=events,
        refusals={FnIndexInferError: 404},  # /gradio_api/call/<a name the page lacks>
    )
