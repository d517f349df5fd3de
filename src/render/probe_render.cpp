#include "trenchcoat/render/probe_render.hpp"

#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

nlohmann::ordered_json interval_json(const meta::MeanInterval& m) { return {m.interval.lower, m.interval.upper}; }

}  // namespace

nlohmann::ordered_json probe_json(const runs::ProbeResult& result) {
  nlohmann::ordered_json out;
  out["data"] = result.data;
  out["layout"] = result.layout;
  out["items"] = result.items;
  out["seed"] = result.seed;
  out["bootstrap"] = {
      {"resamples", result.bootstrap}, {"confidence", result.confidence}, {"method", "percentile, items resampled"}};
  out["failure"] =
      "the variant scores at least as well as the original (pairwise scorers: P(variant preferred) >= 1/2)";
  out["scorers"] = nlohmann::ordered_json::array();
  for (const auto& s : result.scorers)
    out["scorers"].push_back({{"name", s.name},
                              {"signature", s.signature},
                              {"direction", s.higher_is_better ? "higher is better" : "lower is better"},
                              {"kind", s.pairwise ? "pairwise" : "pointwise"}});
  out["probes"] = nlohmann::ordered_json::array();
  for (const auto& r : result.probes) {
    nlohmann::ordered_json pj = {{"probe", r.name}, {"description", r.description}, {"applicable", r.applicable}};
    pj["skipped"] = nlohmann::ordered_json::object();
    for (const auto& [reason, count] : r.skipped) pj["skipped"][reason] = count;
    pj["results"] = nlohmann::ordered_json::array();
    for (const auto& s : r.scores) {
      nlohmann::ordered_json sj = {{"scorer", s.scorer}, {"items", s.items}, {"unscored", s.unscored}};
      if (s.items > 0) {
        sj["failures"] = s.failures;
        sj["failure_rate"] = s.failure_rate.mean;
        sj["failure_rate_interval"] = interval_json(s.failure_rate);
        sj["mean_shift"] = s.shift.mean;
        sj["mean_shift_interval"] = interval_json(s.shift);
        sj["mean_original"] = s.mean_original;
        sj["mean_variant"] = s.mean_variant;
      }
      pj["results"].push_back(sj);
    }
    out["probes"].push_back(pj);
  }
  return out;
}

Document probe_document(const runs::ProbeResult& result) {
  auto f = [](double v) { return text::format_fixed(v, 3); };
  Document doc;
  doc.line(result.data + ": " + std::to_string(result.items) + " items (" + result.layout + "), seed " +
           std::to_string(result.seed) + "; failure = the variant scores at least as well as the original; " +
           text::format_fixed(result.confidence * 100, 0) + "% bootstrap intervals over " +
           std::to_string(result.bootstrap) + " resamples");
  io::TextTable t{{"probe", "scorer", "items", "failure rate", "interval", "mean shift", "interval"},
                  {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::left,
                   io::Align::right, io::Align::left},
                  {}};
  std::vector<std::string> notes;
  for (const auto& r : result.probes) {
    for (const auto& s : r.scores) {
      if (s.items == 0) {
        t.rows.push_back({r.name, s.scorer, "0", "", "", "", ""});
        continue;
      }
      t.rows.push_back({r.name, s.scorer,
                        std::to_string(s.items) + (s.unscored ? " (+" + std::to_string(s.unscored) + " unscored)" : ""),
                        f(s.failure_rate.mean),
                        "[" + f(s.failure_rate.interval.lower) + ", " + f(s.failure_rate.interval.upper) + "]",
                        f(s.shift.mean), "[" + f(s.shift.interval.lower) + ", " + f(s.shift.interval.upper) + "]"});
    }
    for (const auto& [reason, count] : r.skipped)
      notes.push_back(r.name + ": skipped " + std::to_string(count) + " item" + (count == 1 ? "" : "s") + ": " +
                      reason);
  }
  doc.table(std::move(t));
  for (auto& n : notes) doc.line(std::move(n));
  return doc;
}

}  // namespace trenchcoat::render
