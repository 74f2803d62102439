"""Reading articles: seconds and peak memory per MB, the largest upload indexed in 30 s,
and hostile articles: seconds to read each and the worst wait of a question meanwhile.

    python -m benchmarks.reading [--sizes 1,4] [--upload 0.25,0.5,1,2] [--hostile-mb 10]
        [--only reading|uploads|hostile]

Reading is what a build does to a file before encoding it: decode, extract (HTML),
front matter, paragraphs, sentences and token-bounded passages (qa.text.sources.chunk_file,
with the real tokenizer). Each case runs in a fresh process, which reports its time and
the growth of its peak RSS over what the imports took. The text is real English prose
(SciFact abstracts, end to end); the CJK page is synthetic (common CJK characters drawn
at random, in sentences), which flatters nothing but the sentence splitter. Then whole
incremental builds (reading + encoding + writing) of one new article of each --upload
size into an index of the seed article: the largest within 30 s is what the page should
take (Config.max_upload_mb).

The hostile table (HOSTILE): pages and texts of pathological shapes, the issue's page
and `<script ` × 5,000 at their own size, the others at --hostile-mb (the size limit,
max_file_mb). Each is read in a fresh process that meanwhile answers questions about the
seed article in another thread, as the page does while it adds an upload, and that runs
a thread sleeping 5 ms at a time: "read" is extraction alone (documents.read_article),
"+ chunk" the whole chunk_file, "answer" the slowest answer during chunk_file (a warm
one takes a few ms), "held" the longest the sleeper overslept (how long something held
the interpreter lock). Prints tables and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import ROOT, scifact_docs

CHILD = """
import json, resource, sys, time
from pathlib import Path
from qa.encoders.embedding import get_encoder
from qa.text.sources import chunk_file
count = get_encoder().count_tokens
count(["warm up the tokenizer"])
import trafilatura, yaml  # what reading may import, outside the timing
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path = Path(sys.argv[1])
started = time.perf_counter()
found, why, _ = chunk_file(path, path.name, count, 256, 1)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mb": (peak - before) / 1024, "passages": len(found), "why": why}))
"""


def prose(n_bytes: int) -> str:
    """Real English prose, paragraph by paragraph, about n_bytes long."""
    parts, size = [], 0
    for _, text in scifact_docs():
        body = text.split("\n\n", 1)[-1]
        parts.append(body)
        size += len(body.encode()) + 2
        if size >= n_bytes:
            break
    return "\n\n".join(parts)


def cjk(n_bytes: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
    sentences, size = [], 0
    while size < n_bytes:
        s = "".join(rng.choice(chars) for _ in range(rng.randint(12, 40))) + "。"
        sentences.append(s)
        size += len(s.encode())
    return "\n\n".join("".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6))


def files(folder: Path, mb: float) -> dict[str, Path]:
    n = int(mb * 2**20)
    text = prose(n)
    html = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    made = {
        "txt": ("a.txt", text),
        "md, front matter": (
            "a.md",
            f"---\ntitle: A long read\ndate: 16 September 2024\n---\n{text}",
        ),
        "html (English)": (
            "a.html",
            f"<html><head><title>T</title></head><body><article>{html}</article></body></html>",
        ),
        "html (CJK, synthetic)": (
            "c.html",
            "<html><head><meta charset='utf-8'><title>T</title></head><body><article>"
            + "".join(f"<p>{p}</p>\n" for p in cjk(n).split("\n\n"))
            + "</article></body></html>",
        ),
    }
    out = {}
    for kind, (name, content) in made.items():
        path = folder / f"{mb:g}MB-{name}"
        path.write_text(content, encoding="utf-8")
        out[kind] = path
    return out


HOSTILE_CHILD = """
import json, sys, threading, time
from pathlib import Path
import qa
from qa.core.config import Config
from qa.text.documents import read_article
from qa.encoders.embedding import get_encoder
from qa.text.sources import chunk_file, decode_source
path, seeds, index = (Path(a) for a in sys.argv[1:4])
config = Config(seeds_dir=seeds, index_dir=index)
count = get_encoder().count_tokens
count(["warm up the tokenizer"])
import trafilatura, yaml  # what reading may import, outside the timing
for _ in range(5):
    qa.answer("How many soldiers did North Korea send?", config=config)
data = path.read_bytes()
started = time.perf_counter()
read_article(path, path.name, decode_source(data, path.name))
extract = time.perf_counter() - started
answers, held, done = [], [0.0], threading.Event()
def answer():
    while not done.is_set():
        t = time.perf_counter()
        qa.answer("How many soldiers did North Korea send?", config=config)
        answers.append(time.perf_counter() - t)
def sleeper():
    last = time.perf_counter()
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        held[0] = max(held[0], now - last - 0.005)
        last = now
threads = [threading.Thread(target=answer), threading.Thread(target=sleeper)]
for t in threads:
    t.start()
time.sleep(0.2)
started = time.perf_counter()
found, why, _ = chunk_file(path, path.name, count, 256, 1)
seconds = time.perf_counter() - started
done.set()
for t in threads:
    t.join()
print(json.dumps({"read_s": extract, "chunk_s": seconds, "passages": len(found),
    "answer_max_s": max(answers), "answers": len(answers), "held_max_s": held[0],
    "why": why[:200]}))
