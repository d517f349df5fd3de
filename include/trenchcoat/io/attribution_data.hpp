#pragma once
// Summaries labelled by people as attributable to (faithful to) their article or not, read from the
// three layouts `trenchcoat reproduce attribution` takes, into one list of (article, summary, 0/1 label).
//
// Formats:
//   rows      any dataset file (dataset_rows.hpp: JSONL, JSON, TSV, CSV) with an article, a summary and a
//             label field (names configurable; defaults article, summary, label).
//   seahorse  SEAHORSE's TSV (header gem_id worker_lang summary model question1 ... question6; label
//             field question4, attribution). Fields are CSV-quoted with '"' ("" is a quote; a quoted field
//             may run over lines) and then hold JSON string escapes (\uXXXX, \", \\, \n, ...), which are
//             decoded (surrogate pairs joined); an unknown escape or a lone surrogate is an error. The
//             files carry no article text: the article comes from an article field when the rows have
//             one, else from the articles file joined on gem_id.
//   qags      QAGS's mturk_{cnndm,xsum}.jsonl: {"article", "summary_sentences": [{"sentence",
//             "responses": [{"worker_id", "response": "yes"|"no"}, ...]}, ...]}. The summary is its
//             sentences joined by one space. As QAGS computes its human score, each sentence is judged by
//             the majority of its responses (more "yes" than "no"; a tie counts as not faithful) and the
//             summary's score is the fraction of its sentences judged faithful; the binary label is 1
//             when every sentence is judged faithful (score 1), else 0.
// Detection (format not given): a file whose name ends in .tsv (or .tsv.gz) with gem_id and question4 in
// its header is seahorse; a JSON Lines file whose first row has summary_sentences is qags; anything else
// is rows.
//
// Labels (rows and seahorse): Yes / No (any case), true / false, 1 / 0 (numbers or number strings); with
// a threshold any number, label = [value >= threshold]. "Unsure" (any case) is left out and counted as
// unsure; an absent, null or empty label is left out and counted as unlabelled. Anything else is an
// error naming the file, the line and the value, as is a missing or non-text article or summary, an id
// the articles file lacks, an articles file giving one id two different articles, or a QAGS row without
// sentences or with a response other than yes / no.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace trenchcoat::io {

enum class AttributionFormat { rows, seahorse, qags };

// "rows", "seahorse", "qags"; parse_attribution_format throws trenchcoat::Error for anything else.
std::string attribution_format_name(AttributionFormat format);
AttributionFormat parse_attribution_format(const std::string& name);

struct AttributionFields {
  // Empty: the format's default (rows: article, summary, label, and id, or gem_id when the first row
  // has gem_id and no id; seahorse: article, summary, question4, gem_id; qags: article, and the row's
  // line number as its id).
  std::string article, summary, label, id;
  std::optional<double> threshold;  // numeric labels: label = [value >= threshold]
  // JSON Lines (or any dataset file) with the id field and the article field: articles joined to rows
  // that have no article field.
  std::string articles;
};

struct AttributionExample {
  std::size_t line = 0;  // the row's first line in the file
  std::string id;
  std::string article, summary;
  double label = 0.0;                 // 1: attributable / faithful
  std::optional<double> human_score;  // qags: the fraction of sentences judged faithful
};

struct AttributionData {
  std::string name;  // the file
  AttributionFormat format = AttributionFormat::rows;
  std::string article_field, summary_field, label_field, id_field;  // as used (defaults filled in)
  std::string label_rule;                                           // one line: how a label was read
  std::vector<AttributionExample> examples;
  std::size_t rows = 0;             // rows read, labelled or not
  std::size_t unsure = 0;           // label Unsure: left out
  std::size_t unlabelled = 0;       // label absent, null or empty: left out
  std::size_t joined_articles = 0;  // articles taken from the articles file
};

AttributionFormat detect_attribution_format(const std::string& path);

AttributionData read_attribution_data(const std::string& path, std::optional<AttributionFormat> format,
                                      const AttributionFields& fields);

// A SEAHORSE field's JSON string escapes decoded (see above); `name` and `line` go into the error.
std::string decode_seahorse_escapes(const std::string& field, const std::string& name, std::size_t line);

}  // namespace trenchcoat::io
