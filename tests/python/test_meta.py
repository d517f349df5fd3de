"""Meta-evaluation calls on numpy arrays, against the reference values of tests/fixtures."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import trenchcoat
from conftest import FIXTURES


def vectors(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def test_scipy_correlations():
    v = vectors("scipy_vectors.json")  # scipy 1.10 on the inputs W1.x, W1.y
    x, y = np.array(v["W1.x"]), np.array(v["W1.y"])
    p = trenchcoat.pearson(x, y)
    assert isinstance(p, trenchcoat.Correlation)
    assert close(p.statistic, v["W1.pearson"][0]) and close(p.p_value, v["W1.pearson"][1])
    s = trenchcoat.spearman(x, y)
    assert close(s.statistic, v["W1.spearman"][0]) and close(s.p_value, v["W1.spearman"][1])
    k = trenchcoat.kendall_tau(x, y)
    assert close(k.statistic, v["W1.kendalltau_b"][0]) and close(k.p_value, v["W1.kendalltau_b"][1])
    assert close(trenchcoat.kendall_tau(x, y, variant="c").statistic, v["W1.kendalltau_c"][0])
    assert close(trenchcoat.weighted_tau(x, y), v["W1.weightedtau.default"])
    # Lists work as well as arrays.
    assert trenchcoat.pearson(list(x), list(y)) == p


def test_grouped_agreement_statistics():
    v = vectors("corr_vectors.json")  # mt-metrics-eval reference functions on V1 (2 systems x 3 items)
    gold = np.array([[1, 2, 3], [4, 5, 6]], dtype=float)
    metric = np.array([[2, 1, 4], [3, 3, 7]], dtype=float)
    for grouping in ("none", "sys", "item"):
        a = trenchcoat.agreement(gold, metric, "pearson", grouping=grouping)
        assert isinstance(a, trenchcoat.Agreement)
        assert close(a.value, v[f"V1.pearson.{grouping}"])
        assert trenchcoat.agreement(gold, metric, "tau23", grouping=grouping).value == v[f"V1.23.{grouping}"]
        assert trenchcoat.agreement(gold, metric, "kendall-b", grouping=grouping).value == v[f"V1.kendall_b.{grouping}"]
    assert "acc23-opt" in trenchcoat.agreement_statistics()
    with pytest.raises(trenchcoat.Error, match="statistic"):
        trenchcoat.agreement(gold, metric, "no-such-statistic")


def test_kendall_variants_with_ties():
    v = vectors("corr_vectors.json")  # V2: gold 1 2 2 3 4, metric 2 1 1.5 5 3 (tests/unit/grouped_correlation_test.cpp)
    gold, metric = [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]
    assert trenchcoat.kendall_variant(gold, metric, "tau23") == v["V2.23"]
    assert trenchcoat.kendall_variant(gold, metric, "acc23") == v["V2.acc23"]
    assert trenchcoat.kendall_variant(gold, metric, "acc23", epsilon=2) == v["V2.acc23.eps2"]


def test_pairwise_accuracy():
    # Hand computation: pairs (0,1) agree, (0,2) agree, (1,2) disagree (gold 2 < 3, metric 5 > 4): 2 of 3.
    a = trenchcoat.pairwise_accuracy([1, 2, 3], [1, 5, 4])
    assert (a.agree, a.pairs) == (2, 3) and a.accuracy == 2 / 3


def test_calibration():
    v = vectors("calib_vectors.json")  # numpy/sklearn reference values on CAL.boundary.p / .y
    p, y = v["CAL.boundary.p"], v["CAL.boundary.y"]
    c = trenchcoat.calibration_error(p, y, num_bins=10)
    ref = v["CAL.boundary.B10.right_closed"]
    assert (c.ece, c.mce, c.rmsce) == (ref["ece"], ref["mce"], ref["rmsce"])
    assert [[b.index, b.count] for b in c.diagram.bins] == ref["bins"]
    assert [b.accuracy for b in c.diagram.bins] == ref["acc"]
    assert trenchcoat.brier_score(p, y) == v["CAL.boundary.brier"]
    assert trenchcoat.log_loss(p, y) == v["CAL.boundary.logloss_eps_auto"]
    d = trenchcoat.brier_decomposition(p, y)
    assert close(d.reliability - d.resolution + d.uncertainty + d.within_bin, d.brier)
    with pytest.raises(trenchcoat.Error):
        trenchcoat.calibration_error([0.5, 1.5], [0, 1])


def test_best_of_n():
    v = vectors("lc_bon_vectors.json")  # Gao et al. 2023 estimator, reference implementation values
    inputs = v["BON.unbiased.input"]
    curve = trenchcoat.best_of_n_curve(inputs["proxy"], inputs["gold"])
    assert [p.n for p in curve] == list(range(1, 7))
    for point in curve:
        ref = v["BON.unbiased"][str(point.n)]
        assert close(point.gold, ref["E_gold"]) and close(point.proxy, ref["E_proxy"])
    assert trenchcoat.best_of_n_kl(2) == v["BON.KL"]["2"]
    # Two prompts: the curve is the mean over prompts.
    two = trenchcoat.best_of_n_curve([inputs["proxy"]] * 2, [inputs["gold"]] * 2)
    assert [p.gold for p in two] == [p.gold for p in curve]


def test_probes():
    names = trenchcoat.probe_names()
    assert "truncation" in names and "word-shuffle" in names
    info = trenchcoat.probe_info("source-copy")
    assert info.needs_source
    # truncation keeps the first floor(n/2) of n words (probes/probe.hpp).
    out = trenchcoat.apply_probe("truncation", "one two three four five")
    assert out.variant == "one two"
    skipped = trenchcoat.apply_probe("number-change", "no digits here")
    assert skipped.variant is None and skipped.skip_reason
    assert trenchcoat.apply_probe("word-shuffle", "a b c d e", seed=3, index=1) == trenchcoat.apply_probe(
        "word-shuffle", "a b c d e", seed=3, index=1
    )
    with pytest.raises(trenchcoat.Error):
        trenchcoat.probe_info("no-such-probe")
