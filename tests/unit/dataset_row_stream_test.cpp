// Datasets read and written one row at a time (io/dataset_rows.hpp: DatasetRowReader,
// DatasetRowWriter): the same rows, lines, errors and bytes as reading and writing them whole.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"

namespace {

using namespace trenchcoat::io;
using nlohmann::ordered_json;
using trenchcoat::testing::error_of;
using trenchcoat::testing::read_file;

class DatasetRowStream : public trenchcoat::testing::TempDirectoryTest {
 protected:
  std::vector<DatasetRow> stream(const std::string& name, std::optional<DatasetFormat> format = std::nullopt) const {
    DatasetRowReader reader((dir_ / name).string(), format);
    std::vector<DatasetRow> rows;
    for (DatasetRow row; reader.next(row);) rows.push_back(row);
    return rows;
  }
  void expect_same_rows(const std::string& name, const std::string& content) const {
    SCOPED_TRACE(name);
    write(name, content);
    const Dataset whole = read_dataset((dir_ / name).string());
    const auto rows = stream(name);
    ASSERT_EQ(rows.size(), whole.rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].line, whole.rows[i].line) << i;
      EXPECT_EQ(rows[i].value, whole.rows[i].value) << i;
    }
    DatasetRowReader reader((dir_ / name).string());
    EXPECT_EQ(reader.header(), whole.header);
  }
};

TEST_F(DatasetRowStream, ReadsTheRowsAndLinesReadDatasetReads) {
  // A byte order mark, blank lines, CRLF and a last line without a newline.
  expect_same_rows("a.jsonl", "\xEF\xBB\xBF{\"z\": 1, \"a\": \"x\"}\n\n  \n{\"b\": null}\r\n{\"c\": \"\xC3\xA9\"}");
  expect_same_rows("b.tsv", "\n\xEF\xBB\xBFsrc\tmt\r\nx\ty\r\n\nu\t\"v\n");
  // A quoted field over three lines, an escaped quote, a blank line between records.
  expect_same_rows("c.csv", "id,text\n1,\"a,\nb\n\"\"c\"\"\"\n\n2,plain\r\n");
  expect_same_rows("d.json", "[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n");
}

TEST_F(DatasetRowStream, ErrorsNameTheFileAndLine) {
  write("bad.jsonl", "{\"a\": 1}\n{\"a\": \n");
  EXPECT_EQ(error_of([&] { stream("bad.jsonl"); }), (dir_ / "bad.jsonl").string() + ":2: not valid JSON");
  write("utf8.jsonl", "{\"a\": 1}\n{\"a\": \"\xff\"}\n");
  EXPECT_EQ(error_of([&] { stream("utf8.jsonl"); }),
            (dir_ / "utf8.jsonl").string() + ":2: invalid UTF-8 (byte 0xFF at column 8)");
  write("open.csv", "a\n\"x\n");
  EXPECT_EQ(error_of([&] { stream("open.csv"); }),
            (dir_ / "open.csv").string() + ":2: a quoted field is not closed before the end of the file");
  write("fields.tsv", "a\tb\nx\n");
  EXPECT_EQ(error_of([&] { stream("fields.tsv"); }),
            (dir_ / "fields.tsv").string() + ":2: 1 field, but the header has 2");
}

TEST_F(DatasetRowStream, ReadsAcrossChunks) {
  // Rows longer than the reader's 1 MiB chunks, and many short ones.
  std::string content;
  const std::string long_text(3 << 20, 'x');
  content += "{\"t\": \"" + long_text + "\"}\n";
  for (int i = 0; i < 50000; ++i) content += "{\"i\": " + std::to_string(i) + "}\n";
  write("big.jsonl", content);
  const auto rows = stream("big.jsonl");
  ASSERT_EQ(rows.size(), 50001u);
  EXPECT_EQ(rows[0].value["t"].get<std::string>().size(), long_text.size());
  EXPECT_EQ(rows[50000].value["i"], 49999);
  EXPECT_EQ(rows[50000].line, 50001u);
}

