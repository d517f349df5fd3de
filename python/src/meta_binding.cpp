// Meta-evaluation on numpy arrays: correlations (scipy's), Kendall variants with ties, the agreement
// statistics of `meta corr` / `mtme eval`, pairwise accuracy, calibration and best-of-n. Results are
// tuples and dicts of plain numbers; trenchcoat (Python) turns them into dataclasses.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/best_of_n.hpp"
#include "trenchcoat/meta/calibration.hpp"
#include "trenchcoat/meta/correlation.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"
#include "trenchcoat/meta/pairwise_accuracy.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace py = pybind11;

namespace trenchcoat::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::span<const double> view(const Array& a) { return {a.data(), static_cast<std::size_t>(a.size())}; }

// A 1-D array (one system) or 2-D array (systems x items) as a ScoreTable; NaN is a missing value.
meta::ScoreTable table(const Array& a, const char* what) {
  if (a.ndim() != 1 && a.ndim() != 2) throw Error(std::string(what) + ": expected a 1-D or 2-D array");
  const std::size_t systems = a.ndim() == 2 ? static_cast<std::size_t>(a.shape(0)) : 1;
  const std::size_t items = static_cast<std::size_t>(a.ndim() == 2 ? a.shape(1) : a.shape(0));
  std::vector<std::string> names;
  for (std::size_t s = 0; s < systems; ++s) names.push_back(std::to_string(s));
  meta::ScoreTable t(names, items);
  for (std::size_t s = 0; s < systems; ++s)
    for (std::size_t i = 0; i < items; ++i) t.set(s, i, a.data()[s * items + i]);
  return t;
}

py::tuple correlation_tuple(const meta::Correlation& c) { return py::make_tuple(c.statistic, c.p_value); }

meta::BinningScheme binning(const std::string& name) {
  if (name == "equal_width_right_closed" || name == "uniform") return meta::BinningScheme::equal_width_right_closed;
  if (name == "equal_width_left_closed") return meta::BinningScheme::equal_width_left_closed;
  if (name == "equal_mass" || name == "quantile") return meta::BinningScheme::equal_mass;
  if (name == "equal_mass_ties_together") return meta::BinningScheme::equal_mass_ties_together;
  throw Error("binning '" + name +
              "': expected equal_width_right_closed, equal_width_left_closed, equal_mass or equal_mass_ties_together");
}

std::string binning_name(meta::BinningScheme s) {
  switch (s) {
    case meta::BinningScheme::equal_width_right_closed:
      return "equal_width_right_closed";
    case meta::BinningScheme::equal_width_left_closed:
      return "equal_width_left_closed";
    case meta::BinningScheme::equal_mass:
      return "equal_mass";
    case meta::BinningScheme::equal_mass_ties_together:
      return "equal_mass_ties_together";
  }
  return "";
}

py::dict diagram_dict(const meta::ReliabilityDiagram& d) {
  py::dict out;
  out["num_bins"] = d.num_bins;
  out["binning"] = binning_name(d.scheme);
  out["edges"] = d.edges;
  out["counts"] = d.counts;
  py::list bins;
  for (const auto& b : d.bins) {
    py::dict bin;
    bin["index"] = b.index;
    bin["count"] = b.count;
    bin["accuracy"] = b.accuracy;
    bin["confidence"] = b.confidence;
    bin["lower"] = b.lower;
    bin["upper"] = b.upper;
    bins.append(bin);
  }
  out["bins"] = bins;
  return out;
}

py::dict point_dict(const meta::BestOfNPoint& p) {
  py::dict d;
  d["n"] = p.n;
  d["kl"] = p.kl;
  d["distance"] = p.distance;
  d["gold"] = p.gold;
  d["proxy"] = p.proxy;
  d["gap"] = p.gap;
  return d;
}

py::object optional_number(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}
py::object optional_count(const std::optional<std::size_t>& v) {
  return v ? py::object(py::int_(*v)) : py::object(py::none());
}

}  // namespace

