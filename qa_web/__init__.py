"""The chat in the browser: a Gradio page over the qa library (`python app.py`,
`qa serve`). The one package that imports Gradio. What replies, sources and articles
look like is qa/page.py (pure, tested without Gradio); every decision is qa's.

    server.py         serve(config): the index made ready, the page started
    layout.py         the page: chat, date filter, sources, articles, viewer; its events
    uploads.py        adding and deleting articles on the page (--allow-upload)
    tools.py          the MCP tools and API endpoints `retrieve` and `answer` (JSON)
    limits.py         the door: body sizes, events, inputs and upload paths checked
                      before Gradio reads a request (ASGI middleware), one log line each
    gradio_import.py  `import gradio` without its stub writing (1.2 s of the start)
    assets/           the page's CSS and script
"""

import os

# Before Gradio and gRPC are imported: no usage analytics, no gRPC keep-alive chatter
# (Milvus). setdefault: the operator's own setting wins.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GRPC_VERBOSITY", "NONE")
