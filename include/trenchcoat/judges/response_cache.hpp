#pragma once
// A persistent cache of LLM judge responses in one SQLite file, so that rerunning a judge costs no
// requests and a run killed half way resumes where it stopped. Entries are keyed by
// endpoint, model, messages and parameters.
//
// The key is the full canonical request text (see chat_client.hpp: cache_key), stored as it is in a
// TEXT PRIMARY KEY column, so SQLite's unique index does the matching: no hashing, no collisions. The
// value is the raw response body (JSON text) exactly as the server sent it. The API key is never part
// of a request text, so it never reaches the file.
//
// Behaviour:
//   - The file is created when absent (its folder must exist), in WAL journal mode with
//     synchronous=NORMAL: every put() is its own committed transaction, so a response is kept once
//     put() returns even if the process is killed right after (a power loss may lose the last few,
//     which are then simply asked again).
//   - Several processes may share one file: writers wait up to 30 s for each other (busy timeout).
//   - put() of a key that is already there replaces the value.
//   - One object may be used from several threads (SQLite's serialized mode).
//   - A file that is not a trenchcoat cache (another SQLite database with a `responses` table of a
//     different shape, or not SQLite at all), an unwritable folder, or a failed write is a
//     trenchcoat::Error naming the file.
#include <cstddef>
#include <optional>
#include <string>

struct sqlite3;

namespace trenchcoat::judges {

class ResponseCache {
 public:
  explicit ResponseCache(std::string path);
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  const std::string& path() const { return path_; }

  std::optional<std::string> get(const std::string& request) const;
  void put(const std::string& request, const std::string& response);
  std::size_t size() const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace trenchcoat::judges
