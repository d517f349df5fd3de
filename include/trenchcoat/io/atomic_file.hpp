#pragma once
// Output files appear whole or not at all: the content is written to a temporary file in the same
// directory, flushed, and renamed over the destination. On any error the temporary file is removed
// and the destination is left as it was.
#include <string>
#include <string_view>

namespace trenchcoat::io {

void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace trenchcoat::io
