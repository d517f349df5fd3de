#include "trenchcoat/io/atomic_file_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::io {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)) {
  std::string pattern = path_ + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) throw Error(path_, 0, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
  temp_ = name.data();
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

void AtomicFileWriter::fail(const char* what) {
  const int saved = errno;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_.c_str());
  throw Error(path_, 0, std::string(what) + ": " + std::strerror(saved));
}

void AtomicFileWriter::flush_buffer() {
  std::size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void AtomicFileWriter::append(std::string_view bytes) {
  if (fd_ < 0) throw Error(path_, 0, "written after it was committed");
  buffer_.append(bytes);
  if (buffer_.size() >= kBufferBytes) flush_buffer();
}

void AtomicFileWriter::commit() {
  if (fd_ < 0) throw Error(path_, 0, "committed twice");
  flush_buffer();
  if (::fsync(fd_) != 0) fail("flush failed");
  ::fchmod(fd_, 0644);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(temp_.c_str());
    throw Error(path_, 0, std::string("close failed: ") + std::strerror(saved));
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp_.c_str());
    throw Error(path_, 0, std::string("cannot rename the temporary file into place: ") + std::strerror(saved));
  }
}

}  // namespace trenchcoat::io
