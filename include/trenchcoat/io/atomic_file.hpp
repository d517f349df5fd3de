#pragma once
// Output files appear whole or not at all: the content is written to a temporary file in the same
// directory, flushed, and renamed over the destination. On any error the temporary file is removed
// and the destination is left as it was.
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::io {

void write_file_atomically(const std::string& path, std::string_view content);

// An input of a command, by the option that names it (e.g. {"--data", "pairs.jsonl"}).
struct NamedInput {
  std::string option;
  std::string path;
};

// Checks, before any work, that a command may write `outputs`: none is one of `inputs` (the same
// file, through any path, link or symlink; refused even with overwrite), and none exists already
// unless `overwrite`. "-" (standard input or output) and empty paths are ignored. Throws
// trenchcoat::Error: "OUT is also an input (--data); choose another output" or "OUT exists; pass
// --overwrite to replace it" (with "(and N more)" when several outputs exist).
void check_output_files(const std::vector<std::string>& outputs, const std::vector<NamedInput>& inputs, bool overwrite);

}  // namespace trenchcoat::io
