#pragma once
// What every meta-evaluation command shares around its library run: the -f/--format flag with every
// render format, --json-out, the progress bar the run reports to (on a terminal only), and printing the
// result.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "progress_display.hpp"
#include "trenchcoat/io/atomic_file.hpp"
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
  explicit TerminalProgress(bool wanted = true) : display_(wanted && ::isatty(STDERR_FILENO)) {}
  void start(const std::string& name, std::size_t total, const std::string& unit) override {
    display_.start(name, total, unit);
  }
  void set(std::size_t done) override { display_.set(done); }
  void finish() override { display_.finish(); }

 private:
  ProgressDisplay display_;
};

// --json-out FILE: the JSON result written to FILE as well, whatever -f prints (the tables on the terminal
// and the JSON for `trenchcoat report` from one run). The file appears whole or not at all; an existing
// file is replaced only with --overwrite (the command's own flag where it has one, else one added here),
// and that is checked as soon as the command line is parsed, before any work.
class JsonOutput {
 public:
  void add_to(CLI::App& app) {
    app.add_option("--json-out", path_,
                   "Also write the JSON result to this file (e.g. for `trenchcoat report`), whatever -f prints")
        ->type_name("FILE");
    overwrite_ = app.get_option_no_throw("--overwrite");
    if (overwrite_ == nullptr)
      overwrite_ = app.add_flag("--overwrite", own_overwrite_, "Replace an existing --json-out file");
    app.parse_complete_callback([this] { io::check_output_files({path_}, {}, overwrite_->count() > 0); });
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  CLI::Option* overwrite_ = nullptr;
  bool own_overwrite_ = false;  // the flag's value when the command has no --overwrite of its own
};

// JSON as the result's JSON (two-space indent), any other format as the result's Document; with
// --json-out, the JSON written to its file too.
template <class Json, class Doc>
void print_result(const std::string& format, Json&& json, Doc&& document, const JsonOutput* json_output = nullptr) {
  const auto f = render::parse_format(format);
  const bool to_file = json_output != nullptr && !json_output->path().empty();
  std::string json_text;
  if (f == render::Format::json || to_file) json_text = json().dump(2) + "\n";
  if (to_file) io::write_file_atomically(json_output->path(), json_text);
  const std::string out = f == render::Format::json ? json_text : render::render_document(document(), *f);
  std::fputs(out.c_str(), stdout);
}

}  // namespace trenchcoat::cli
