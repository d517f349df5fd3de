#include "neural/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

namespace {
std::string system_reason() { return std::strerror(errno); }
}  // namespace

MappedFile::MappedFile(const std::string& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path, 0, "cannot open: " + system_reason());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const std::string reason = system_reason();
    ::close(fd);
    throw Error(path, 0, "cannot stat: " + reason);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path, 0, "not a regular file");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const std::string reason = system_reason();
      ::close(fd);
      throw Error(path, 0, "cannot memory-map: " + reason);
    }
    data_ = static_cast<const std::byte*>(p);
    mapped_ = true;
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (mapped_) ::munmap(const_cast<std::byte*>(data_), size_);
}

}  // namespace trenchcoat::neural
