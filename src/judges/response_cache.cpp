#include "trenchcoat/judges/response_cache.hpp"

#include <sqlite3.h>

#include <chrono>

#include "trenchcoat/error.hpp"

namespace trenchcoat::judges {
namespace {

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& path, const char* sql) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("cannot use the response cache");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind_text(int index, const std::string& text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
      fail("cannot use the response cache");
  }
  void bind_int64(int index, sqlite3_int64 value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail("cannot use the response cache");
  }
  // True when a row is available, false when done.
  bool step(const char* what) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(what);
  }
  std::string column_text(int index) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string();
  }
  sqlite3_int64 column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw Error(path_, 0, std::string(what) + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const std::string& path_;
  sqlite3_stmt* stmt_ = nullptr;
};

void execute(sqlite3* db, const std::string& path, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw Error(path, 0, "cannot use the response cache: " + text);
  }
}

}  // namespace

ResponseCache::ResponseCache(std::string path) : path_(std::move(path)) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(path_, 0, "cannot open the response cache: " + message);
  }
  try {
    sqlite3_busy_timeout(db_, 30000);
    {
      // journal_mode answers with the mode in force; a file that cannot be switched to WAL (e.g. on a
      // file system without shared memory) keeps working in its own mode.
      Statement wal(db_, path_, "PRAGMA journal_mode=WAL");
      wal.step("cannot use the response cache");
    }
    execute(db_, path_, "PRAGMA synchronous=NORMAL");
    execute(db_, path_,
            "CREATE TABLE IF NOT EXISTS responses ("
            "request TEXT PRIMARY KEY NOT NULL, response TEXT NOT NULL, stored_at INTEGER NOT NULL)");
    // A `responses` table of another shape fails here, before any work starts.
    Statement check(db_, path_, "SELECT request, response, stored_at FROM responses LIMIT 0");
    check.step("cannot use the response cache");
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

ResponseCache::~ResponseCache() { sqlite3_close(db_); }

std::optional<std::string> ResponseCache::get(const std::string& request) const {
  Statement select(db_, path_, "SELECT response FROM responses WHERE request = ?1");
  select.bind_text(1, request);
  if (!select.step("cannot read the response cache")) return std::nullopt;
  return select.column_text(0);
}

void ResponseCache::put(const std::string& request, const std::string& response) {
  Statement insert(db_, path_, "INSERT OR REPLACE INTO responses (request, response, stored_at) VALUES (?1, ?2, ?3)");
  insert.bind_text(1, request);
  insert.bind_text(2, response);
  insert.bind_int64(
      3, std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  insert.step("cannot write the response cache");  // autocommit: committed when step returns
}

std::size_t ResponseCache::size() const {
  Statement count(db_, path_, "SELECT COUNT(*) FROM responses");
  count.step("cannot read the response cache");
  return static_cast<std::size_t>(count.column_int64(0));
}

}  // namespace trenchcoat::judges
