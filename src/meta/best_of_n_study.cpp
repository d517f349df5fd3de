#include "trenchcoat/meta/best_of_n_study.hpp"

#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"

namespace trenchcoat::meta {

namespace {

using Json = nlohmann::ordered_json;

// A value shown in a message: strings quoted, cut at 40 characters.
std::string shown(const Json& v) {
  std::string s = v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

// One decimal number, the whole string: optional sign, no spaces, no hex. nullopt when it is not one;
// a non-finite result (nan, inf, overflow) is returned as such for the caller to refuse.
std::optional<double> parse_strict_number(const std::string& s) {
  std::string_view text = s;
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (end != text.data() + text.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
  if (ec != std::errc()) return std::nullopt;
  return value;
}

struct RowReader {
  const io::Dataset& data;
  const BestOfNFields& fields;

  bool tabular() const { return data.format == io::DatasetFormat::tsv || data.format == io::DatasetFormat::csv; }

  const Json& field(const io::DatasetRow& row, const std::string& name, const char* flag) const {
    if (!row.value.contains(name)) throw Error(data.name, row.line, "no '" + name + "' field (" + flag + ")");
    const Json& v = row.value[name];
    if (v.is_null() && fields.missing == io::MissingPolicy::error)
      throw Error(data.name, row.line,
                  "'" + name +
                      "' is null (no score; `trenchcoat score` writes null where a scorer "
                      "gave none): give --missing drop to leave such candidates out");
    return v;
  }

  // The value as a list when it is one (TSV/CSV: a string holding a JSON list).
  std::optional<Json> as_list(const io::DatasetRow& row, const std::string& name, const Json& v) const {
    if (v.is_array()) return v;
    if (tabular() && v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (!s.empty() && s.front() == '[') {
        Json parsed = Json::parse(s, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_array())
          throw Error(data.name, row.line, "'" + name + "' looks like a list but is not valid JSON: " + shown(v));
        return parsed;
      }
    }
    return std::nullopt;
  }

  double number(const io::DatasetRow& row, const std::string& name, const Json& v, ScoreDirection direction,
                const std::string& where = "") const {
    double x = 0.0;
    if (v.is_number()) {
      x = v.get<double>();
    } else if (v.is_string()) {
      const auto parsed = parse_strict_number(v.get_ref<const std::string&>());
      if (!parsed) throw Error(data.name, row.line, "'" + name + "'" + where + " is not a number: " + shown(v));
      x = *parsed;
    } else {
      throw Error(data.name, row.line, "'" + name + "'" + where + " is not a number: " + shown(v));
    }
    if (!std::isfinite(x))
      throw Error(data.name, row.line, "'" + name + "'" + where + " is NaN or infinite: " + shown(v));
    return direction == ScoreDirection::lower ? -x : x;
  }

  std::vector<double> numbers(const io::DatasetRow& row, const std::string& name, const Json& list,
                              ScoreDirection direction) const {
    std::vector<double> out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_null() && fields.missing == io::MissingPolicy::error)
        throw Error(data.name, row.line,
                    "'" + name + "'[" + std::to_string(i) +
                        "] is null (no score): give --missing "
                        "drop to leave such candidates out");
      out.push_back(list[i].is_null() ? std::nan("")
                                      : number(row, name, list[i], direction, "[" + std::to_string(i) + "]"));
    }
    return out;
  }
};

std::string group_key(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

ScoreDirection parse_score_direction(const std::string& name) {
  if (name == "higher") return ScoreDirection::higher;
  if (name == "lower") return ScoreDirection::lower;
  throw Error("score direction '" + name + "' is not 'higher' or 'lower'");
}

std::string score_direction_name(ScoreDirection direction) {
  return direction == ScoreDirection::higher ? "higher" : "lower";
}

std::string best_of_n_layout_name(BestOfNLayout layout) {
  switch (layout) {
    case BestOfNLayout::candidate_rows:
      return "one row per candidate";
    case BestOfNLayout::prompt_lists:
      return "one row per prompt";
    case BestOfNLayout::score_tables:
      return "mt-metrics-eval score files (a prompt per segment, a candidate per system)";
  }
  return "one row per candidate";
}

BestOfNPrompts best_of_n_prompts_from_tables(const ScoreTable& proxy, const ScoreTable& gold,
                                             const BestOfNFields& fields, const std::string& name) {
  if (proxy.systems() != gold.systems() || proxy.num_items() != gold.num_items())
    throw Error(name + ": the proxy and gold score tables hold different systems or numbers of items");
  BestOfNPrompts out;
  out.file = name;
  out.layout = BestOfNLayout::score_tables;
  out.rows = proxy.num_systems() * proxy.num_items();
  const double proxy_sign = fields.proxy_direction == ScoreDirection::lower ? -1.0 : 1.0;
  const double gold_sign = fields.gold_direction == ScoreDirection::lower ? -1.0 : 1.0;
  for (std::size_t item = 0; item < proxy.num_items(); ++item) {
    std::vector<double> p, g;
    for (std::size_t s = 0; s < proxy.num_systems(); ++s) {
      const double pv = proxy.value(s, item), gv = gold.value(s, item);
      if (is_missing(gv)) {
        ++out.candidates_without_gold;
        continue;
      }
      if (is_missing(pv)) {
        if (fields.missing == io::MissingPolicy::error)
          throw Error(name + ": segment " + std::to_string(item + 1) + ", system '" + proxy.systems()[s] +
                      "': the proxy score is missing (None): give --missing drop to leave such candidates out");
        ++out.candidates_missing_score;
        continue;
      }
      if (!std::isfinite(pv) || !std::isfinite(gv))
        throw Error(name + ": segment " + std::to_string(item + 1) + ", system '" + proxy.systems()[s] +
                    "': a score is not a finite number");
      p.push_back(proxy_sign * pv);
      g.push_back(gold_sign * gv);
    }
    if (p.empty() || p.size() < fields.min_candidates) {
      ++out.prompts_left_out;
      out.candidates_left_out += p.size();
      continue;
    }
    out.prompt_keys.push_back("segment " + std::to_string(item + 1));
    out.proxy.push_back(std::move(p));
    out.gold.push_back(std::move(g));
  }
  if (out.proxy.empty()) throw Error(name + ": no segment has gold scores for enough systems");
  return out;
}

BestOfNPrompts read_best_of_n_prompts(const std::string& path, const BestOfNFields& fields) {
  const io::Dataset data = io::read_dataset(path);
  const RowReader reader{data, fields};
  BestOfNPrompts out;
  out.file = data.name;
  out.rows = data.rows.size();
  if (data.rows.empty()) throw Error(data.name, 0, "no rows, so no prompts");
  const io::DatasetRow& first = data.rows.front();
  const Json& first_proxy = reader.field(first, fields.proxy, "--proxy");
  out.layout =
      reader.as_list(first, fields.proxy, first_proxy) ? BestOfNLayout::prompt_lists : BestOfNLayout::candidate_rows;
  std::vector<std::vector<double>> proxy, gold;
  std::vector<std::string> keys;
  if (out.layout == BestOfNLayout::prompt_lists) {
    for (const auto& row : data.rows) {
      const Json& p = reader.field(row, fields.proxy, "--proxy");
      const Json& g = reader.field(row, fields.gold, "--gold");
      const auto pl = reader.as_list(row, fields.proxy, p);
      if (!pl)
        throw Error(data.name, row.line,
                    "'" + fields.proxy + "' is not a list, but the first row's is (one row per prompt): " + shown(p));
      const auto gl = reader.as_list(row, fields.gold, g);
      if (!gl)
        throw Error(data.name, row.line,
                    "'" + fields.gold + "' is not a list of numbers, but '" + fields.proxy + "' is: " + shown(g));
      if (pl->size() != gl->size())
        throw Error(data.name, row.line,
                    "'" + fields.proxy + "' has " + std::to_string(pl->size()) + " scores but '" + fields.gold +
                        "' has " + std::to_string(gl->size()));
      if (pl->empty())
        throw Error(data.name, row.line, "a prompt with no candidates ('" + fields.proxy + "' is an empty list)");
      std::vector<double> pv = reader.numbers(row, fields.proxy, *pl, fields.proxy_direction),
                          gv = reader.numbers(row, fields.gold, *gl, fields.gold_direction);
      // --missing drop: a candidate with a null proxy or gold score leaves both lists.
      std::vector<double> pk, gk;
      for (std::size_t i = 0; i < pv.size(); ++i) {
        if (std::isnan(pv[i]) || std::isnan(gv[i])) {
          ++out.candidates_missing_score;
          continue;
        }
        pk.push_back(pv[i]);
        gk.push_back(gv[i]);
      }
      if (pk.empty()) continue;
      proxy.push_back(std::move(pk));
      gold.push_back(std::move(gk));
      keys.push_back("line " + std::to_string(row.line));
    }
  } else {
    std::string group = fields.group;
    if (group.empty()) {
      if (first.value.contains("prompt_id")) group = "prompt_id";
      else if (first.value.contains("prompt")) group = "prompt";
      else
        throw Error(data.name, first.line,
                    "one row per candidate, but no 'prompt_id' or 'prompt' field to group them into prompts: name "
                    "the prompt field with --group FIELD");
    }
    out.group_field = group;
    std::map<std::string, std::size_t> index;
    for (const auto& row : data.rows) {
      const Json& key = reader.field(row, group, "--group");
      const Json& p = reader.field(row, fields.proxy, "--proxy");
      const Json& g = reader.field(row, fields.gold, "--gold");
      if (p.is_null() || g.is_null()) {  // only reached with --missing drop
        ++out.candidates_missing_score;
        continue;
      }
      if (reader.as_list(row, fields.proxy, p) || reader.as_list(row, fields.gold, g))
        throw Error(data.name, row.line,
                    "a list of scores, but the first row has one number per row (one row per candidate)");
      const double pv = reader.number(row, fields.proxy, p, fields.proxy_direction);
      const double gv = reader.number(row, fields.gold, g, fields.gold_direction);
      const auto [it, added] = index.emplace(group_key(key), keys.size());
      if (added) {
        keys.push_back(it->first);
        proxy.emplace_back();
        gold.emplace_back();
      }
      proxy[it->second].push_back(pv);
      gold[it->second].push_back(gv);
    }
  }
  for (std::size_t p = 0; p < proxy.size(); ++p) {
    if (proxy[p].size() < fields.min_candidates) {
      ++out.prompts_left_out;
      out.candidates_left_out += proxy[p].size();
      continue;
    }
    out.prompt_keys.push_back(keys[p]);
    out.proxy.push_back(std::move(proxy[p]));
    out.gold.push_back(std::move(gold[p]));
  }
  if (out.proxy.empty())
    throw Error(data.name, 0,
                "no prompt has at least " + std::to_string(fields.min_candidates) +
                    " candidates (--min-candidates): all " + std::to_string(out.prompts_left_out) +
                    " prompts left out");
  return out;
}

namespace {

ZScoreScale zscore(std::vector<std::vector<double>>& groups) {
  long double sum = 0.0L;
  std::size_t n = 0;
  for (const auto& g : groups)
    for (double x : g) sum += x, ++n;
  ZScoreScale s;
  s.mean = static_cast<double>(sum / static_cast<long double>(n));
  long double ss = 0.0L;
  for (const auto& g : groups)
    for (double x : g) ss += (static_cast<long double>(x) - s.mean) * (static_cast<long double>(x) - s.mean);
  s.sd = static_cast<double>(std::sqrt(ss / static_cast<long double>(n)));
  s.constant = !(s.sd > 0.0);
  for (auto& g : groups)
    for (double& x : g) x = s.constant ? 0.0 : (x - s.mean) / s.sd;
  return s;
}

}  // namespace

BestOfNZScores zscore_best_of_n_prompts(BestOfNPrompts& prompts) {
  if (prompts.proxy.empty()) throw Error("zscore_best_of_n_prompts: no prompts");
  return {zscore(prompts.proxy), zscore(prompts.gold)};
}

std::string over_optimisation_form_name(OverOptimisationForm form) {
  return form == OverOptimisationForm::bon ? "bon" : "rl";
}

OverOptimisationFit fit_over_optimisation_form(std::span<const double> distance, std::span<const double> y,
                                               OverOptimisationForm form) {
  if (distance.size() != y.size())
    throw Error("fit_over_optimisation_form: distance and y differ in length (" + std::to_string(distance.size()) +
                " vs " + std::to_string(y.size()) + ")");
  OverOptimisationFit fit;
  fit.form = form;
  // Features: y = alpha f1 - beta f2, f1 = d, f2 = d^2 (bon) or d log d (rl).
  std::vector<long double> f1, f2, yy;
  for (std::size_t j = 0; j < distance.size(); ++j) {
    if (!std::isfinite(distance[j]) || !std::isfinite(y[j])) {
      fit.reason = "a point is NaN or infinite";
      return fit;
    }
    if (!(distance[j] > 0.0)) continue;
    const long double d = distance[j];
    f1.push_back(d);
    f2.push_back(form == OverOptimisationForm::bon ? d * d : d * std::log(d));
    yy.push_back(y[j]);
  }
  fit.points = f1.size();
  if (fit.points < 2) {
    fit.reason = "needs at least 2 points with d > 0 (k >= 2), has " + std::to_string(fit.points);
    return fit;
  }
  long double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
  for (std::size_t j = 0; j < f1.size(); ++j) {
    s11 += f1[j] * f1[j];
    s12 += f1[j] * f2[j];
    s22 += f2[j] * f2[j];
    s1y += f1[j] * yy[j];
    s2y += f2[j] * yy[j];
  }
  // Normal equations in (alpha, b) with b = -beta: [s11 s12; s12 s22] [alpha; b] = [s1y; s2y].
  const long double det = s11 * s22 - s12 * s12;
  if (!(det > 1e-12L * s11 * s22)) {
    fit.reason = "the normal equations are singular (the points do not determine both parameters)";
    return fit;
  }
  const long double alpha = (s1y * s22 - s2y * s12) / det;
  const long double b = (s11 * s2y - s12 * s1y) / det;
  long double ss = 0;
  for (std::size_t j = 0; j < f1.size(); ++j) {
    const long double r = yy[j] - (alpha * f1[j] + b * f2[j]);
    ss += r * r;
  }
  fit.alpha = static_cast<double>(alpha);
  fit.beta = static_cast<double>(-b);
  fit.residual_rms = static_cast<double>(std::sqrt(ss / static_cast<long double>(f1.size())));
  if (!std::isfinite(fit.alpha) || !std::isfinite(fit.beta) || !std::isfinite(fit.residual_rms)) {
    fit.reason = "the least-squares solution is not finite";
    fit.alpha = fit.beta = fit.residual_rms = 0.0;
    return fit;
  }
  fit.fittable = true;
  if (fit.beta > 0.0) {
    const double peak =
        form == OverOptimisationForm::bon ? bon_form_argmax(fit.alpha, fit.beta) : rl_form_argmax(fit.alpha, fit.beta);
    if (std::isfinite(peak)) fit.peak_distance = peak;
    else fit.reason = "the fitted peak d* overflows";
  } else {
    fit.reason = "beta <= 0: the fitted form has no peak (it rises without bound)";
  }
  return fit;
}

OverOptimisationFit fit_over_optimisation_form(const std::vector<BestOfNPoint>& curve, OverOptimisationForm form) {
  if (curve.empty() || curve.front().n != 1) throw Error("fit_over_optimisation_form: the curve must start at k = 1");
  std::vector<double> d, y;
  for (const auto& p : curve) {
    d.push_back(p.distance);
    y.push_back(p.gold - curve.front().gold);
  }
  return fit_over_optimisation_form(d, y, form);
}

}  // namespace trenchcoat::meta
