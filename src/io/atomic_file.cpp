#include "trenchcoat/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::io {

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
