#pragma once
// `trenchcoat report` as a library call: the JSON results of trenchcoat commands in, one HTML page out
// (html_report.hpp), one section per result in the order given. Each result's kind is told by its
// shape (result_kind.hpp). The page depends only on the request: the inputs' names as given, their
// contents, the title and the date (never the clock).
#include <string>
#include <vector>

namespace trenchcoat::render {

struct ReportRequest {
  std::vector<std::string> inputs;  // result files (JSON, as the commands write with -f json)
  std::string title = "trenchcoat report";
  std::string date;  // shown under the title when not empty
};

struct ReportInput {
  std::string file;  // as given
  std::string kind;  // "meta corr", ..., or a figures result's own "kind"
};

struct ReportResult {
  std::vector<ReportInput> inputs;
  std::string html;
};

// Throws trenchcoat::Error naming the file: "FILE: cannot open: ...", "FILE:LINE: not JSON (...)",
// "FILE: not a trenchcoat result JSON (no known shape; the report draws ...)", or
// "FILE: KIND result: FIELD: what is wrong" for a result of a known shape that lacks what it draws;
// "no input" for an empty request.
ReportResult build_report(const ReportRequest& request);

}  // namespace trenchcoat::render
