#!/usr/bin/env python3
"""Scaling efficiency of trenchcoat.dask: corpus chrF (and the per-row scores) of --segments segments on a
distributed.LocalCluster of --workers single-threaded worker processes on loopback, against one process
scoring the same rows, and a check that both corpus scores are equal bit for bit.

The rows are a JSON Lines file written first (deterministic: examples/translation segments with their words
rotated, candidate against reference A and B), so both sides read their input from disk: one process reads it
with pandas and calls Scorer.run once; the cluster reads it with dask.dataframe.read_json in --blocksize
blocks, each worker scoring its partitions. Efficiency = one-process time / (workers x cluster time), where
the cluster time excludes starting the cluster.

  PYTHONPATH=build/python /usr/bin/python3 bench/dask_scaling.py --segments 1000000
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build" / "python"))

import trenchcoat  # noqa: E402
import trenchcoat.dask  # noqa: E402


def write_rows(path: pathlib.Path, n: int) -> None:
    d = REPO / "examples" / "translation"
    refs_a = (d / "ref.A.de").read_text(encoding="utf-8").splitlines()
    refs_b = (d / "ref.B.de").read_text(encoding="utf-8").splitlines()
    systems = [(d / f"{s}.de").read_text(encoding="utf-8").splitlines() for s in ("system-1", "system-2")]
    written = 0
    copy = 0
    with path.open("w", encoding="utf-8") as out:
        while written < n:
            for system in systems:
                for hyp, a, b in zip(system, refs_a, refs_b):
                    if written == n:
                        return
                    words = hyp.split()
                    k = copy % max(len(words), 1)
                    row = {"candidate": " ".join(words[k:] + words[:k]), "references": [a, b]}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    written += 1
            copy += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", default="8MB", help="dask read_json block size (default 8MB)")
    parser.add_argument("--metric", default="chrf")
    args = parser.parse_args()
    import distributed
    import dask.dataframe as dd
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "rows.jsonl"
        write_rows(path, args.segments)
        size_mb = path.stat().st_size / 1e6

        start = time.perf_counter()
        frame = pd.read_json(path, lines=True)
        run = trenchcoat.Scorer(args.metric).run(frame)
        one = time.perf_counter() - start

        with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            client.run(lambda: None)  # workers up
            start = time.perf_counter()
            ddf = dd.read_json(str(path), lines=True, blocksize=args.blocksize)
            result = trenchcoat.dask.score(ddf, args.metric)
            many = time.perf_counter() - start
            partitions = ddf.npartitions

    print(f"{args.metric} over {args.segments:,} segments ({size_mb:.0f} MB JSONL), trenchcoat {trenchcoat.__version__}")
    print(f"one process:                     {one:8.2f} s   corpus {run.corpus_score!r}")
    print(f"LocalCluster {args.workers} x 1 thread, {partitions} partitions: {many:8.2f} s   corpus {result.corpus_score!r}")
    print(f"speed-up {one / many:.2f}x, scaling efficiency {one / (args.workers * many):.0%}; "
          f"corpus scores equal: {result.corpus_score == run.corpus_score}; "
          f"row scores equal: {result.scores.tolist() == run.scores.tolist()}")
    return 0 if result.corpus_score == run.corpus_score else 1


if __name__ == "__main__":
    sys.exit(main())
