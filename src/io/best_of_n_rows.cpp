// Reading a best-of-n study's scored rows into prompts (see best_of_n_rows.hpp).
#include "trenchcoat/io/best_of_n_rows.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"

namespace trenchcoat::io {

using meta::BestOfNFields;
using meta::BestOfNLayout;
using meta::BestOfNPrompts;
using meta::MissingPolicy;
using meta::ScoreDirection;

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
  const Dataset& data;
  const BestOfNFields& fields;

  bool tabular() const { return data.format == DatasetFormat::tsv || data.format == DatasetFormat::csv; }

  const Json& field(const DatasetRow& row, const std::string& name, const char* flag) const {
    if (!row.value.contains(name)) throw Error(data.name, row.line, "no '" + name + "' field (" + flag + ")");
    const Json& v = row.value[name];
    if (v.is_null() && fields.missing == MissingPolicy::error)
      throw Error(data.name, row.line,
                  "'" + name +
                      "' is null (no score; `trenchcoat score` writes null where a scorer "
                      "gave none): give --missing drop to leave such candidates out");
    return v;
  }

  // The value as a list when it is one (TSV/CSV: a string holding a JSON list).
  std::optional<Json> as_list(const DatasetRow& row, const std::string& name, const Json& v) const {
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

  double number(const DatasetRow& row, const std::string& name, const Json& v, ScoreDirection direction,
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

  std::vector<double> numbers(const DatasetRow& row, const std::string& name, const Json& list,
                              ScoreDirection direction) const {
    std::vector<double> out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_null() && fields.missing == MissingPolicy::error)
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

BestOfNPrompts read_best_of_n_prompts(const std::string& path, const BestOfNFields& fields) {
  const Dataset data = read_dataset(path);
  const RowReader reader{data, fields};
  BestOfNPrompts out;
  out.file = data.name;
  out.rows = data.rows.size();
  if (data.rows.empty()) throw Error(data.name, 0, "no rows, so no prompts");
  const DatasetRow& first = data.rows.front();
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

}  // namespace trenchcoat::io
