"""Meta-evaluation on numpy arrays: how well do metric scores agree with human (gold) scores?

Every function takes array-likes (converted to float64 numpy arrays) and returns plain numbers or
dataclasses. The statistics are the ones ``trenchcoat meta corr``, ``meta pairs``, ``meta calib`` and
``meta bon`` compute: scipy's correlations, mt-metrics-eval's Kendall variants and agreement statistics,
sklearn-style calibration, and Gao et al.'s best-of-n estimator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Optional

import numpy as np

from . import _trenchcoat


def _array(values: Any) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.float64))


@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient and its two-sided p-value (NaN where undefined, as scipy reports it)."""

    statistic: float
    p_value: float


def pearson(x: Any, y: Any) -> Correlation:
    """Pearson's r as ``scipy.stats.pearsonr`` computes it (NaN for fewer than two values or a constant)."""
    c = _trenchcoat.pearson(_array(x), _array(y))
    return Correlation(c.statistic, c.p_value)


def spearman(x: Any, y: Any) -> Correlation:
    """Spearman's rho as ``scipy.stats.spearmanr`` computes it (average ranks for ties)."""
    c = _trenchcoat.spearman(_array(x), _array(y))
    return Correlation(c.statistic, c.p_value)


def kendall_tau(
    x: Any,
    y: Any,
    variant: Literal["b", "c"] = "b",
    method: Literal["auto", "exact", "asymptotic"] = "auto",
    nan_policy: Literal["propagate", "omit"] = "propagate",
) -> Correlation:
    """Kendall's tau-b or tau-c as ``scipy.stats.kendalltau`` computes it, with its p-value."""
    c = _trenchcoat.kendall_tau(_array(x), _array(y), variant, method, nan_policy)
    return Correlation(c.statistic, c.p_value)


def weighted_tau(
    x: Any, y: Any, rank: Literal["both_orders", "by_x_then_y", "by_index"] = "both_orders", additive: bool = True
) -> float:
    """``scipy.stats.weightedtau``'s statistic with the hyperbolic weigher (rank="both_orders" is scipy's
    rank=True, "by_x_then_y" rank=None, "by_index" rank=False)."""
    return _trenchcoat.weighted_tau(_array(x), _array(y), rank, additive)


def kendall_variant(
    gold: Any, metric: Any, variant: Literal["b", "c", "tau23", "acc23"] = "tau23", epsilon: float = 0.0
) -> float:
    """mt-metrics-eval's ``KendallVariants`` (Deutsch, Foster & Freitag 2023, "Ties Matter"): tau-b, tau-c,
    tau_23 or acc_23 of (gold, metric), with metric differences up to `epsilon` counted as ties. Arguments
    are in that order (the counts are not symmetric with epsilon > 0); no NaN allowed."""
    return _trenchcoat.kendall_variant(_array(gold), _array(metric), variant, epsilon)


@dataclass(frozen=True)
class Agreement:
    """One agreement statistic of a metric against gold (as ``trenchcoat meta corr`` reports it)."""

    statistic: str
    value: float
    groups: int
    """Groups averaged (1 for the pooled statistics)."""
    groups_skipped: int
    """Groups left out as mt-metrics-eval leaves them out (fewer than two gold scores, undefined value)."""
    p_value_mean: Optional[float] = None
    epsilon: Optional[float] = None
    """Tie-calibrated statistics: the metric tie threshold of the best value."""
    pairs: Optional[float] = None
    metric_tied_pairs: Optional[int] = None
    gold_tied_pairs: Optional[int] = None
    agreeing_pairs: Optional[int] = None


def agreement_statistics() -> list[str]:
    """The names :func:`agreement` takes: pearson, spearman, kendall-b, kendall-c, tau23, acc23, weighted-tau,
    acc23-opt, tau23-opt, kendall-like, pairwise-acc, spa."""
    return list(_trenchcoat.agreement_statistic_names())


def agreement(
    gold: Any,
    metric: Any,
    statistic: str = "pearson",
    grouping: Literal["none", "item", "sys"] = "none",
    epsilon: float = 0.0,
    kendall_like_threshold: float = 0.0,
) -> Agreement:
    """One agreement statistic (:func:`agreement_statistics`) of `metric` against `gold`, both shaped
    (systems, items) (or 1-D: one system); NaN in gold is a missing judgment. grouping: ``"none"`` pools
    every score, ``"item"`` averages over items (each item's scores across systems), ``"sys"`` over systems.
    Follows mt-metrics-eval as ``trenchcoat meta corr --stat`` does."""
    d = _trenchcoat.agreement(_array(gold), _array(metric), statistic, grouping, epsilon, kendall_like_threshold)
    return Agreement(**d)


@dataclass(frozen=True)
class PairwiseAccuracy:
    """System-level pairwise accuracy (Kocmi et al. 2021)."""

    agree: int
    pairs: int
    accuracy: float
    """agree / pairs; NaN when there is no pair."""


def pairwise_accuracy(gold: Any, metric: Any) -> PairwiseAccuracy:
    """The share of pairs i < j (both gold values present, i.e. not NaN) that gold and metric order the same
    way; a tie on both sides agrees, a tie on one side does not."""
    agree, pairs, accuracy = _trenchcoat.pairwise_accuracy(_array(gold), _array(metric))
    return PairwiseAccuracy(agree, pairs, accuracy)


