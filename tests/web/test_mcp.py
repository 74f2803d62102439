"""The app's MCP endpoint, as an agent sees it: the `mcp` client library over streamable
HTTP against the running app (tests/conftest.py `running`)."""

import asyncio
import json

import pytest

from ..conftest import SEED

pytest.importorskip("mcp")


def mcp_session(server: str, work):
    """Run `work(session)` in one MCP session with the app; returns what it returns."""
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def main():
        async with streamable_http_client(server + "gradio_api/mcp/") as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await work(session)

    return asyncio.run(main())


def call(server: str, tool: str, **arguments):
    async def work(session):
        return await session.call_tool(tool, arguments)

    result = mcp_session(server, work)
    return result.isError, result.content[0].text


def test_lists_exactly_retrieve_and_answer_with_their_parameters(server):
    async def work(session):
        return (await session.list_tools()).tools

    tools = {t.name: t for t in mcp_session(server, work)}
    assert set(tools) == {"retrieve", "answer"}  # the Markdown chat is no tool
    answer = tools["answer"]
    assert answer.inputSchema["required"] == ["question"]
    assert {"question", "since", "until"} <= set(answer.inputSchema["properties"])
    assert "covered" in answer.description  # the docstring is the agent's manual
    assert tools["retrieve"].inputSchema["properties"]["k"]["type"] == "integer"


def test_answer_gives_verbatim_spans_with_exact_offsets(server):
    error, text = call(
        server, "answer", question="How many soldiers did North Korea send to Russia?"
    )
    assert not error, text
    reply = json.loads(text)
    assert reply["covered"] is True
    article = SEED.read_text(encoding="utf-8")
    hit = next(h for h in reply["hits"] if "10,000" in h["text"])
    assert article[hit["start"] : hit["end"]] == hit["text"]
    assert article[hit["answer_start"] : hit["answer_end"]] == hit["answer_text"]
    assert "10,000" in hit["answer_text"]
    assert reply["short_answer"] == "10,000"  # the exact answer, at its offsets too
    first = reply["hits"][0]
    assert article[first["short_start"] : first["short_end"]] == first["short_answer"]
    assert hit["source"] == SEED.name and hit["paragraph"] == 1 and hit["score"] > 0
    assert {"title", "published", "author", "site", "url", "citation"} <= set(hit)


def test_answer_says_when_not_covered(server):
    error, text = call(server, "answer", question="What is the capital of France?")
    assert not error, text
    reply = json.loads(text)
    assert reply["covered"] is False and reply["hits"] == []
    assert "do not" in reply["message"]


def test_retrieve_keeps_to_the_dates_asked(server):
    error, text = call(
        server, "retrieve", question="ferry apples soldiers", k=10, since="2024-09-01"
    )
    assert not error, text
    hits = json.loads(text)["hits"]
    # only the two dated articles (2024-09-16, 2024-10-02); the undated ones are left out
    assert {h["source"] for h in hits} == {"harbour.md", "orchard.html"}
    assert all(h["published"] >= "2024-09-01" for h in hits)
    error, text = call(server, "retrieve", question="ferry apples", k=10, until="2024-09-30")
    assert {h["source"] for h in json.loads(text)["hits"]} == {"orchard.html"}


def test_a_bad_date_is_a_tool_error_in_one_line(server):
    error, text = call(server, "answer", question="What happened?", since="yesterday")
    assert error and "yesterday" in text and "\n" not in text and "Traceback" not in text


def test_mcp_is_opt_in(uploading):
    """An app started without --mcp (the `uploading` one) serves no MCP endpoint."""
    import httpx

    reply = httpx.post(
        uploading.url + "gradio_api/mcp/",
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Accept": "application/json, text/event-stream"},
        timeout=30,
    )
    assert reply.status_code == 404