"""

_P = "<p>The harbour reopened on Thursday, the port authority said.</p>"


def _page(body: str) -> str:
    return f"<html><head><title>T</title></head><body><article><h1>H</h1>{_P * 3}{body}</article></body></html>"


def _run(unit: str, n: int) -> str:
    return unit * (n // len(unit) + 1)


# name → (file name, text of about n characters); the first two keep their own size
HOSTILE = {
    "the issue's page (300 KB of <)": (
        "issue.html",
        lambda n: (
            "<html><body><article><h1>H</h1>" + _P * 3 + "<" * 300000 + "</article></body></html>"
        ),
    ),
    "<script x 5,000 (40 KB)": ("script.html", lambda n: _page("<script " * 5000)),
    "html: a run of <": ("lt.html", lambda n: _page(_run("<", n))),
    "html: unclosed <p> (1 element / 8 B)": ("p.html", lambda n: _page(_run("<p>word ", n))),
    "html: <script x n": ("scripts.html", lambda n: _page(_run("<script ", n))),
    "html: quoteless attributes": ("attrs.html", lambda n: _page(_run("<a b=c d=e ", n))),
    "html: JSON-LD authors": (
        "jsonld.html",
        lambda n: _page(
            '<script type="application/ld+json">{"@type":"NewsArticle",'
            + _run('"author": "((', n)
            + "</script>"
        ),
    ),
    "html: one paragraph of digits": ("digits.html", lambda n: _page("<p>" + _run("1", n))),
    "txt: one line of words": ("line.txt", lambda n: _run("word ", n)),
    "txt: no punctuation": ("nopunct.txt", lambda n: _run("the port reopened on thursday ", n)),
    "txt: no spaces": ("nospace.txt", lambda n: _run("a", n)),
    "txt: one-word paragraphs (CRLF)": ("crlf.txt", lambda n: _run("Word.\r\n\r\n", n)),
    "md: front matter never closed": ("front.md", lambda n: "---\n" + _run("title: x\n", n)),
    "md: lines of #": ("hashes.md", lambda n: _run("#\n", n)),
    "md: lines of -": ("dashes.md", lambda n: _run("-\n", n)),
    "md: headings only": ("headings.md", lambda n: _run("# heading\n", n)),
}


def hostile_case(path: Path, seeds: Path, index: Path) -> dict:
    return _child(HOSTILE_CHILD, path, seeds, index, timeout=3600)


def hostile_table(work: Path, mb: float) -> list[dict]:
    import qa
    from qa.core.config import Config

    seeds, index = work / "hostile-seeds", work / "hostile-index"
    shutil.copytree(ROOT / "seeds", seeds)
    qa.build_index(config=Config(seeds_dir=seeds, index_dir=index))
    rows = []
    print(f"{'hostile article':36} {'MB':>5} {'read':>7} {'+ chunk':>8} {'answer':>7} {'held':>6}")
    for kind, (name, make) in HOSTILE.items():
        path = work / name
        path.write_text(make(int(mb * 2**20)), encoding="utf-8")
        r = {"kind": kind, "mb": path.stat().st_size / 2**20, **hostile_case(path, seeds, index)}
        rows.append(r)
        print(
            f"{kind:36} {r['mb']:5.2f} {r['read_s']:6.2f}s {r['chunk_s']:7.2f}s "
            f"{r['answer_max_s']:6.2f}s {r['held_max_s']:5.2f}s",
            flush=True,
        )
    return rows


def read_case(path: Path) -> dict:
    return _child(CHILD, path, timeout=1800)


def _child(code: str, *args, timeout: float) -> dict:
    """The last line of a fresh `python -c code args` as JSON (its stderr when it fails)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def upload_seconds(mb: float, work: Path) -> tuple[float, int]:
    """An incremental build adding one article of `mb` MB to an index of the seed."""
    import qa
    from qa.core.config import Config

    seeds = work / f"seeds-{mb:g}"
    shutil.copytree(ROOT / "seeds", seeds)
    config = Config(seeds_dir=seeds, index_dir=work / f"index-{mb:g}")
    qa.build_index(config=config)
    (seeds / "upload.txt").write_text(prose(int(mb * 2**20)), encoding="utf-8")
    started = time.perf_counter()
    summary = qa.build_index(config=config)
    return time.perf_counter() - started, summary.embedded


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,4", help="MB of each file to read")
    ap.add_argument("--upload", default="0.25,0.5,1,2", help="MB of uploads to build")
    ap.add_argument("--hostile-mb", type=float, default=10, help="MB of the hostile articles")
    ap.add_argument("--only", choices=["reading", "uploads", "hostile"], help="one table")
    args = ap.parse_args(argv)
    sizes = [float(x) for x in args.sizes.split(",")] if args.only in (None, "reading") else []
    uploads = args.upload.split(",") if args.only in (None, "uploads") else []
    rows, hostile = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "hostile"):
            hostile = hostile_table(work, args.hostile_mb)
        for mb in sizes:
            for kind, path in files(work, mb).items():
                r = read_case(path)
                rows.append({"kind": kind, "mb": mb, **r})
                print(
                    f"{kind:22} {mb:>4g} MB: {r['seconds']:6.2f} s ({r['seconds'] / mb:5.2f} s/MB), "
                    f"peak RSS +{r['rss_mb']:6.1f} MB ({r['rss_mb'] / mb:5.1f} MB/MB), "
                    f"{r['passages']} passages",
                    flush=True,
                )
        builds = []
        for mb in (float(x) for x in uploads):
            seconds, embedded = upload_seconds(mb, work)
            builds.append({"mb": mb, "seconds": seconds, "passages": embedded})
            print(
                f"upload of {mb:g} MB: built in {seconds:.1f} s ({embedded} passages)", flush=True
            )
    within = [b["mb"] for b in builds if b["seconds"] <= 30]
    largest = max(within) if within else 0
    if builds:
        print(f"largest upload indexed within 30 s: {largest:g} MB (of those tried)")
    out = {"reading": rows, "uploads": builds, "largest_within_30s_mb": largest, "hostile": hostile}
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
