"""trenchcoat: score text with string metrics, neural metrics, reward models and LLM judges behind one
interface, and meta-evaluate them against human judgments.

The Python module of the trenchcoat C++ library. Everything here calls the same code as the ``trenchcoat``
command line, so a score computed here equals the one ``trenchcoat score`` writes.

Main entry points:

* :class:`Scorer` -- ``Scorer("chrf").score(rows)`` gives a numpy array of item scores,
  ``Scorer("bleu").corpus_score(rows)`` sacreBLEU's corpus score.
* meta-evaluation on numpy arrays: :func:`pearson`, :func:`spearman`, :func:`kendall_tau`,
  :func:`kendall_variant`, :func:`agreement`, :func:`pairwise_accuracy`, :func:`calibration_error`,
  :func:`brier_score`, :func:`best_of_n_curve`, ...
* probes: :func:`apply_probe`, :func:`probe_names`.
* :mod:`trenchcoat.adapters` -- reward functions for TRL, verl and OpenRLHF.
* :mod:`trenchcoat.dask` -- scoring Dask collections (and Ray datasets) with bit-exact corpus scores.

Errors in the input raise :class:`Error`, a :class:`ValueError` with ``file`` and ``line``.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._trenchcoat import Error, __version__
from ._scorer import Issue, ScoreRun, Scorer, ScorerInfo, ScorerOption, parse_spec, scorers
from ._meta import (
    Agreement,
    BestOfNPoint,
    BrierDecomposition,
    Calibration,
    Correlation,
    PairwiseAccuracy,
    ReliabilityBin,
    ReliabilityDiagram,
    agreement,
    agreement_statistics,
    base_rate,
    best_of_n_curve,
    best_of_n_kl,
    brier_decomposition,
    brier_score,
    calibration_error,
    kendall_tau,
    kendall_variant,
    log_loss,
    pairwise_accuracy,
    pearson,
    roc_auc,
    spearman,
    weighted_tau,
)
from ._probes import ProbeInfo, ProbeOutcome, apply_probe, probe_info, probe_names

__all__ = [
    "Agreement",
    "BestOfNPoint",
    "BrierDecomposition",
    "Calibration",
    "Correlation",
    "Error",
    "Issue",
    "PairwiseAccuracy",
    "ProbeInfo",
    "ProbeOutcome",
    "ReliabilityBin",
    "ReliabilityDiagram",
    "ScoreRun",
    "Scorer",
    "ScorerInfo",
    "ScorerOption",
    "__version__",
    "agreement",
    "agreement_statistics",
    "apply_probe",
    "base_rate",
    "best_of_n_curve",
    "best_of_n_kl",
    "brier_decomposition",
    "brier_score",
    "calibration_error",
    "kendall_tau",
    "kendall_variant",
    "log_loss",
    "pairwise_accuracy",
    "parse_spec",
    "pearson",
    "probe_info",
    "probe_names",
    "roc_auc",
    "scorers",
    "spearman",
    "weighted_tau",
]


def __getattr__(name: str) -> Any:
    # trenchcoat.adapters and trenchcoat.dask load on first use: dask is optional.
    if name in ("adapters", "dask"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'trenchcoat' has no attribute {name!r}")
