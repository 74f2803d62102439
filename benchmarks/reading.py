"""Reading articles: seconds and peak memory per MB, and the largest upload indexed in 30 s.

    python -m benchmarks.reading [--sizes 1,4] [--upload 0.25,0.5,1,2]

Reading is what a build does to a file before encoding it: decode, extract (HTML),
front matter, paragraphs, sentences and token-bounded passages (qa.sources.chunk_file,
with the real tokenizer). Each case runs in a fresh process, which reports its time and
the growth of its peak RSS over what the imports took. The text is real English prose
(SciFact abstracts, end to end); the CJK page is synthetic (common CJK characters drawn
at random, in sentences), which flatters nothing but the sentence splitter. Then whole
incremental builds (reading + encoding + writing) of one new article of each --upload
size into an index of the seed article: the largest within 30 s is what the page should
take (Config.max_upload_mb). Prints a table and one JSON line.
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
from qa.embedding import get_encoder
from qa.sources import chunk_file
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


def read_case(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def upload_seconds(mb: float, work: Path) -> tuple[float, int]:
    """An incremental build adding one article of `mb` MB to an index of the seed."""
    import qa
    from qa.config import Config

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
    args = ap.parse_args(argv)
    sizes = [float(x) for x in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
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
        for mb in (float(x) for x in args.upload.split(",")):
            seconds, embedded = upload_seconds(mb, work)
            builds.append({"mb": mb, "seconds": seconds, "passages": embedded})
            print(
                f"upload of {mb:g} MB: built in {seconds:.1f} s ({embedded} passages)", flush=True
            )
    within = [b["mb"] for b in builds if b["seconds"] <= 30]
    largest = max(within) if within else 0
    print(f"largest upload indexed within 30 s: {largest:g} MB (of those tried)")
    out = {"reading": rows, "uploads": builds, "largest_within_30s_mb": largest}
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
