// io::AtomicFileWriter: the pieces appear at the destination only on commit; a writer destroyed before
// it leaves the destination as it was and no temporary file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/io/atomic_file_writer.hpp"

namespace {

class AtomicFileWriterTest : public trenchcoat::testing::TempDirectoryTest {
 protected:
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(AtomicFileWriterTest, CommitReplacesTheDestinationWithThePieces) {
  const std::string path = write("out.jsonl", "previous\n");
  trenchcoat::io::AtomicFileWriter writer(path);
  writer.append("a\n");
  // More than the writer's 1 MiB buffer, so that some pieces reach the temporary file before commit.
  const std::string big(std::size_t{3} << 19, 'x');
  writer.append(big);
  writer.append("\nb\n");
  EXPECT_EQ(trenchcoat::testing::read_file(path), "previous\n");  // not yet committed
  writer.commit();
  EXPECT_EQ(trenchcoat::testing::read_file(path), "a\n" + big + "\nb\n");
  EXPECT_EQ(files(), (std::vector<std::string>{"out.jsonl"}));
}

TEST_F(AtomicFileWriterTest, AWriterDestroyedUncommittedLeavesNoTrace) {
  const std::string path = write("out.jsonl", "previous\n");
  {
    trenchcoat::io::AtomicFileWriter writer(path);
    writer.append(std::string(std::size_t{3} << 19, 'x'));
  }
  EXPECT_EQ(trenchcoat::testing::read_file(path), "previous\n");
  EXPECT_EQ(files(), (std::vector<std::string>{"out.jsonl"}));
  {
    trenchcoat::io::AtomicFileWriter writer((dir_ / "new.jsonl").string());
    writer.append("a\n");
  }
  EXPECT_EQ(files(), (std::vector<std::string>{"out.jsonl"}));
}

TEST_F(AtomicFileWriterTest, ADirectoryThatDoesNotExistIsAnErrorNamingTheFile) {
  const std::string path = (dir_ / "missing" / "out.jsonl").string();
  try {
    trenchcoat::io::AtomicFileWriter writer(path);
    FAIL() << "no error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
