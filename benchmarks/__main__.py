"""All benchmarks, one after the other: `python -m benchmarks [--quick]`.

--quick skips the slow ones (the 10k build, 10^6 search, the million-passage index, the
10^6 integrity check and chunking 10 MB) and sizes the stores' comparison at 200 abstracts.
Each prints its own table and a JSON line; see README "Performance". The load test
(`python -m benchmarks.load`) is not among them: it runs the app for minutes.
"""

import argparse

from . import (
    abstention,
    articles,
    build,
    chunking,
    dated,
    followups,
    heldout,
    integrity,
    million,
    precision,
    query,
    scale,
    startup,
    stores,
)

parser = argparse.ArgumentParser(
    prog="python -m benchmarks", description="Runs every benchmark but the load test."
)
parser.add_argument("--quick", action="store_true", help="skip the slow parts (see README)")
quick = parser.parse_args().quick
query.main([])
startup.main([])
precision.main([])
abstention.main()
followups.main()
heldout.main([])
articles.main([])
dated.main([])
chunking.main(["--sizes", "0.1,1" if quick else "0.1,1,10"])
build.main(["--sizes", "500" if quick else "500,5183"])
scale.main(["--sizes", "10000" if quick else "10000,100000,1000000"])
stores.main(["--docs", "200"] if quick else [])
if not quick:
    million.main([])
    integrity.main([])
