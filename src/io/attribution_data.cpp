#include "trenchcoat/io/attribution_data.hpp"
#include "trenchcoat/io/quoted_record.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string_view>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::io {
namespace {

using nlohmann::ordered_json;

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string strip_gz(std::string name) {
  if (name.ends_with(".gz")) name.resize(name.size() - 3);
  return name;
}

// SEAHORSE's TSV: tab-separated records, fields optionally quoted with '"' ("" inside is a quote), a
// quoted field possibly running over lines; then each field's JSON escapes decoded.
Dataset read_seahorse_tsv(const std::string& path) {
  const TextLines lines = read_text_lines(path);
  Dataset d;
  d.name = path;
  d.format = DatasetFormat::tsv;
  bool have_header = false;
  for (std::size_t i = 0; i < lines.size();) {
    const std::size_t start_line = i + 1;
    std::string_view line = lines[i];
    if (i == 0 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.empty() || line == "\r") {
      ++i;
      continue;
    }
    std::vector<std::string> fields =
        quoted_record(path, line, start_line, '\t', [&](std::string_view& next, std::size_t& number) {
          if (++i >= lines.size()) return false;
          next = lines[i];
          number = i + 1;
          return true;
        });
    ++i;
    for (auto& f : fields) f = decode_seahorse_escapes(f, path, start_line);
    if (!have_header) {
      d.header = std::move(fields);
      have_header = true;
      continue;
    }
    if (fields.size() != d.header.size())
      throw Error(path, start_line,
                  std::to_string(fields.size()) + " fields, but the header has " + std::to_string(d.header.size()));
    ordered_json row = ordered_json::object();
    for (std::size_t k = 0; k < fields.size(); ++k) row[d.header[k]] = std::move(fields[k]);
    d.rows.push_back({start_line, std::move(row)});
  }
  return d;
}

enum class LabelValue { positive, negative, unsure, missing };

LabelValue read_label(const Dataset& d, const DatasetRow& row, const std::string& field,
                      const std::optional<double>& threshold) {
  const auto it = row.value.find(field);
  if (it == row.value.end() || it->is_null()) return LabelValue::missing;
  auto from_number = [&](double v, const std::string& shown) {
    if (threshold) return v >= *threshold ? LabelValue::positive : LabelValue::negative;
    if (v == 1.0) return LabelValue::positive;
    if (v == 0.0) return LabelValue::negative;
    throw Error(
        d.name, row.line,
        "label '" + field + "' = " + shown + " is neither 0 nor 1 (give --threshold X to read label = [value >= X])");
  };
  if (it->is_boolean()) return it->get<bool>() ? LabelValue::positive : LabelValue::negative;
  if (it->is_number()) {
    const double v = it->get<double>();
    if (!std::isfinite(v)) throw Error(d.name, row.line, "label '" + field + "' is not a finite number");
    return from_number(v, it->dump());
  }
  if (!it->is_string()) throw Error(d.name, row.line, "label '" + field + "' is neither text nor a number");
  const std::string s = it->get<std::string>();
  const std::string l = lower_ascii(s);
  if (l.empty()) return LabelValue::missing;
  if (l == "unsure") return LabelValue::unsure;
  if (l == "yes" || l == "true") return LabelValue::positive;
  if (l == "no" || l == "false") return LabelValue::negative;
  double v = 0;
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, v);
  if (r.ec == std::errc() && r.ptr == end && std::isfinite(v)) return from_number(v, s);
  throw Error(d.name, row.line, "label '" + field + "' = '" + s + "' is not Yes/No, true/false, a number or Unsure");
}