TEST_F(DatasetRowStream, WritesTheBytesOfFormatDatasetRows) {
  // Rows with different keys: TSV and CSV columns in order of first appearance, so a later row's new key
  // makes the writer rewrite the header and pad the earlier rows.
  const std::vector<ordered_json> rows = {
      ordered_json::parse(R"({"a": "x", "b": 1})"), ordered_json::parse(R"({"b": 2.5, "c": "q,\"r\"\ns"})"),
      ordered_json::parse(R"({"a": null})"), ordered_json::parse(R"({"d": [1, 2], "a": "é"})")};
  for (const DatasetFormat format : {DatasetFormat::jsonl, DatasetFormat::json, DatasetFormat::csv}) {
    SCOPED_TRACE(dataset_format_name(format));
    const std::string path = (dir_ / ("out." + dataset_format_name(format))).string();
    {
      DatasetRowWriter writer(path, format);
      for (const auto& row : rows) writer.write(row);
      EXPECT_FALSE(std::filesystem::exists(path));  // nothing before finish()
      writer.finish();
    }
    EXPECT_EQ(read_file(path), format_dataset_rows(rows, format));
  }
  const std::vector<ordered_json> tsv_rows = {ordered_json::parse(R"({"a": "x"})"),
                                              ordered_json::parse(R"({"b": 1, "a": "y"})"),
                                              ordered_json::parse(R"({"c": null})")};
  const std::string path = (dir_ / "out.tsv").string();
  DatasetRowWriter writer(path, DatasetFormat::tsv);
  for (const auto& row : tsv_rows) writer.write(row);
  writer.finish();
  EXPECT_EQ(read_file(path), format_dataset_rows(tsv_rows, DatasetFormat::tsv));
  EXPECT_EQ(read_file(path), "a\tb\tc\nx\t\t\ny\t1\t\n\t\t\n");  // the columns of all rows, hand-written
}

TEST_F(DatasetRowStream, AnUnfinishedWriterLeavesNoFile) {
  const std::string path = (dir_ / "out.tsv").string();
  {
    DatasetRowWriter writer(path, DatasetFormat::tsv);
    writer.write(ordered_json::parse(R"({"a": "x"})"));
    EXPECT_EQ(error_of([&] { writer.write(ordered_json::parse(R"({"a": "tab\there"})")); }),
              "row 2, column 'a': a tab or newline inside a value cannot be written as TSV (write JSONL or CSV "
              "instead)");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST(CorpusAccumulatorItems, ItemsAddedOneByOneGiveTheSumsOfAdd) {
  // Mean statistics {score, 1} of scores whose sum depends on the order of the additions: adding them
  // one at a time in add()'s order gives the same double.
  trenchcoat::scoring::ScoreResult batch;
  batch.item_scores = {0.1, 0.7, 1e-17, 0.3, std::nan(""), 0.2};
  const std::vector<std::string> groups = {"x", "y", "x", "x", "y", "x"};
  trenchcoat::scoring::CorpusAccumulator whole(trenchcoat::scoring::mean_aggregate());
  whole.add(batch, groups);
  trenchcoat::scoring::CorpusAccumulator items(trenchcoat::scoring::mean_aggregate());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (std::isnan(batch.item_scores[i])) {
      items.add_item(groups[i], std::nullopt);
      continue;
    }
    const std::vector<double> stats = {batch.item_scores[i], 1.0};
    items.add_item(groups[i], std::span<const double>(stats));
  }
  const auto a = whole.scores(), b = items.scores();
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  for (std::size_t g = 0; g < 2; ++g) {
    EXPECT_EQ(a[g].group, b[g].group);
    EXPECT_EQ(a[g].items, b[g].items);
    EXPECT_EQ(a[g].without, b[g].without);
    EXPECT_EQ(*a[g].score, *b[g].score);  // == on doubles: bit for bit
  }
}

}  // namespace