void bind_meta(py::module_& m) {
  m.def(
      "pearson",
      [](const Array& x, const Array& y) {
        py::gil_scoped_release release;
        return meta::pearson(view(x), view(y));
      },
      py::arg("x"), py::arg("y"), "scipy.stats.pearsonr: (statistic, two-sided p-value); NaN when undefined.");
  m.def(
      "spearman",
      [](const Array& x, const Array& y) {
        py::gil_scoped_release release;
        return meta::spearman(view(x), view(y));
      },
      py::arg("x"), py::arg("y"), "scipy.stats.spearmanr: (statistic, two-sided p-value).");
  m.def(
      "kendall_tau",
      [](const Array& x, const Array& y, const std::string& variant, const std::string& method,
         const std::string& nan_policy) {
        meta::KendallVariant v = variant == "c" ? meta::KendallVariant::c : meta::KendallVariant::b;
        if (variant != "b" && variant != "c") throw Error("kendall_tau: variant '" + variant + "': expected b or c");
        meta::KendallMethod k = meta::KendallMethod::auto_;
        if (method == "exact") k = meta::KendallMethod::exact;
        else if (method == "asymptotic") k = meta::KendallMethod::asymptotic;
        else if (method != "auto")
          throw Error("kendall_tau: method '" + method + "': expected auto, exact or asymptotic");
        meta::NanPolicy n = meta::NanPolicy::propagate;
        if (nan_policy == "omit") n = meta::NanPolicy::omit;
        else if (nan_policy != "propagate")
          throw Error("kendall_tau: nan_policy '" + nan_policy + "': expected propagate or omit");
        py::gil_scoped_release release;
        return meta::kendall_tau(view(x), view(y), v, k, n);
      },
      py::arg("x"), py::arg("y"), py::arg("variant") = "b", py::arg("method") = "auto",
      py::arg("nan_policy") = "propagate", "scipy.stats.kendalltau: (statistic, two-sided p-value).");
  py::class_<meta::Correlation>(m, "Correlation",
                                "A correlation: statistic and two-sided p-value (NaN where undefined).")
      .def_readonly("statistic", &meta::Correlation::statistic)
      .def_readonly("p_value", &meta::Correlation::p_value)
      .def("__iter__", [](const meta::Correlation& c) { return py::iter(correlation_tuple(c)); });
  m.def(
      "weighted_tau",
      [](const Array& x, const Array& y, const std::string& rank, bool additive) {
        meta::WeightedTauOptions o;
        o.additive = additive;
        if (rank == "both_orders") o.rank = meta::WeightedTauRank::both_orders;
        else if (rank == "by_x_then_y") o.rank = meta::WeightedTauRank::by_x_then_y;
        else if (rank == "by_index") o.rank = meta::WeightedTauRank::by_index;
        else throw Error("weighted_tau: rank '" + rank + "': expected both_orders, by_x_then_y or by_index");
        py::gil_scoped_release release;
        return meta::weighted_tau(view(x), view(y), o);
      },
      py::arg("x"), py::arg("y"), py::arg("rank") = "both_orders", py::arg("additive") = true,
      "scipy.stats.weightedtau statistic (hyperbolic weigher).");
  m.def(
      "kendall_variant",
      [](const Array& gold, const Array& metric, const std::string& variant, double epsilon) {
        meta::TiesKendallVariant v;
        if (variant == "b") v = meta::TiesKendallVariant::b;
        else if (variant == "c") v = meta::TiesKendallVariant::c;
        else if (variant == "tau23") v = meta::TiesKendallVariant::tau23;
        else if (variant == "acc23") v = meta::TiesKendallVariant::acc23;
        else throw Error("kendall_variant: variant '" + variant + "': expected b, c, tau23 or acc23");
        py::gil_scoped_release release;
        return meta::kendall_variant(view(gold), view(metric), v, epsilon);
      },
      py::arg("gold"), py::arg("metric"), py::arg("variant") = "tau23", py::arg("epsilon") = 0.0,
      "mt-metrics-eval's KendallVariants (Deutsch et al. 2023): b, c, tau23 or acc23 with a metric tie threshold.");
  m.def(
      "kendall_pair_counts",
      [](const Array& gold, const Array& metric, double epsilon) {
        meta::KendallPairCounts c;
        {
          py::gil_scoped_release release;
          c = meta::count_kendall_pairs(view(gold), view(metric), epsilon);
        }
        py::dict d;
        d["concordant"] = c.concordant;
        d["discordant"] = c.discordant;
        d["ties_gold_only"] = c.ties_gold_only;
        d["ties_metric_only"] = c.ties_metric_only;
        d["ties_both"] = c.ties_both;
        return d;
      },
      py::arg("gold"), py::arg("metric"), py::arg("epsilon") = 0.0, "The Kendall pair classes of (gold, metric).");
  m.def("agreement_statistic_names", &meta::agreement_statistic_names,
        "The agreement statistics by name, as `meta corr --stat` takes them.");
  m.def(
      "agreement",
      [](const Array& gold, const Array& metric, const std::string& statistic, const std::string& grouping,
         double epsilon, double kendall_like_threshold) {
        const auto stat = meta::parse_agreement_statistic(statistic);
        if (!stat) {
          std::string names;
          for (const auto& n : meta::agreement_statistic_names()) names += (names.empty() ? "" : ", ") + n;
          throw Error("statistic '" + statistic + "': expected one of " + names);
        }
        meta::AgreementOptions o;
        if (grouping == "none") o.grouping = meta::Grouping::none;
        else if (grouping == "item") o.grouping = meta::Grouping::item;
        else if (grouping == "sys" || grouping == "system") o.grouping = meta::Grouping::sys;
        else throw Error("grouping '" + grouping + "': expected none, item or sys");
        o.metric_epsilon = epsilon;
        o.kendall_like_threshold = kendall_like_threshold;
        const meta::ScoreTable g = table(gold, "gold");
        const meta::ScoreTable mt = table(metric, "metric");
        meta::AgreementValue v;
        {
          py::gil_scoped_release release;
          v = meta::compute_agreement(g, mt, *stat, o);
        }
        py::dict d;
        d["statistic"] = meta::agreement_statistic_name(*stat);
        d["value"] = v.value;
        d["groups"] = v.groups;
        d["groups_skipped"] = v.groups_skipped;
        d["p_value_mean"] = optional_number(v.p_value_mean);
        d["epsilon"] = optional_number(v.epsilon);
        d["pairs"] = optional_number(v.pairs);
        d["metric_tied_pairs"] = optional_count(v.metric_tied_pairs);
        d["gold_tied_pairs"] = optional_count(v.gold_tied_pairs);
        d["agreeing_pairs"] = optional_count(v.agreeing_pairs);
        return d;
      },
      py::arg("gold"), py::arg("metric"), py::arg("statistic"), py::arg("grouping") = "none", py::arg("epsilon") = 0.0,
      py::arg("kendall_like_threshold") = 0.0,
      "One agreement statistic of metric against gold (systems x items arrays, NaN missing), as `meta corr`.");
  m.def(
      "pairwise_accuracy",
      [](const Array& gold, const Array& metric) {
        meta::PooledAccuracy a;
        {
          py::gil_scoped_release release;
          a = meta::pooled_pairwise_accuracy({{view(gold), view(metric)}});
        }
        return py::make_tuple(a.agree, a.num_pairs, a.accuracy);
      },
      py::arg("gold"), py::arg("metric"),
      "System-level pairwise accuracy (Kocmi et al. 2021): (agreeing pairs, pairs, accuracy).");
  m.def(
      "calibration_error",
      [](const Array& p, const Array& y, std::size_t num_bins, const std::string& scheme) {
        const auto s = binning(scheme);
        meta::CalibrationError e;
        {
          py::gil_scoped_release release;
          e = meta::calibration_error(view(p), view(y), num_bins, s);
        }
        py::dict d;
        d["ece"] = e.ece;
        d["mce"] = e.mce;
        d["rmsce"] = e.rmsce;
        d["diagram"] = diagram_dict(e.diagram);
        return d;
      },
      py::arg("p"), py::arg("y"), py::arg("num_bins") = 10, py::arg("binning") = "equal_width_right_closed",
      "Binned ECE, MCE and RMSCE with the reliability diagram.");
  m.def(
      "brier_decomposition",
      [](const Array& p, const Array& y, std::size_t num_bins, const std::string& scheme) {
        const auto s = binning(scheme);
        meta::BrierDecomposition b;
        {
          py::gil_scoped_release release;
          const auto e = meta::calibration_error(view(p), view(y), num_bins, s);
          b = meta::brier_decomposition(view(p), view(y), e.diagram);
        }
        py::dict d;
        d["brier"] = b.brier;
        d["reliability"] = b.reliability;
        d["resolution"] = b.resolution;
        d["uncertainty"] = b.uncertainty;
        d["within_bin"] = b.within_bin;
        return d;
      },
      py::arg("p"), py::arg("y"), py::arg("num_bins") = 10, py::arg("binning") = "equal_width_right_closed",
      "Murphy's decomposition of the Brier score over the bins.");
  m.def(
      "brier_score", [](const Array& p, const Array& y) { return meta::brier_score(view(p), view(y)); }, py::arg("p"),
      py::arg("y"), "Mean squared error of probabilities p against labels y.");
  m.def(
      "log_loss", [](const Array& p, const Array& y, double eps) { return meta::log_loss(view(p), view(y), eps); },
      py::arg("p"), py::arg("y"), py::arg("eps") = meta::kLogLossEpsAuto, "Log loss with p clipped to [eps, 1-eps].");
  m.def(
      "roc_auc",
      [](const Array& p, const Array& y) {
        const auto v = meta::roc_auc(view(p), view(y));
        return optional_number(v);
      },
      py::arg("p"), py::arg("y"), "ROC AUC (sklearn's for 0/1 labels); None with a single class.");
  m.def(
      "base_rate", [](const Array& y) { return meta::base_rate(view(y)); }, py::arg("y"), "The mean label.");
  m.def(
      "top_label",
      [](const Array& p, const Array& y) {
        const auto t = meta::top_label(view(p), view(y));
        return py::make_tuple(py::array_t<double>(t.confidence.size(), t.confidence.data()),
                              py::array_t<double>(t.correct.size(), t.correct.data()));
      },
      py::arg("p"), py::arg("y"), "Top-label reading: (confidence max(p, 1-p), correct 0/1).");
  m.def(
      "symmetrize",
      [](const Array& p, const Array& y) {
        const auto s = meta::symmetrize(view(p), view(y));
        return py::make_tuple(py::array_t<double>(s.p.size(), s.p.data()), py::array_t<double>(s.y.size(), s.y.data()));
      },
      py::arg("p"), py::arg("y"), "p followed by 1 - p, y followed by 1 - y.");
  m.def(
      "best_of_n_curve",
      [](const std::vector<std::vector<double>>& proxy, const std::vector<std::vector<double>>& gold) {
        std::vector<meta::BestOfNPoint> curve;
        {
          py::gil_scoped_release release;
          curve = meta::best_of_n_curve(proxy, gold);
        }
        py::list out;
        for (const auto& p : curve) out.append(point_dict(p));
        return out;
      },
      py::arg("proxy"), py::arg("gold"),
      "The best-of-n curve averaged over prompts (proxy[p], gold[p]: prompt p's candidates), n = 1..min N.");
  m.def("best_of_n_kl", &meta::best_of_n_kl, py::arg("n"), "log n - (n-1)/n.");
  m.def("best_of_n_weights", &meta::best_of_n_weights, py::arg("num_candidates"), py::arg("k"),
        "The weights of the ascending-proxy ranks for best-of-k among N.");
  m.def("bon_form", &meta::bon_form, py::arg("d"), py::arg("alpha"), py::arg("beta"), "d (alpha - beta d).");
  m.def("rl_form", &meta::rl_form, py::arg("d"), py::arg("alpha"), py::arg("beta"), "d (alpha - beta log d).");
}

}  // namespace trenchcoat::python
