#include "trenchcoat/io/mtme_score_file.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::io {
namespace {

// A finite number written the way Python's float() reads one (surrounding whitespace already gone).
bool parse_score(const std::string& field, double& value) {
  if (field.empty()) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(field.c_str(), &end);
  if (end != field.c_str() + field.size()) return false;
  return std::isfinite(value);  // "nan", "inf" and overflow are refused: they are never real scores
}

}  // namespace

meta::ScoreTable read_mtme_score_file(const std::string& path, MissingScores missing) {
  const TextLines lines = read_text_lines(path, Newlines::lf_only);
  std::vector<std::string> systems;
  std::vector<std::vector<double>> scores;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::size_t> first_line;
  std::size_t current = static_cast<std::size_t>(-1);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::size_t line_no = n + 1;
    const auto fields = text::split_whitespace(lines[n]);
    if (fields.size() != 2)
      throw Error(path, line_no, "expected 'SYSTEM SCORE', found " + std::to_string(fields.size()) + " fields");
    const std::string system(fields[0]), field(fields[1]);
    double value = meta::kMissing;
    if (field == "None") {
      if (missing == MissingScores::refused) throw Error(path, line_no, "missing score (None) in a metric score file");
    } else if (!parse_score(field, value)) {
      throw Error(path, line_no, "score '" + field + "' is not a finite number");
    }
    auto it = index.find(system);
    if (it == index.end()) {
      it = index.emplace(system, systems.size()).first;
      systems.push_back(system);
      scores.emplace_back();
      first_line.push_back(line_no);
    } else if (it->second != current) {
      throw Error(path, line_no, "the scores of system '" + system + "' are split into separate blocks");
    }
    current = it->second;
    scores[it->second].push_back(value);
  }
  const std::size_t items = scores.empty() ? 0 : scores.front().size();
  for (std::size_t s = 1; s < scores.size(); ++s)
    if (scores[s].size() != items)
      throw Error(path, first_line[s],
                  "system '" + systems[s] + "' has " + std::to_string(scores[s].size()) + " scores but '" + systems[0] +
                      "' has " + std::to_string(items) + " (every system needs one score per item)");
  meta::ScoreTable table(systems, items);
  for (std::size_t s = 0; s < scores.size(); ++s)
    for (std::size_t i = 0; i < items; ++i) table.set(s, i, scores[s][i]);
  return table;
}

void write_mtme_score_file(const std::string& path, const meta::ScoreTable& table) {
  std::string out;
  for (std::size_t s = 0; s < table.num_systems(); ++s) {
    for (std::size_t i = 0; i < table.num_items(); ++i) {
      const double v = table.value(s, i);
      out += table.systems()[s];
      out += '\t';
      out += meta::is_missing(v) ? "None" : text::python_float_repr(v);
      out += '\n';
    }
  }
  write_file_atomically(path, out);
}

}  // namespace trenchcoat::io