std::optional<std::string> text_field(const Dataset& d, const DatasetRow& row, const std::string& field) {
  const auto it = row.value.find(field);
  if (it == row.value.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw Error(d.name, row.line, "field '" + field + "' is not text");
  return it->get<std::string>();
}

std::string id_text(const DatasetRow& row, const std::string& field) {
  const auto it = row.value.find(field);
  if (it == row.value.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::map<std::string, std::string> read_articles(const std::string& path, const std::string& id_field,
                                                 const std::string& article_field) {
  const Dataset d = read_dataset(path);
  std::map<std::string, std::string> articles;
  for (const DatasetRow& row : d.rows) {
    const std::string id = id_text(row, id_field);
    if (id.empty()) throw Error(d.name, row.line, "no '" + id_field + "' to join articles on");
    const auto article = text_field(d, row, article_field);
    if (!article) throw Error(d.name, row.line, "no '" + article_field + "' field");
    const auto [it, added] = articles.emplace(id, *article);
    if (!added && it->second != *article)
      throw Error(d.name, row.line, "'" + id_field + "' " + id + " has two different articles");
  }
  return articles;
}

AttributionData read_labelled_rows(const Dataset& d, AttributionData data, const AttributionFields& fields) {
  std::map<std::string, std::string> articles;
  if (!fields.articles.empty()) articles = read_articles(fields.articles, data.id_field, data.article_field);
  data.label_rule =
      fields.threshold
          ? "label = [" + data.label_field + " >= " + text::python_float_repr(*fields.threshold) + "]"
          : "label from '" + data.label_field + "': Yes/true/1 = 1, No/false/0 = 0; Unsure and empty left out";
  for (const DatasetRow& row : d.rows) {
    ++data.rows;
    const LabelValue label = read_label(d, row, data.label_field, fields.threshold);
    if (label == LabelValue::unsure) {
      ++data.unsure;
      continue;
    }
    if (label == LabelValue::missing) {
      ++data.unlabelled;
      continue;
    }
    AttributionExample e;
    e.line = row.line;
    e.id = id_text(row, data.id_field);
    if (e.id.empty()) e.id = std::to_string(row.line);
    e.label = label == LabelValue::positive ? 1.0 : 0.0;
    const auto summary = text_field(d, row, data.summary_field);
    if (!summary) throw Error(d.name, row.line, "no summary field '" + data.summary_field + "'");
    e.summary = *summary;
    if (auto article = text_field(d, row, data.article_field)) {
      e.article = std::move(*article);
    } else if (!fields.articles.empty()) {
      const auto it = articles.find(id_text(row, data.id_field));
      if (it == articles.end())
        throw Error(d.name, row.line,
                    "'" + data.id_field + "' " + id_text(row, data.id_field) + " is not in the articles file " +
                        fields.articles);
      e.article = it->second;
      ++data.joined_articles;
    } else {
      throw Error(d.name, row.line,
                  "no article field '" + data.article_field +
                      "' (SEAHORSE files carry no article text: give --articles FILE, JSON Lines with '" +
                      data.id_field + "' and '" + data.article_field + "')");
    }
    data.examples.push_back(std::move(e));
  }
  return data;
}

AttributionData read_qags(const std::string& path, AttributionData data) {
  const Dataset d = read_dataset(path, DatasetFormat::jsonl);
  data.label_rule =
      "each sentence faithful when most of its responses are yes; score = share of faithful sentences; label = "
      "[score = 1] (every sentence faithful)";
  for (const DatasetRow& row : d.rows) {
    ++data.rows;
    AttributionExample e;
    e.line = row.line;
    e.id = data.id_field.empty() ? std::to_string(row.line) : id_text(row, data.id_field);
    const auto article = text_field(d, row, data.article_field);
    if (!article) throw Error(d.name, row.line, "no article field '" + data.article_field + "'");
    e.article = *article;
    const auto it = row.value.find("summary_sentences");
    if (it == row.value.end() || !it->is_array() || it->empty())
      throw Error(d.name, row.line, "'summary_sentences' is not a non-empty list");
    std::size_t faithful = 0;
    for (std::size_t k = 0; k < it->size(); ++k) {
      const ordered_json& s = (*it)[k];
      const std::string where = "sentence " + std::to_string(k + 1);
      if (!s.is_object() || !s.contains("sentence") || !s["sentence"].is_string())
        throw Error(d.name, row.line, where + " has no text 'sentence'");
      if (!s.contains("responses") || !s["responses"].is_array() || s["responses"].empty())
        throw Error(d.name, row.line, where + " has no 'responses'");
      std::size_t yes = 0, no = 0;
      for (const ordered_json& r : s["responses"]) {
        const std::string v = r.is_object() && r.contains("response") && r["response"].is_string()
                                  ? lower_ascii(r["response"].get<std::string>())
                                  : std::string("(not text)");
        if (v == "yes") ++yes;
        else if (v == "no") ++no;
        else throw Error(d.name, row.line, where + " has a response other than yes or no: " + r.dump());
      }
      faithful += yes > no;
      e.summary += (k ? " " : "") + s["sentence"].get<std::string>();
    }
    e.human_score = static_cast<double>(faithful) / static_cast<double>(it->size());
    e.label = faithful == it->size() ? 1.0 : 0.0;
    data.examples.push_back(std::move(e));
  }
  return data;
}

}  // namespace

std::string attribution_format_name(AttributionFormat format) {
  switch (format) {
    case AttributionFormat::rows:
      return "rows";
    case AttributionFormat::seahorse:
      return "seahorse";
    case AttributionFormat::qags:
      return "qags";
  }
  return "rows";
}

AttributionFormat parse_attribution_format(const std::string& name) {
  if (name == "rows") return AttributionFormat::rows;
  if (name == "seahorse") return AttributionFormat::seahorse;
  if (name == "qags") return AttributionFormat::qags;
  throw Error("unknown attribution data format '" + name + "' (known: rows, seahorse, qags)");
}

std::string decode_seahorse_escapes(const std::string& field, const std::string& name, std::size_t line) {
  if (field.find('\\') == std::string::npos) return field;
  std::string out;
  out.reserve(field.size());
  auto hex4 = [&](std::size_t at) -> char32_t {
    if (at + 4 > field.size()) throw Error(name, line, "a \\u escape needs four hex digits");
    unsigned v = 0;
    const auto r = std::from_chars(field.data() + at, field.data() + at + 4, v, 16);
    if (r.ec != std::errc() || r.ptr != field.data() + at + 4)
      throw Error(name, line, "a \\u escape needs four hex digits: '" + field.substr(at, 4) + "'");
    return static_cast<char32_t>(v);
  };
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\') {
      out += field[i];
      continue;
    }
    if (i + 1 >= field.size()) throw Error(name, line, "a backslash ends the field");
    const char c = field[++i];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        char32_t cp = hex4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (i + 2 >= field.size() || field[i + 1] != '\\' || field[i + 2] != 'u')
            throw Error(name, line, "a \\u high surrogate without its low surrogate");
          const char32_t low = hex4(i + 3);
          if (low < 0xDC00 || low > 0xDFFF) throw Error(name, line, "a \\u high surrogate without its low surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          throw Error(name, line, "a lone \\u low surrogate");
        }
        text::append_utf8(out, cp);
        break;
      }
      default:
        throw Error(name, line, std::string("unknown escape \\") + c);
    }
  }
  return out;
}

