#pragma once
// A content hash of a file for signatures: XXH3-64 (libxxhash) of its bytes, as 16 lower-case hex
// digits. Fast enough for multi-gigabyte checkpoints (one sequential read); not a security hash.
#include <string>

namespace trenchcoat::io {

// Throws trenchcoat::Error naming the file when it cannot be read.
std::string file_hash(const std::string& path);

}  // namespace trenchcoat::io
