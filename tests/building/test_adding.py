"""`qa add`: pages in legacy charsets, servers that trickle or bomb, each limit just below
and just above it, file names the build would not read, and which index it rebuilds.
Each test here goes red when what it guards is taken out (the cap, the deadline's
watchdog, the bounded inflating, the WHATWG labels, the naming, the index check)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qa
from benchmarks.loopback import (
    Loopback,
    deflated,
    gzip_bomb,
    gzipped,
    page,
    redirect,
    trickle,
    trickle_body,
)
from qa.building.adding import add_source, seed_name
from qa.text.charsets import DECLARED
from qa.core.config import Config
from qa.text.sources import SUFFIXES, chunk_bytes, find_sources

from ..conftest import SEED, run_cli

CAP = 100_000  # a small download cap, so that "just above" is cheap to send
C1 = re.compile("[\x80-\x9f]")
# A French page in windows-1252 that says it is ISO-8859-1, as many do: its € ’ “ ” are
# bytes 0x80-0x9F, control characters in ISO-8859-1.
CP1252_PAGE = (
    "<html><head><meta charset='iso-8859-1'><title>Le club</title></head><body><article>"
    "<p>Le billet coûte 12 € et l’équipe a promis “une belle saison” aux supporters.</p>"
    "<p>Le stade accueille 8 000 spectateurs depuis sa rénovation en mars.</p>"
    "</article></body></html>"
)


def one_line(stderr: str) -> bool:
    return stderr.strip().count("\n") == 0 and "Traceback" not in stderr


# ------------------------------------------------------------------ declared charsets


@pytest.mark.parametrize("served_as", ["text/html", "text/html; charset=iso-8859-1"])
def test_add_reads_a_cp1252_page_declared_iso_8859_1_as_browsers_do(tmp_path, encoder, served_as):
    raw = CP1252_PAGE.encode("cp1252")
    with Loopback({"/club": page(raw, served_as)}) as web:
        saved = add_source(web.url("/club"), tmp_path / "seeds", 2**20)
    data = saved.read_bytes()
    text = data.decode("utf-8")  # saved as UTF-8…
    assert "12 € et l’équipe a promis “une belle saison”" in text, text
    assert not C1.search(text), C1.findall(text)
    labels = [m.group(1).decode() for m in DECLARED.finditer(data)]
    assert labels == ["utf-8"], labels  # …and saying so, for a browser opening the file
    # the build reads the saved file as it reads the page itself: the same passages
    count = encoder.count_tokens
    as_fetched, _, _ = chunk_bytes(raw, "club.html", count)
    as_saved, _, _ = chunk_bytes(data, "club.html", count)
    assert [p.text for p in as_saved] == [p.text for p in as_fetched]
    assert "Le billet coûte 12 € et l’équipe" in as_saved[0].text, as_saved[0].text


def test_the_build_reads_a_cp1252_page_declared_iso_8859_1_with_its_euro_and_quotes(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "club.html").write_bytes(CP1252_PAGE.encode("cp1252"))
    summary = qa.build_index(seeds, tmp_path / "index")
    assert summary.files == 1, summary.skipped
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    hit = qa.retrieve("Combien coûte le billet?", 1, config=config)[0]
    assert "12 € et l’équipe a promis “une belle saison”" in hit.text, hit.text


# ------------------------------------------------------------------ deadlines and bombs


@pytest.mark.parametrize("slow", [trickle, trickle_body], ids=["headers", "body"])
def test_the_deadline_covers_a_response_that_trickles_in_after_a_redirect(tmp_path, slow):
    routes = {"/hop": redirect("/slow"), "/slow": slow(every=0.25, seconds=30)}
    with Loopback(routes) as web:
        started = time.monotonic()
        with pytest.raises(qa.SeedsError, match="took over 2 s") as refused:
            add_source(web.url("/hop"), tmp_path / "seeds", 2**20, timeout=5, deadline=2)
        seconds = time.monotonic() - started
    assert seconds < 4, (seconds, str(refused.value))
    assert "/slow" in str(refused.value) and "\n" not in str(refused.value)
    assert not (tmp_path / "seeds").exists() or not list((tmp_path / "seeds").iterdir())


def test_a_gzip_bomb_is_refused_within_the_cap_in_memory(tmp_path):
    bomb = gzip_bomb(128 * 2**20)  # 128 MB of zeros in ~130 KB
    import httpx  # noqa: F401 - imported before measuring: the fetch imports it

    with Loopback({"/bomb": page(bomb, headers=("Content-Encoding: gzip",))}) as web:
        tracemalloc.start()
        try:
            with pytest.raises(qa.SeedsError, match="over the") as refused:
                add_source(web.url("/bomb"), tmp_path / "seeds", 2**20)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "\n" not in str(refused.value)
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.1f} MB for a 1 MB cap"  # was 148 MB


def _text(size: int) -> bytes:
    line = b"The ferry to the island runs every hour from the old harbour.\n"
    return (line * (size // len(line) + 1))[:size]


def _html(size: int) -> bytes:
    """A UTF-8 page of exactly `size` bytes that `qa add` saves unchanged (it names its
    canonical URL and declares UTF-8)."""
    head = (
        b'<html><head><meta charset="utf-8"><link rel="canonical" href="https://x.example/">'
        b"</head><body><p>"
    )
    tail = b"</p></body></html>"
    return head + _text(size - len(head) - len(tail)) + tail


@pytest.mark.parametrize(
    "kind, body, headers",
    [
        ("text/plain", _text, ()),
        ("text/html", _html, ()),
        ("text/plain", lambda n: gzipped(_text(n)), ("Content-Encoding: gzip",)),
        ("text/html", lambda n: gzipped(_html(n)), ("Content-Encoding: gzip",)),
        ("text/html", lambda n: deflated(_html(n)), ("Content-Encoding: deflate",)),
        ("text/html", lambda n: deflated(_html(n), raw=True), ("Content-Encoding: deflate",)),
    ],
    ids=["text", "html", "gzipped text", "gzipped html", "deflate", "raw deflate"],
)
def test_a_page_of_exactly_the_cap_is_saved_and_one_byte_more_is_refused(
    tmp_path, kind, body, headers
):
    routes = {"/at": page(body(CAP), kind, headers), "/over": page(body(CAP + 1), kind, headers)}
    with Loopback(routes) as web:
        saved = add_source(web.url("/at"), tmp_path / "seeds", CAP)
        with pytest.raises(qa.SeedsError, match="over the") as refused:
            add_source(web.url("/over"), tmp_path / "seeds", CAP)
    assert saved.stat().st_size == CAP
    assert "\n" not in str(refused.value) and len(list((tmp_path / "seeds").iterdir())) == 1


def test_a_body_in_an_encoding_not_asked_for_is_refused_in_one_line(tmp_path):
    brotli = page(b"\x1b\x03\x00\xf8\x25", headers=("Content-Encoding: br",))
    with Loopback(
        {"/br": brotli, "/bad": page(b"not gzip", headers=("Content-Encoding: gzip",))}
    ) as web:
        with pytest.raises(qa.SeedsError, match="br-encoded"):
            add_source(web.url("/br"), tmp_path / "seeds", CAP)
        with pytest.raises(qa.SeedsError, match="damaged gzip"):
            add_source(web.url("/bad"), tmp_path / "seeds", CAP)


def test_a_page_the_build_would_skip_once_saved_as_utf8_is_refused(tmp_path):
    """No canonical link: the one `qa add` adds would make the saved file larger than the
    cap the build reads up to (max_file_mb), so the build would skip it."""
    bare = _html(CAP).replace(b'<link rel="canonical" href="https://x.example/">', b"")
    bare += b" " * (CAP - len(bare))
    with Loopback({"/bare": page(bare)}) as web:
        with pytest.raises(qa.SeedsError, match="saved as UTF-8"):
            add_source(web.url("/bare"), tmp_path / "seeds", CAP)


def test_a_file_of_exactly_the_cap_is_copied_and_one_byte_more_is_refused(tmp_path):
    (tmp_path / "at.txt").write_bytes(_text(CAP))
    (tmp_path / "over.txt").write_bytes(_text(CAP + 1))
    assert add_source(str(tmp_path / "at.txt"), tmp_path / "seeds", CAP).stat().st_size == CAP
    with pytest.raises(qa.SeedsError, match="over the"):
        add_source(str(tmp_path / "over.txt"), tmp_path / "seeds", CAP)


def test_pathological_markup_costs_no_quadratic_time(tmp_path):
    """ "<head <link <meta " over and over, never closed: the old unbounded patterns took
    22 s on 1 MB of it, and four times that on 2 MB; the bounded ones take ~2 s."""
    junk = b"<p>The harbour ferry runs every hour.</p>" + b"<head <link <meta " * 110_000
    with Loopback({"/junk": page(junk)}) as web:
        started = time.monotonic()
        add_source(web.url("/junk"), tmp_path / "seeds", 2**22)
        seconds = time.monotonic() - started
    assert seconds < 20, seconds


# ------------------------------------------------------------------ names


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stem=st.text(alphabet=st.sampled_from(". -_aé"), max_size=6),
    suffix=st.sampled_from([*SUFFIXES, ".MD", ".Html", ".pdf", "", "."]),
)
def test_a_copied_file_is_named_so_that_the_build_reads_it_or_refused(tmp_path, stem, suffix):
    name = stem + suffix
    try:
        saved = seed_name(name)
    except qa.SeedsError as e:
        assert suffix.lower() not in SUFFIXES, (name, str(e))
        return
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / saved).write_text("An article.\n")
    assert [p.name for p in find_sources(folder)] == [saved], (name, saved)
    assert saved.lower().endswith(suffix.lower()) and suffix.lower() in SUFFIXES


def test_add_dot_dot_md_saves_an_article_the_build_reads(tmp_path):
    odd = tmp_path / "in" / "..md"
    odd.parent.mkdir()
    odd.write_text("The harbour ferry runs every hour.\n")
    out = run_cli("add", odd, "--seeds", tmp_path / "seeds", "--no-build")
    assert out.returncode == 0, out.stderr
    assert [p.name for p in find_sources(tmp_path / "seeds")] == ["article.md"], out.stdout


# ------------------------------------------------------------------ which index


def test_add_with_another_seeds_folder_never_rebuilds_the_index_of_the_first(tmp_path):
    own, other = tmp_path / "seeds", tmp_path / "other"
    own.mkdir()
    other.mkdir()
    shutil.copy(SEED, own)
    index = tmp_path / "index"
    qa.build_index(own, index)
    manifest = (index / "manifest.json").read_bytes()
    article = tmp_path / "ferry.md"
    article.write_text("The harbour ferry runs every hour, the port authority said.\n")
    env = {**os.environ, "QA_INDEX_DIR": str(index)}  # as the project's index/
    refused = run_cli("add", article, "--seeds", other, env=env)
    assert refused.returncode == 1 and one_line(refused.stderr), refused.stderr
    assert "--index" in refused.stderr and str(own) in refused.stderr, refused.stderr
    assert (index / "manifest.json").read_bytes() == manifest  # untouched
    assert not other.joinpath("ferry.md").exists()  # nothing done
    same = run_cli("add", article, "--seeds", own, env=env)  # the folder it was built from
    assert same.returncode == 0, same.stderr
    named = run_cli("add", article, "--seeds", other, "--index", tmp_path / "other-index")
    assert named.returncode == 0, named.stderr
    files = json.loads((index / "manifest.json").read_text())["files"]
    assert sorted(files) == [SEED.name, "ferry.md"]