AttributionFormat detect_attribution_format(const std::string& path) {
  const std::string base = strip_gz(path);
  if (base.ends_with(".tsv")) {
    const TextLines lines = read_text_lines(path);
    if (lines.empty()) return AttributionFormat::rows;
    std::string_view header = lines[0];
    bool gem_id = false, question4 = false;
    std::size_t start = 0;
    while (start <= header.size()) {
      std::size_t end = header.find('\t', start);
      if (end == std::string_view::npos) end = header.size();
      std::string_view name = header.substr(start, end - start);
      if (!name.empty() && name.back() == '\r') name.remove_suffix(1);
      gem_id |= name == "gem_id";
      question4 |= name == "question4";
      start = end + 1;
    }
    return gem_id && question4 ? AttributionFormat::seahorse : AttributionFormat::rows;
  }
  if (base.ends_with(".csv") || base.ends_with(".json")) return AttributionFormat::rows;
  const TextLines lines = read_text_lines(path);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const auto row = nlohmann::json::parse(line, nullptr, false);
    return row.is_object() && row.contains("summary_sentences") ? AttributionFormat::qags : AttributionFormat::rows;
  }
  return AttributionFormat::rows;
}

AttributionData read_attribution_data(const std::string& path, std::optional<AttributionFormat> format,
                                      const AttributionFields& fields) {
  AttributionData data;
  data.name = path;
  data.format = format ? *format : detect_attribution_format(path);
  const auto pick = [](const std::string& given, const char* fallback) {
    return given.empty() ? std::string(fallback) : given;
  };
  data.article_field = pick(fields.article, "article");
  switch (data.format) {
    case AttributionFormat::qags:
      if (!fields.summary.empty() || !fields.label.empty() || fields.threshold || !fields.articles.empty())
        throw Error(path, 0,
                    "QAGS data has its own summary and labels: --summary-field, --label-field, --threshold and "
                    "--articles do not apply");
      data.summary_field = "summary_sentences";
      data.label_field = "responses";
      data.id_field = fields.id;
      return read_qags(path, std::move(data));
    case AttributionFormat::seahorse:
      data.summary_field = pick(fields.summary, "summary");
      data.label_field = pick(fields.label, "question4");
      data.id_field = pick(fields.id, "gem_id");
      return read_labelled_rows(read_seahorse_tsv(path), std::move(data), fields);
    case AttributionFormat::rows:
      break;
  }
  data.summary_field = pick(fields.summary, "summary");
  data.label_field = pick(fields.label, "label");
  data.id_field = pick(fields.id, "id");
  const Dataset d = read_dataset(path);
  // SEAHORSE-style rows in another format: join on gem_id when the rows have it and no id.
  if (fields.id.empty() && !d.rows.empty() && !d.rows.front().value.contains("id") &&
      d.rows.front().value.contains("gem_id"))
    data.id_field = "gem_id";
  if (!d.header.empty()) {
    for (const std::string* f : {&data.summary_field, &data.label_field})
      if (std::find(d.header.begin(), d.header.end(), *f) == d.header.end())
        throw Error(path, 1, "no column '" + *f + "' in the header");
  }
  return read_labelled_rows(d, std::move(data), fields);
}

}  // namespace trenchcoat::io