@dataclass(frozen=True)
class ReliabilityBin:
    """One occupied bin of a reliability diagram."""

    index: int
    count: int
    accuracy: float
    """Mean label in the bin."""
    confidence: float
    """Mean probability in the bin."""
    lower: float
    upper: float


@dataclass(frozen=True)
class ReliabilityDiagram:
    """The bins of a calibration measurement."""

    num_bins: int
    binning: str
    edges: list[float]
    counts: list[int]
    """Items per bin, all bins (0 for empty ones)."""
    bins: list[ReliabilityBin]
    """The occupied bins."""


@dataclass(frozen=True)
class Calibration:
    """Binned calibration error of probabilities against labels."""

    ece: float
    mce: float
    rmsce: float
    diagram: ReliabilityDiagram


BinningName = Literal["equal_width_right_closed", "equal_width_left_closed", "equal_mass", "equal_mass_ties_together"]


def calibration_error(p: Any, y: Any, num_bins: int = 10, binning: BinningName = "equal_width_right_closed") -> Calibration:
    """ECE, MCE and RMSCE of probabilities `p` (in [0, 1]) against labels `y` (0/1 or soft), with the
    reliability diagram. ``equal_width_right_closed`` is sklearn's calibration_curve 'uniform';
    ``equal_mass_ties_together`` is what ``trenchcoat meta calib`` reports. Bad input raises
    :class:`trenchcoat.Error`."""
    d = _trenchcoat.calibration_error(_array(p), _array(y), num_bins, binning)
    diagram = d["diagram"]
    return Calibration(
        ece=d["ece"],
        mce=d["mce"],
        rmsce=d["rmsce"],
        diagram=ReliabilityDiagram(
            num_bins=diagram["num_bins"],
            binning=diagram["binning"],
            edges=list(diagram["edges"]),
            counts=list(diagram["counts"]),
            bins=[ReliabilityBin(**b) for b in diagram["bins"]],
        ),
    )


@dataclass(frozen=True)
class BrierDecomposition:
    """Murphy's decomposition: brier = reliability - resolution + uncertainty + within_bin."""

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin: float


def brier_decomposition(
    p: Any, y: Any, num_bins: int = 10, binning: BinningName = "equal_width_right_closed"
) -> BrierDecomposition:
    """The Brier score split over the bins of :func:`calibration_error`."""
    return BrierDecomposition(**_trenchcoat.brier_decomposition(_array(p), _array(y), num_bins, binning))


def brier_score(p: Any, y: Any) -> float:
    """Mean of (p - y)^2."""
    return _trenchcoat.brier_score(_array(p), _array(y))


def log_loss(p: Any, y: Any, eps: float = 2.220446049250313e-16) -> float:
    """Log loss with p clipped to [eps, 1 - eps] (sklearn >= 1.2's default eps)."""
    return _trenchcoat.log_loss(_array(p), _array(y), eps)


def roc_auc(p: Any, y: Any) -> Optional[float]:
    """ROC AUC (sklearn's roc_auc_score for 0/1 labels); None when only one class is present."""
    return _trenchcoat.roc_auc(_array(p), _array(y))


def base_rate(y: Any) -> float:
    """The mean label."""
    return _trenchcoat.base_rate(_array(y))


@dataclass(frozen=True)
class BestOfNPoint:
    """One point of a best-of-n curve."""

    n: int
    kl: float
    """The analytic best-of-n KL, log n - (n-1)/n."""
    distance: float
    """sqrt(kl)."""
    gold: float
    """Expected gold score of the proxy-best of n candidates."""
    proxy: float
    """Expected proxy score of the proxy-best of n."""
    gap: float
    """proxy - gold: the over-optimisation gap."""


def best_of_n_curve(proxy: Any, gold: Any) -> list[BestOfNPoint]:
    """Best-of-n over-optimisation (Gao, Schulman & Hilton 2023): the expected gold and proxy score of the
    proxy-best of n candidates, n = 1..N, from the unbiased all-subsets estimator. `proxy` and `gold` are one
    prompt's N candidate scores (1-D), or one row per prompt (2-D, or lists of lists of any lengths; the
    curve then runs to the smallest N and averages over prompts)."""
    def prompts(values: Any) -> list[list[float]]:
        if isinstance(values, np.ndarray) and values.ndim == 1:
            return [values.astype(np.float64).tolist()]
        if isinstance(values, Sequence) and values and not isinstance(values[0], (Sequence, np.ndarray)):
            return [list(map(float, values))]
        return [np.asarray(v, dtype=np.float64).tolist() for v in values]

    return [BestOfNPoint(**p) for p in _trenchcoat.best_of_n_curve(prompts(proxy), prompts(gold))]


def best_of_n_kl(n: int) -> float:
    """KL(best-of-n || base) = log n - (n-1)/n."""
    return _trenchcoat.best_of_n_kl(n)


__all__ = [
    "Agreement",
    "BestOfNPoint",
    "BrierDecomposition",
    "Calibration",
    "Correlation",
    "PairwiseAccuracy",
    "ReliabilityBin",
    "ReliabilityDiagram",
    "agreement",
    "agreement_statistics",
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
    "pearson",
    "roc_auc",
    "spearman",
    "weighted_tau",
]
