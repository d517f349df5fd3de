#!/usr/bin/env python3
"""Per-call overhead of the Python module against sacreBLEU's Python API, on the same items, in one run.

For BLEU and chrF it times, as the median of --repeats rounds:
  * 1 item:      trenchcoat.Scorer(m).score([row])          vs  sacrebleu.metrics.X().sentence_score(hyp, refs)
  * 1,000 items: trenchcoat.Scorer(m).score(rows)           vs  [X().sentence_score(h, r) for each item]
  * 1,000 items: trenchcoat.Scorer(m).corpus_score(rows)    vs  X().corpus_score(hyps, refs)
and prints microseconds per call and the ratio (sacreBLEU time / trenchcoat time). sacreBLEU's BLEU for
sentences uses effective_order=True, as trenchcoat's item scores do. The scores of both are compared too.

Items: --hyp/--ref text files (one segment a line; the first --items lines), else the shipped example
(examples/translation, both systems against reference A, words rotated per copy to make 1,000 distinct items).
sacreBLEU is imported if it can be (put a checkout on PYTHONPATH); otherwise only trenchcoat is timed.

  PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py
  PYTHONPATH=build/python:/path/to/sacrebleu /usr/bin/python3 bench/python_overhead.py \\
      --hyp newstest2021.en-de.hyp.Facebook-AI.de --ref newstest2021.en-de.ref.A.de
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time
from typing import Callable

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build" / "python"))

import trenchcoat  # noqa: E402


def example_items(n: int) -> tuple[list[str], list[str]]:
    d = REPO / "examples" / "translation"
    refs = (d / "ref.A.de").read_text(encoding="utf-8").splitlines()
    hyps_by_system = [(d / f"{s}.de").read_text(encoding="utf-8").splitlines() for s in ("system-1", "system-2")]
    hyps, out_refs = [], []
    copy = 0
    while len(hyps) < n:
        for system in hyps_by_system:
            for hyp, ref in zip(system, refs):
                words = hyp.split()
                k = copy % max(len(words), 1)
                hyps.append(" ".join(words[k:] + words[:k]))
                out_refs.append(ref)
        copy += 1
    return hyps[:n], out_refs[:n]


def file_items(hyp: str, ref: str, n: int) -> tuple[list[str], list[str]]:
    hyps = pathlib.Path(hyp).read_text(encoding="utf-8").splitlines()[:n]
    refs = pathlib.Path(ref).read_text(encoding="utf-8").splitlines()[:n]
    if len(hyps) != len(refs):
        sys.exit(f"python_overhead: {len(hyps)} hypotheses but {len(refs)} references")
    return hyps, refs


def per_call_seconds(fn: Callable[[], object], calls: int, repeats: int) -> float:
    rounds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        rounds.append((time.perf_counter() - start) / calls)
    return statistics.median(rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hyp", help="hypotheses, one segment a line")
    parser.add_argument("--ref", help="references, one segment a line")
    parser.add_argument("--items", type=int, default=1000, help="items of the batch case (default 1000)")
    parser.add_argument("--repeats", type=int, default=7, help="rounds per case; the median is reported")
    args = parser.parse_args()
    hyps, refs = file_items(args.hyp, args.ref, args.items) if args.hyp else example_items(args.items)
    rows = [{"candidate": h, "references": [r]} for h, r in zip(hyps, refs)]
    try:
        import sacrebleu
        from sacrebleu.metrics import BLEU, CHRF
    except ImportError:
        sacrebleu = None
    source = f"{args.hyp} vs {args.ref}" if args.hyp else "examples/translation (rotated copies)"
    print(f"items: {len(rows)} from {source}; trenchcoat {trenchcoat.__version__}; "
          f"sacreBLEU {sacrebleu.__version__ if sacrebleu else 'not importable: skipped'}; "
          f"Python {sys.version.split()[0]}; median of {args.repeats} rounds")
    print(f"{'case':<28} {'trenchcoat us/call':>18} {'sacreBLEU us/call':>18} {'ratio':>8}  scores equal")
    for metric in ("bleu", "chrf"):
        scorer = trenchcoat.Scorer(metric)
        if sacrebleu:
            sentence_metric = BLEU(effective_order=True) if metric == "bleu" else CHRF()
            corpus_metric = BLEU() if metric == "bleu" else CHRF()
        one = rows[:1]
        cases = [
            ("1 item, sentence score", lambda: scorer.score(one), 2000,
             (lambda: sentence_metric.sentence_score(hyps[0], [refs[0]])) if sacrebleu else None,
             lambda: scorer.score(one).tolist() == [sentence_metric.sentence_score(hyps[0], [refs[0]]).score]),
            (f"{len(rows)} items, sentence scores", lambda: scorer.score(rows), 3,
             (lambda: [sentence_metric.sentence_score(h, [r]) for h, r in zip(hyps, refs)]) if sacrebleu else None,
             lambda: scorer.score(rows).tolist() == [sentence_metric.sentence_score(h, [r]).score for h, r in zip(hyps, refs)]),
            (f"{len(rows)} items, corpus score", lambda: scorer.corpus_score(rows), 3,
             (lambda: corpus_metric.corpus_score(hyps, [refs])) if sacrebleu else None,
             lambda: scorer.corpus_score(rows) == corpus_metric.corpus_score(hyps, [refs]).score),
        ]
        for name, ours, calls, theirs, equal in cases:
            t_ours = per_call_seconds(ours, calls, args.repeats)
            label = f"{metric} {name}"
            if theirs is None:
                print(f"{label:<28} {t_ours * 1e6:>18.1f} {'-':>18} {'-':>8}  -")
                continue
            t_theirs = per_call_seconds(theirs, calls, args.repeats)
            print(f"{label:<28} {t_ours * 1e6:>18.1f} {t_theirs * 1e6:>18.1f} {t_theirs / t_ours:>7.1f}x  {equal()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
