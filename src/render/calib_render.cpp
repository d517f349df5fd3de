#include "trenchcoat/render/calib_render.hpp"

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

nlohmann::ordered_json metrics_json(const meta::CalibrationMetrics& m) {
  nlohmann::ordered_json j;
  j["samples"] = m.samples;
  j["ece"] = m.ece;
  j["ece_equal_mass"] = m.ece_equal_mass;
  j["mce"] = m.mce;
  j["rmsce"] = m.rmsce;
  j["brier"] = m.brier;
  j["brier_decomposition"] = {{"reliability", m.brier_parts.reliability},
                              {"resolution", m.brier_parts.resolution},
                              {"uncertainty", m.brier_parts.uncertainty},
                              {"within_bin", m.brier_parts.within_bin}};
  j["base_rate"] = m.base_rate;
  j["auc"] = m.auc ? nlohmann::ordered_json(*m.auc) : nlohmann::ordered_json();
  j["log_loss"] = m.log_loss;
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (const auto& b : m.reliability.bins)
    bins.push_back({{"index", b.index},
                    {"lower", b.lower},
                    {"upper", b.upper},
                    {"count", b.count},
                    {"confidence", b.confidence},
                    {"accuracy", b.accuracy}});
  j["reliability"] = {{"edges", m.reliability.edges}, {"counts", m.reliability.counts}, {"bins", bins}};
  if (m.top_label) {
    nlohmann::ordered_json tbins = nlohmann::ordered_json::array();
    for (const auto& b : m.top_label->diagram.bins)
      tbins.push_back({{"index", b.index},
                       {"lower", b.lower},
                       {"upper", b.upper},
                       {"count", b.count},
                       {"confidence", b.confidence},
                       {"accuracy", b.accuracy}});
    j["top_label"] = {
        {"ece", m.top_label->ece}, {"mce", m.top_label->mce}, {"rmsce", m.top_label->rmsce}, {"bins", tbins}};
  }
  return j;
}

nlohmann::ordered_json parameters_json(meta::RecalibrationMethod method, const meta::RecalibrationParameters& p) {
  switch (method) {
    case meta::RecalibrationMethod::temperature:
      return {{"temperature", p.temperature}};
    case meta::RecalibrationMethod::platt:
      return {{"a", p.a}, {"b", p.b}};
    case meta::RecalibrationMethod::isotonic:
      return {{"knots", p.knots}};
    case meta::RecalibrationMethod::raw:
      break;
  }
  return nlohmann::ordered_json::object();
}

std::string parameters_text(meta::RecalibrationMethod method, const meta::RecalibrationParameters& p) {
  switch (method) {
    case meta::RecalibrationMethod::temperature:
      return "T = " + text::format_fixed(p.temperature, 4);
    case meta::RecalibrationMethod::platt:
      return "A = " + text::format_fixed(p.a, 4) + ", B = " + text::format_fixed(p.b, 4);
    case meta::RecalibrationMethod::isotonic:
      return std::to_string(p.knots) + " knots";
    case meta::RecalibrationMethod::raw:
      break;
  }
  return "";
}

nlohmann::ordered_json study_json(const runs::CalibScorerStudy& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j[s.study.reading == meta::CalibrationReading::pairwise ? "pairs" : "samples"] = s.study.units;
  j["groups"] = s.study.groups;
  j["folds"] = s.study.folds;
  j["labels"] = {{"positive", s.study.positives}, {"negative", s.study.negatives}, {"soft", s.study.ties}};
  if (s.study.reading == meta::CalibrationReading::pairwise)
    j["ties"] = {{"count", s.data.ties}, {"dropped", s.data.dropped_ties}};
  if (s.data.missing > 0) j["pairs_without_gold"] = s.data.missing;
  j["missing_scores"] = {{"policy", meta::missing_policy_name(s.data.missing_policy)},
                         {"count", s.data.missing_scores}};
  j["methods"] = nlohmann::ordered_json::array();
  for (const auto& m : s.study.methods) {
    nlohmann::ordered_json mj;
    mj["method"] = meta::recalibration_method_name(m.method);
    mj["measured"] = m.measured;
    if (!m.reason.empty()) mj["reason"] = m.reason;
    if (!m.note.empty()) mj["note"] = m.note;
    if (m.fit_on_all) mj["fit_on_all"] = parameters_json(m.method, *m.fit_on_all);
    if (!m.fold_fits.empty()) {
      mj["fold_fits"] = nlohmann::ordered_json::array();
      for (const auto& f : m.fold_fits) mj["fold_fits"].push_back(parameters_json(m.method, f));
    }
    if (m.measured) {
      mj["overall"] = metrics_json(m.overall);
      if (!m.subsets.empty()) {
        mj["subsets"] = nlohmann::ordered_json::object();
        for (const auto& [name, metrics] : m.subsets)
          mj["subsets"][name.empty() ? "(none)" : name] = metrics_json(metrics);
      }
    }
    j["methods"].push_back(mj);
  }
  return j;
}

