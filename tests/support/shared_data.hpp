#pragma once
// Tests on ../shared/data form the "shared-data" group: when the folder is absent they are skipped,
// visibly, with the path they looked for.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace trenchcoat::testing {

inline std::string shared_dir() {
  if (const char* env = std::getenv("TRENCHCOAT_SHARED_DIR"); env && *env) return env;
  return TRENCHCOAT_SHARED_DIR;
}

inline std::string shared_data_path(const std::string& relative) { return shared_dir() + "/data/" + relative; }

}  // namespace trenchcoat::testing

// Skips the current test when the shared data it needs is not there.
#define TRENCHCOAT_REQUIRE_SHARED_DATA(relative)                                                               \
  do {                                                                                                         \
    const std::string required_path_ = ::trenchcoat::testing::shared_data_path(relative);                      \
    if (!std::filesystem::exists(required_path_)) GTEST_SKIP() << "shared data not found: " << required_path_; \
  } while (0)
