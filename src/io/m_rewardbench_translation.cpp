#include "trenchcoat/io/m_rewardbench_translation.hpp"

#include <optional>
#include <regex>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/row_values.hpp"

namespace trenchcoat::io {
namespace {

struct SubsetName {
  std::string difficulty, direction;
};

std::optional<SubsetName> parse_subset(const std::string& name) {
  static const std::regex pattern("(maple|translation)[-_](easy|hard)[-_]([a-z]{2,3})[-_]([a-z]{2,3})",
                                  std::regex::icase);
  std::smatch m;
  if (!std::regex_match(name, m, pattern)) return std::nullopt;
  std::string difficulty = m[2].str(), direction = m[3].str() + "-" + m[4].str();
  for (auto& c : difficulty) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : direction) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return SubsetName{difficulty, direction};
}

const nlohmann::ordered_json* string_field(const DatasetRow& row, const char* name) {
  const auto it = row.value.find(name);
  return it != row.value.end() && it->is_string() ? &*it : nullptr;
}

}  // namespace

std::vector<MRewardBenchTranslationRow> read_m_rewardbench_translation(const std::string& path) {
  const Dataset data = read_dataset(path, DatasetFormat::jsonl);
  if (data.rows.empty()) throw Error(path, 0, "no rows");
  std::vector<MRewardBenchTranslationRow> out;
  for (const auto& row : data.rows) {
    MRewardBenchTranslationRow r;
    r.line = row.line;
    for (const char* field : {"prompt", "chosen", "rejected"})
      if (!string_field(row, field))
        throw Error(path, row.line, std::string("'") + field + "' must be a string (M-RewardBench translation rows)");
    r.prompt = string_field(row, "prompt")->get<std::string>();
    r.chosen = string_field(row, "chosen")->get<std::string>();
    r.rejected = string_field(row, "rejected")->get<std::string>();
    r.id = row.value.contains("id") ? row_text(row, "id") : std::to_string(row.line);
    const auto* subset_field = string_field(row, "subset");
    const auto* source_field = string_field(row, "source");
    std::optional<SubsetName> subset;
    bool source_is_subset = false;
    if (subset_field) {
      subset = parse_subset(subset_field->get<std::string>());
      if (!subset)
        throw Error(path, row.line,
                    "subset '" + subset_field->get<std::string>() +
                        "' is not a translation subset (translation-easy-de-en, maple-hard-en-zh, ...)");
    } else if (source_field) {
      subset = parse_subset(source_field->get<std::string>());
      source_is_subset = subset.has_value();
    }
    if (!subset)
      throw Error(path, row.line,
                  "no translation subset name in 'subset' or 'source' (translation-easy-de-en, maple-hard-en-zh, ...)");
    r.difficulty = subset->difficulty;
    r.direction = subset->direction;
    if (const auto* s = string_field(row, "source_text")) r.source = s->get<std::string>();
    else if (const auto* s2 = string_field(row, "src")) r.source = s2->get<std::string>();
    else if (source_field && !source_is_subset) r.source = source_field->get<std::string>();
    else {
      r.source = r.prompt;
      r.source_from_prompt = true;
    }
    if (const auto* ref = string_field(row, "reference")) r.reference = ref->get<std::string>();
    else if (const auto* ref2 = string_field(row, "ref")) r.reference = ref2->get<std::string>();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace trenchcoat::io
