#pragma once
// What every meta-evaluation command shares around its library run: the -f/--format flag with every
// render format, the progress bar the run reports to (on a terminal only), and printing the result.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "progress_display.hpp"
#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/progress.hpp"

namespace trenchcoat::cli {

constexpr const char* kFormatHelp =
    "json, text (tables as drawn on a terminal), csv (the tables only), markdown or latex";

inline CLI::Option* add_format_option(CLI::App& app, std::string& format) {
  return app.add_option("-f,--format", format, kFormatHelp)
      ->check(CLI::IsMember(render::format_names()))
      ->capture_default_str();
}

// A run's progress drawn on standard error when it is a terminal.
class TerminalProgress : public runs::Progress {
 public:
  TerminalProgress() : display_(::isatty(STDERR_FILENO)) {}
  void start(const std::string& name, std::size_t total, const std::string& unit) override {
    display_.start(name, total, unit);
  }
  void set(std::size_t done) override { display_.set(done); }
  void finish() override { display_.finish(); }

 private:
  ProgressDisplay display_;
};

// JSON as the result's JSON (two-space indent), any other format as the result's Document.
template <class Json, class Doc>
void print_result(const std::string& format, Json&& json, Doc&& document) {
  const auto f = render::parse_format(format);
  const std::string out = f == render::Format::json ? json().dump(2) + "\n" : render::render_document(document(), *f);
  std::fputs(out.c_str(), stdout);
}

}  // namespace trenchcoat::cli
