#include "trenchcoat/citations/bibliography_file.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "trenchcoat/citations/openalex_work.hpp"
#include "trenchcoat/citations/paper_id.hpp"
#include "trenchcoat/citations/semantic_scholar_paper.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::citations {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool json_lines_name(const std::string& path) {
  for (const char* suffix : {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"})
    if (ends_with(path, suffix)) return true;
  return false;
}

RecordFormat detect(const nlohmann::json& record) {
  const auto id = record.find("id");
  if (id != record.end() && id->is_string()) {
    const auto normalized = normalize_paper_id(id->get<std::string>());
    if (normalized && normalized->rfind("openalex:", 0) == 0) return RecordFormat::openalex;
  }
  if (record.contains("paperId") || record.contains("externalIds")) return RecordFormat::semantic_scholar;
  for (const char* key : {"referenced_works", "abstract_inverted_index", "publication_year"})
    if (record.contains(key)) return RecordFormat::openalex;
  throw Error(
      "neither an OpenAlex work (no 'id' https://openalex.org/W...) nor a Semantic Scholar paper (no 'paperId')");
}

// Reads the records of one JSON value (a record, a list, a page) into `file`.
class RecordCollector {
 public:
  RecordCollector(BibliographyFile& file, RecordFormat format) : file_(file), format_(format) {}

  // Throws trenchcoat::Error with the message only, prefixed by "record N: " when the value holds a list.
  void collect(const nlohmann::json& value) {
    if (value.is_array()) return collect_list(value);
    if (value.is_object() && !value.contains("paperId") && !value.contains("id")) {
      for (const char* page : {"results", "data"}) {
        const auto it = value.find(page);
        if (it != value.end() && it->is_array()) return collect_list(*it);
      }
    }
    add(value);
  }

 private:
  void collect_list(const nlohmann::json& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      try {
        add(list[i]);
      } catch (const Error& e) {
        throw Error("record " + std::to_string(i + 1) + ": " + e.message());
      }
    }
  }

  void add(const nlohmann::json& value) {
    if (value.is_null()) {
      ++file_.null_records;
      return;
    }
    if (!value.is_object()) throw Error("a record is a JSON object, not " + std::string(value.type_name()));
    if (!value.contains("paperId") && !value.contains("externalIds"))
      for (const char* wrapper : {"citedPaper", "citingPaper"})
        if (value.contains(wrapper)) return add(value.at(wrapper));
    const RecordFormat format = format_ == RecordFormat::detect ? detect(value) : format_;
    if (format == RecordFormat::openalex) {
      file_.records.push_back(openalex_work(value));
      ++file_.openalex;
    } else {
      file_.records.push_back(semantic_scholar_paper(value));
      ++file_.semantic_scholar;
    }
  }

  BibliographyFile& file_;
  RecordFormat format_;
};

// The line (1-based) that holds byte `offset` of `content`.
std::size_t line_of(const std::string& content, std::size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + static_cast<std::size_t>(std::count(content.begin(), content.begin() + offset, '\n'));
}

std::string parse_problem(const nlohmann::json::parse_error& e) {
  const std::string what = e.what();
  const auto p = what.find("syntax error");
  return "not valid JSON" + (p == std::string::npos ? std::string() : " (" + what.substr(p) + ")");
}

void read_json_lines(const io::TextLines& lines, BibliographyFile& file, RecordFormat format) {
  RecordCollector collector(file, format);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = text::strip(lines[i]);
    if (line.empty()) continue;
    nlohmann::json value;
    try {
      value = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(lines.name(), i + 1, parse_problem(e));
    }
    try {
      collector.collect(value);
    } catch (const Error& e) {
      throw Error(lines.name(), i + 1, e.message());
    }
  }
}

}  // namespace

std::optional<RecordFormat> parse_record_format(std::string_view name) {
  if (name == "auto") return RecordFormat::detect;
  if (name == "openalex") return RecordFormat::openalex;
  if (name == "s2") return RecordFormat::semantic_scholar;
  return std::nullopt;
}

BibliographyFile read_bibliography_file(const std::string& path, RecordFormat format) {
  BibliographyFile file;
  file.path = path;
  const io::TextLines lines = io::read_text_lines(path, io::Newlines::lf_only);
  if (json_lines_name(path)) {
    read_json_lines(lines, file, format);
    return file;
  }
  std::string content;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) content += '\n';
    content += lines[i];
  }
  if (text::strip(content).empty()) throw Error(path, 0, "empty file: no records");
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    // Not one JSON value: JSON Lines when the first line is a value on its own.
    std::size_t first = 0;
    while (first < lines.size() && text::strip(lines[first]).empty()) ++first;
    if (first < lines.size() && !nlohmann::json::parse(lines[first], nullptr, false).is_discarded()) {
      read_json_lines(lines, file, format);
      return file;
    }
    throw Error(path, line_of(content, e.byte == 0 ? 0 : e.byte - 1), parse_problem(e));
  }
  try {
    RecordCollector(file, format).collect(value);
  } catch (const Error& e) {
    throw Error(path, 0, e.message());
  }
  return file;
}

}  // namespace trenchcoat::citations
