"""`make bench`: time the whole pipeline on real French news and print throughput.

Runs recoupe on the first N articles of ../shared/data/orangesum-fr/articles.jsonl.gz
(AFP-style dispatches, ~350 words each), into a fresh store, and prints articles/s
overall and per stage, plus peak memory. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import recoupe
from recoupe.evaluate import default_data_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument(
        "--add-one",
        action="store_true",
        help="instead: the corpus stages' cost of adding one document to stores of "
        "10,000, 36,142 and 100,000 documents (bench/add_one.py)",
    )
    parser.add_argument(
        "--sizes",
        type=lambda v: tuple(int(x) for x in v.split(",")),
        default=None,
        help="with --add-one: store sizes, comma-separated (default 10000,36142,100000)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="with --add-one: write cProfile statistics of the additions to PROFILE.<size>",
    )
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes (default 2: one per core here)"
    )
    args = parser.parse_args()
    if args.add_one:
        from add_one import SIZES
        from add_one import main as add_one

        return add_one(args.data, args.sizes or SIZES, args.profile)

    source = (args.data or default_data_dir()) / "orangesum-fr" / "articles.jsonl.gz"
    if not source.exists():
        print(f"bench: {source} not found; the shared data folder is needed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="recoupe-bench-") as tmp:
        feed = Path(tmp) / "orangesum.jsonl"
        words = 0
        with gzip.open(source, "rt", encoding="utf-8") as fh, feed.open("w") as out:
            for i, line in enumerate(fh):
                if i >= args.n:
                    break
                rec = json.loads(line)
                words += len(rec["article"].split()) + len(rec["heading"].split())
                out.write(line)
        started = time.perf_counter()
        summary = recoupe.run(
            [feed],
            db=Path(tmp) / "bench.db",
            overrides=[
                'read.jsonl_text=["heading", "article"]',
                f"run.workers={args.workers}",
            ],
        )
        elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = summary.read
    print(
        f"recoupe {recoupe.__version__} bench: {n} orangesum-fr articles, {words} words, "
        f"{args.workers} worker process(es)"
    )
    print(f"total        {elapsed:8.1f} s   {n / elapsed:8.2f} articles/s (model loading included)")
    print("per stage: seconds summed over the workers; docs/s per worker process")
    print(f"{'stage':22} {'seconds':>9} {'docs':>7} {'docs/s':>10}")
    for name, stats in summary.stages.items():
        rate = stats["docs_per_s"]
        print(
            f"{name:22} {stats['seconds']:9.2f} {stats['documents']:7d} "
            f"{(f'{rate:10.1f}' if rate else '         -')}"
        )
    print(
        f"peak memory  {peak_mib:.0f} MiB main process, {peak_children:.0f} MiB largest worker (max RSS)"
    )
    print(f"rejected     {len(summary.rejections)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
