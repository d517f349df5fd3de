// The SQLite response cache of the LLM judge: exact-text keys, persistence, WAL mode, sharing, and
// clear errors for files it cannot use. Expected behaviour: include/trenchcoat/judges/response_cache.hpp.
#include "trenchcoat/judges/response_cache.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <thread>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"

using trenchcoat::judges::ResponseCache;

namespace {

class ResponseCacheTest : public trenchcoat::testing::TempDirectoryTest {
 protected:
  std::string cache_path() const { return (dir_ / "cache.sqlite").string(); }
};

std::string sqlite_pragma(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

}  // namespace

TEST_F(ResponseCacheTest, PutThenGetAndMissingKeys) {
  ResponseCache cache(cache_path());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.get("{\"body\":\"a\"}").has_value());
  cache.put("{\"body\":\"a\"}", "{\"choices\":[1]}");
  EXPECT_EQ(cache.get("{\"body\":\"a\"}"), "{\"choices\":[1]}");
  // Keys are the exact text: one character more is another key.
  EXPECT_FALSE(cache.get("{\"body\":\"a\"} ").has_value());
  EXPECT_FALSE(cache.get("{\"body\":\"A\"}").has_value());
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(ResponseCacheTest, SurvivesReopeningAndReplacesExistingKeys) {
  {
    ResponseCache cache(cache_path());
    cache.put("k1", "v1");
    cache.put("k2", "v2");
    cache.put("k1", "v1 again");  // replaces (response_cache.hpp)
  }
  ResponseCache reopened(cache_path());
  EXPECT_EQ(reopened.size(), 2u);
  EXPECT_EQ(reopened.get("k1"), "v1 again");
  EXPECT_EQ(reopened.get("k2"), "v2");
}

TEST_F(ResponseCacheTest, KeepsLongAndNonAsciiTextExactly) {
  ResponseCache cache(cache_path());
  const std::string long_key(1 << 20, 'x');
  const std::string text = "Ünïcödé ✓ 中文 \n\t \"quoted\"";
  cache.put(long_key, text);
  cache.put(text, long_key);
  EXPECT_EQ(cache.get(long_key), text);
  EXPECT_EQ(cache.get(text), long_key);
}

TEST_F(ResponseCacheTest, UsesWriteAheadLogging) {
  { ResponseCache cache(cache_path()); }
  // PRAGMA journal_mode is persistent for WAL (SQLite documentation, "Write-Ahead Logging").
  EXPECT_EQ(sqlite_pragma(cache_path(), "PRAGMA journal_mode"), "wal");
}

TEST_F(ResponseCacheTest, TwoConnectionsSeeEachOthersCommits) {
  ResponseCache writer(cache_path());
  ResponseCache reader(cache_path());
  writer.put("k", "v");  // committed when put returns
  EXPECT_EQ(reader.get("k"), "v");
}

TEST_F(ResponseCacheTest, ConcurrentPutsFromThreads) {
  ResponseCache cache(cache_path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 50; ++i) cache.put("t" + std::to_string(t) + "-" + std::to_string(i), "v");
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(cache.size(), 200u);
}

TEST_F(ResponseCacheTest, FileThatIsNotADatabaseIsAnErrorNamingIt) {
  const std::string path = write("not-a-db.sqlite", std::string(4096, 'z'));
  try {
    ResponseCache cache(path);
    FAIL() << "expected trenchcoat::Error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_NE(std::string(e.what()).find("response cache"), std::string::npos) << e.what();
  }
}

TEST_F(ResponseCacheTest, MissingFolderIsAnError) {
  EXPECT_THROW(ResponseCache((dir_ / "no" / "such" / "folder" / "cache.sqlite").string()), trenchcoat::Error);
}

TEST_F(ResponseCacheTest, ForeignResponsesTableIsAnError) {
  const std::string path = (dir_ / "other.sqlite").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE responses (x INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_THROW(ResponseCache{path}, trenchcoat::Error);
}
