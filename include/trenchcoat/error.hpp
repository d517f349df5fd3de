#pragma once
// The one error type of the project: a message with the file and line it is about, when there is one.
// The library throws it; the command line prints what() on one line and exits non-zero.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace trenchcoat {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message), message_(message) {}
  Error(std::string file, std::size_t line, const std::string& message)
      : std::runtime_error(format(file, line, message)), file_(std::move(file)), line_(line), message_(message) {}

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }  // 1-based; 0 when the error is about the whole file
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, std::size_t line, const std::string& message) {
    if (file.empty()) return message;
    if (line == 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ": " + message;
  }
  std::string file_;
  std::size_t line_ = 0;
  std::string message_;
};

}  // namespace trenchcoat
