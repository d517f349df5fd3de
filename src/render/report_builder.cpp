#include "trenchcoat/render/report_builder.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "report_sections.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/render/result_kind.hpp"

namespace trenchcoat::render {
namespace {

ReportSection section_of(ResultKind kind, const ResultJson& result) {
  switch (kind) {
    case ResultKind::figures:
      return figures_section(result);
    case ResultKind::meta_corr:
      return meta_corr_section(result);
    case ResultKind::meta_calib:
      return meta_calib_section(result);
    case ResultKind::meta_bon:
      return meta_bon_section(result);
    case ResultKind::probe:
      return probe_section(result);
    case ResultKind::meta_pairs:
      return meta_pairs_section(result);
  }
  throw Error("report: unknown result kind");
}

nlohmann::ordered_json parse_result(const std::string& path, const std::string& content) {
  try {
    return nlohmann::ordered_json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    // The line of the byte where parsing stopped (e.byte is 1-based; past the end at the end).
    const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, content.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(content.begin(), content.begin() + end, '\n'));
    std::string what = e.what();
    // nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> the reason.
    if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw Error(path, line, "not JSON (" + what + ")");
  }
}

}  // namespace

ReportResult build_report(const ReportRequest& request) {
  if (request.inputs.empty()) throw Error("no input: give at least one result file");
  Report report;
  report.title = request.title;
  report.date = request.date;
  ReportResult result;
  for (const auto& path : request.inputs) {
    const nlohmann::ordered_json json = parse_result(path, io::read_file_bytes(path));
    const auto kind = detect_result_kind(json);
    if (!kind)
      throw Error(path, 0,
                  "not a trenchcoat result JSON (no known shape; the report draws " + known_result_shapes() + ")");
    const std::string kind_name =
        *kind == ResultKind::figures ? json["kind"].get<std::string>() : result_kind_name(*kind);
    ReportSection section;
    try {
      section = section_of(*kind, ResultJson(json, ""));
    } catch (const Error& e) {
      throw Error(path, 0, kind_name + " result: " + e.what());
    }
    section.source = path;
    report.sections.push_back(std::move(section));
    result.inputs.push_back({path, kind_name});
  }
  result.html = report_html(report);
  return result;
}

}  // namespace trenchcoat::render
