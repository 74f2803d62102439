"""`qa add URL` against servers that misbehave: peak memory on a gzip bomb, and seconds
until a response whose headers trickle in is given up.

    python -m benchmarks.fetching [--bomb-mb 1024] [--cap-mb 10] [--every 1] [--deadline 10]

Each case runs `qa.building.adding.add_source` in a fresh process against a loopback server
(benchmarks/loopback.py) and reports what it said, its seconds, the peak of Python's
allocations (tracemalloc) and the growth of its peak RSS over what the imports took.
The bomb is `--bomb-mb` of zeros gzipped (~1 KB per MB), sent with Content-Encoding:
gzip, against a download cap of `--cap-mb` (Config.max_file_mb); the trickle sends one
header byte every `--every` seconds for up to 6 × `--deadline`. Prints a table and one
JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

from .corpus import ROOT
from .loopback import Loopback, gzip_bomb, page, trickle

CHILD = """
import json, resource, sys, tempfile, time, tracemalloc
from pathlib import Path
import httpx  # what fetching imports, outside the measure
from qa.building.adding import add_source
from qa.core.errors import QAError
url, cap, deadline = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
started = time.perf_counter()
try:
    said = "saved " + add_source(url, Path(tempfile.mkdtemp()), cap, timeout=30, deadline=deadline).name
except QAError as e:
    said = f"{type(e).__name__}: {e}"
seconds = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1]
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"said": said, "seconds": round(seconds, 2), "peak_mb": round(peak / 2**20, 1),
                  "rss_growth_mb": round(grown / 1024, 1)}))
"""


def run(url: str, cap: int, deadline: float) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(cap), str(deadline)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=deadline * 10 + 120,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.splitlines()[-1])


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.fetching", description=__doc__)
    p.add_argument("--bomb-mb", type=int, default=1024)
    p.add_argument("--cap-mb", type=float, default=10.0)
    p.add_argument("--every", type=float, default=1.0)
    p.add_argument("--deadline", type=float, default=10.0)
    args = p.parse_args(argv)
    cap = int(args.cap_mb * 2**20)
    bomb = gzip_bomb(args.bomb_mb * 2**20)
    routes = {
        "/bomb": page(bomb, headers=("Content-Encoding: gzip",)),
        "/trickle": trickle(args.every, 6 * args.deadline),
    }
    results = {}
    with Loopback(routes) as web, tempfile.TemporaryDirectory():
        results["gzip bomb"] = run(web.url("/bomb"), cap, 60)
        results["trickled headers"] = run(web.url("/trickle"), cap, args.deadline)
    print(f"{'case':<18} {'seconds':>8} {'peak MB':>8} {'RSS +MB':>8}  said")
    for case, r in results.items():
        print(
            f"{case:<18} {r['seconds']:>8.2f} {r['peak_mb']:>8.1f} {r['rss_growth_mb']:>8.1f}"
            f"  {r['said'][:90]}"
        )
    record = {"bomb_bytes": len(bomb), "bomb_mb": args.bomb_mb, "cap_mb": args.cap_mb}
    record |= {"every": args.every, "deadline": args.deadline, "results": results}
    print(json.dumps(record))
    return record


if __name__ == "__main__":
    main()