void add_study(Document& doc, const runs::CalibScorerStudy& s, bool reliability) {
  const auto& st = s.study;
  const bool pairs = st.reading == meta::CalibrationReading::pairwise;
  std::string out = "== " + s.name + ": " + std::to_string(st.units) + (pairs ? " pairs" : " samples") + " (" +
                    std::to_string(st.positives) + " labelled 1, " + std::to_string(st.negatives) + " labelled 0, " +
                    std::to_string(st.ties) + " soft)";
  if (pairs)
    out +=
        ", " + std::to_string(s.data.ties) + " human ties" + (s.data.dropped_ties > 0 ? " (dropped)" : " (label 1/2)");
  if (s.data.missing > 0) out += ", " + std::to_string(s.data.missing) + " pairs without a gold score skipped";
  out += "; " + std::to_string(st.folds) + " folds over " + std::to_string(st.groups) + " groups";
  doc.line(out);
  if (s.data.missing_scores > 0)
    doc.line(std::to_string(s.data.missing_scores) + (pairs ? " pairs" : " rows") + " with a missing score: " +
             (s.data.missing_policy == meta::MissingPolicy::drop
                  ? "dropped (--missing drop)"
                  : "read as no preference, difference 0 (--missing tie)"));
  for (const auto& m : st.methods)
    if (m.measured) {
      doc.line("base rate (mean label" + std::string(pairs ? ", symmetrised: always 1/2" : "") + ") " +
               text::format_fixed(m.overall.base_rate, 4));
      break;
    }
  io::TextTable t{
      {"method", "fit on all", "ECE", "ECE (mass)", "MCE", "RMSCE", "Brier", "REL", "RES", "UNC", "AUC", "log loss"},
      {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right,
       io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
      {}};
  bool top_label = false;
  for (const auto& m : st.methods) top_label = top_label || (m.measured && m.overall.top_label);
  if (top_label) {
    t.headers.push_back("top-label ECE");
    t.aligns.push_back(io::Align::right);
  }
  std::vector<std::string> notes;
  for (const auto& m : st.methods) {
    const std::string name = meta::recalibration_method_name(m.method);
    if (!m.measured) {
      notes.push_back(name + ": not measured: " + m.reason);
      continue;
    }
    if (!m.reason.empty()) notes.push_back(name + ": " + m.reason);
    if (!m.note.empty()) notes.push_back(name + ": " + m.note);
    const auto& o = m.overall;
    auto f = [](double v) { return text::format_fixed(v, 4); };
    t.rows.push_back({name, m.fit_on_all ? parameters_text(m.method, *m.fit_on_all) : "", f(o.ece), f(o.ece_equal_mass),
                      f(o.mce), f(o.rmsce), f(o.brier), f(o.brier_parts.reliability), f(o.brier_parts.resolution),
                      f(o.brier_parts.uncertainty), o.auc ? f(*o.auc) : "n/a", f(o.log_loss)});
    if (top_label) t.rows.back().push_back(o.top_label ? f(o.top_label->ece) : "");
  }
  doc.table(std::move(t));
  doc.line("REL - RES + UNC = Brier (Murphy; equal-width bins, within-bin spread in the JSON); AUC: ROC AUC, ties 1/2");
  for (auto& n : notes) doc.line(std::move(n));
  bool has_subsets = false;
  for (const auto& m : st.methods) has_subsets = has_subsets || !m.subsets.empty();
  if (has_subsets) {
    io::TextTable sub{
        {"subset", "method", "samples", "ECE", "Brier", "log loss"},
        {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
        {}};
    for (const auto& m : st.methods)
      for (const auto& [name, o] : m.subsets)
        sub.rows.push_back({name.empty() ? "(none)" : name, meta::recalibration_method_name(m.method),
                            std::to_string(o.samples), text::format_fixed(o.ece, 4), text::format_fixed(o.brier, 4),
                            text::format_fixed(o.log_loss, 4)});
    doc.table(std::move(sub));
  }
  if (reliability)
    for (const auto& m : st.methods) {
      if (!m.measured) continue;
      doc.line("reliability, " + meta::recalibration_method_name(m.method) + ":");
      io::TextTable r{{"bin", "count", "confidence", "accuracy", "gap"},
                      {io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
                      {}};
      for (const auto& b : m.overall.reliability.bins)
        r.rows.push_back(
            {(b.index == 0 ? "[" : "(") + text::format_fixed(b.lower, 2) + ", " + text::format_fixed(b.upper, 2) + "]",
             std::to_string(b.count), text::format_fixed(b.confidence, 4), text::format_fixed(b.accuracy, 4),
             text::format_fixed(b.accuracy - b.confidence, 4)});
      doc.table(std::move(r));
    }
}

std::string tie_meaning(meta::TieHandling ties) {
  return ties == meta::TieHandling::half
             ? "a human tie is the label 1/2 (both orders equally likely under Bradley-Terry)"
             : "human ties are left out";
}

constexpr const char* kBinning =
    "equal width, right-closed: bin 0 = [0, 1/B], bin k = (k/B, (k+1)/B] (sklearn 'uniform'); "
    "ece_equal_mass: B chunks of the sorted probabilities (numpy array_split), each boundary "
    "moved past equal probabilities so that tied values share a bin";

nlohmann::ordered_json input_json(const runs::CalibInput& in) {
  nlohmann::ordered_json input;
  switch (in.kind) {
    case runs::CalibInput::Kind::system_pairs:
      input = {{"kind", "system pairs per segment (mt-metrics-eval score files)"},
               {"gold", in.gold},
               {"systems", in.systems},
               {"items", in.items}};
      if (!in.systems_without_gold.empty()) input["systems_without_gold"] = in.systems_without_gold;
      if (!in.subsets_from.empty()) input["subsets_from"] = in.subsets_from;
      break;
    case runs::CalibInput::Kind::pointwise:
      input = {{"kind", "pointwise"}, {"data", in.data}, {"score", in.score}, {"label", in.label}};
      if (in.threshold) input["threshold"] = *in.threshold;
      if (!in.group_field.empty()) input["group_field"] = in.group_field;
      break;
    case runs::CalibInput::Kind::preference_pairs:
      input = {{"kind", "preference pairs"}, {"data", in.data}, {"lower_is_better", in.lower_is_better}};
      break;
  }
  return input;
}

}  // namespace

nlohmann::ordered_json calib_json(const runs::CalibResult& r) {
  const bool pairs = r.pairs();
  nlohmann::ordered_json out;
  out["input"] = input_json(r.input);
  out["reading"] = pairs ? "pairwise: P(a better than b) = sigmoid((s_a - s_b) / T), pairs symmetrised"
                         : "pointwise: the score read as P(label = 1)";
  if (pairs)
    out["ties"] = {{"handling", r.ties == meta::TieHandling::drop ? "drop" : "half"}, {"meaning", tie_meaning(r.ties)}};
  out["folds"] = r.options.folds;
  out["seed"] = r.options.seed;
  out["bins"] = r.options.bins;
  out["binning"] = kBinning;
  out["log_loss_clip"] = meta::kLogLossEpsAuto;
  out["scorers"] = nlohmann::ordered_json::array();
  for (const auto& s : r.scorers) out["scorers"].push_back(study_json(s));
  return out;
}

Document calib_document(const runs::CalibResult& r, bool reliability) {
  const bool pairs = r.pairs();
  Document doc;
  doc.line(std::string(pairs ? "pairwise: P(a better than b) = sigmoid((s_a - s_b) / T), pairs symmetrised; "
                             : "pointwise: score read as P(label = 1); ") +
           (pairs ? tie_meaning(r.ties) + "; " : "") + std::to_string(r.options.folds) + "-fold cross-fitting, seed " +
           std::to_string(r.options.seed) + "; " + std::to_string(r.options.bins) + " bins, " + kBinning);
  for (const auto& s : r.scorers) add_study(doc, s, reliability);
  return doc;
}

}  // namespace trenchcoat::render
