#pragma once
// An output file written piece by piece that appears whole or not at all, as write_file_atomically's:
// the pieces go to a temporary file beside the destination, and commit() flushes it and renames it
// over the destination. Destroying a writer that was not committed removes the temporary file and
// leaves the destination as it was. Errors: trenchcoat::Error naming the destination.
#include <string>
#include <string_view>

namespace trenchcoat::io {

class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void append(std::string_view bytes);
  void commit();

 private:
  void flush_buffer();
  [[noreturn]] void fail(const char* what);

  std::string path_, temp_;
  int fd_ = -1;
  std::string buffer_;  // appended bytes not yet written, up to 1 MiB
};

}  // namespace trenchcoat::io
