#include "trenchcoat/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::io {
namespace {

// The same file: one inode when both exist (hard links, symlinks, "./a" and "a"), else the same
// path once made absolute and normalised.
bool same_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    const bool same = fs::equivalent(a, b, ec);
    if (!ec) return same;
  }
  const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
  const fs::path cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
  return ca.lexically_normal() == cb.lexically_normal();
}

}  // namespace

void check_output_files(const std::vector<std::string>& outputs, const std::vector<NamedInput>& inputs,
                        bool overwrite) {
  std::vector<std::string> existing;
  for (const auto& out : outputs) {
    if (out.empty() || out == "-") continue;
    for (const auto& in : inputs)
      if (!in.path.empty() && in.path != "-" && same_file(out, in.path))
        throw Error(out + " is also an input (" + in.option + "); choose another output");
    std::error_code ec;
    if (std::filesystem::exists(out, ec)) existing.push_back(out);
  }
  if (existing.empty() || overwrite) return;
  const std::string more = existing.size() > 1 ? " (and " + std::to_string(existing.size() - 1) + " more)" : "";
  throw Error(existing.front() + " exists" + more + "; pass --overwrite to replace " +
              (existing.size() > 1 ? "them" : "it"));
}

void write_file_atomically(const std::string& path, std::string_view content) {
  std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw Error(path, 0, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
  const std::string temp(name.data());
  auto fail = [&](const char* what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw Error(path, 0, std::string(what) + ": " + std::strerror(saved));
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("flush failed");
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    throw Error(path, 0, std::string("close failed: ") + std::strerror(saved));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    throw Error(path, 0, std::string("cannot rename the temporary file into place: ") + std::strerror(saved));
  }
}

}  // namespace trenchcoat::io
