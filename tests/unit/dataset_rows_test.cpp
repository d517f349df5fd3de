// Dataset rows (io/dataset_rows.hpp): JSONL, JSON lists, TSV and CSV in; JSONL, TSV and CSV out;
// errors name the file and line.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"

namespace {

using trenchcoat::Error;
using namespace trenchcoat::io;

using trenchcoat::testing::error_of;

TEST(DatasetRows, JsonLinesKeepFieldOrderAndSkipBlankLines) {
  const Dataset d =
      parse_dataset("d.jsonl", "{\"z\": 1, \"a\": \"x\", \"m\": [1]}\n\n  \n{\"b\": null}\n", DatasetFormat::jsonl);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].line, 1u);
  EXPECT_EQ(d.rows[1].line, 4u);  // blank lines 2 and 3 skipped, counted
  std::vector<std::string> keys;
  for (const auto& [k, v] : d.rows[0].value.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"z", "a", "m"}));  // the file's order, not sorted
}

TEST(DatasetRows, MalformedJsonNamesFileAndLine) {
  EXPECT_EQ(error_of([] { parse_dataset("d.jsonl", "{\"a\": 1}\n{\"a\": \n", DatasetFormat::jsonl); }),
            "d.jsonl:2: not valid JSON");
  EXPECT_EQ(error_of([] { parse_dataset("d.jsonl", "{\"a\": 1}\n[1, 2]\n", DatasetFormat::jsonl); }),
            "d.jsonl:2: expected a JSON object");
}

TEST(DatasetRows, InvalidUtf8NamesTheLine) {
  const std::string msg =
      error_of([] { parse_dataset("d.jsonl", "{\"a\": \"ok\"}\n{\"a\": \"\xff\"}\n", DatasetFormat::jsonl); });
  EXPECT_EQ(msg.rfind("d.jsonl:2: invalid UTF-8", 0), 0u) << msg;
}

TEST(DatasetRows, HugeLinesAreRead) {
  const std::string big(5'000'000, 'x');
  const Dataset d = parse_dataset("d.jsonl", "{\"text\": \"" + big + "\"}\n", DatasetFormat::jsonl);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].value["text"].get<std::string>().size(), big.size());
}

TEST(DatasetRows, JsonListRowsCarryTheLineTheirObjectStartsOn) {
  // LLMBar's dataset.json layout: a list of objects over several lines.
  const std::string text =
      "[\n  {\n    \"input\": \"a,\\\"]{\",\n    \"label\": 1\n  },\n  {\"input\": \"b\", \"label\": 2}\n]\n";
  const Dataset d = parse_dataset("d.json", text, DatasetFormat::json);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].line, 2u);
  EXPECT_EQ(d.rows[1].line, 6u);
  EXPECT_EQ(d.rows[0].value["input"], "a,\"]{");
  EXPECT_EQ(error_of([] { parse_dataset("d.json", "[\n{\"a\": 1},\n3\n]", DatasetFormat::json); }),
            "d.json:3: expected a JSON object (list element 2)");
  EXPECT_EQ(error_of([] { parse_dataset("d.json", "[\n{\"a\": 1},\n{\"a\" 2}\n]", DatasetFormat::json); }),
            "d.json:3: not valid JSON");
}

TEST(DatasetRows, TsvHasAHeaderAndNoQuoting) {
  const Dataset d = parse_dataset("d.tsv", "\xEF\xBB\xBFsrc\tmt\tref\r\nein \"Haus\"\ta house\tthe house\r\n\nb\t\tc\n",
                                  DatasetFormat::tsv);
  EXPECT_EQ(d.header, (std::vector<std::string>{"src", "mt", "ref"}));  // byte order mark dropped
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].value["src"], "ein \"Haus\"");  // quotes are characters in TSV
  EXPECT_EQ(d.rows[0].value["ref"], "the house");     // \r\n line end dropped
  EXPECT_EQ(d.rows[1].value["mt"], "");
  EXPECT_EQ(d.rows[1].line, 4u);
  EXPECT_EQ(error_of([] { parse_dataset("d.tsv", "a\tb\n1\t2\n3\n", DatasetFormat::tsv); }),
            "d.tsv:3: 1 field, but the header has 2");
  EXPECT_EQ(error_of([] { parse_dataset("d.tsv", "a\ta\n1\t2\n", DatasetFormat::tsv); }),
            "d.tsv:1: the header names column 'a' twice");
}

TEST(DatasetRows, CsvFollowsRfc4180) {
  const std::string text = "id,text,note\r\n1,\"a, b\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",x\n3,,\n";
  const Dataset d = parse_dataset("d.csv", text, DatasetFormat::csv);
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.rows[0].value["text"], "a, b");
  EXPECT_EQ(d.rows[0].value["note"], "say \"hi\"");
  EXPECT_EQ(d.rows[1].value["text"], "two\nlines");
  EXPECT_EQ(d.rows[1].line, 3u);
  EXPECT_EQ(d.rows[2].line, 5u);  // the quoted newline took line 4
  EXPECT_EQ(d.rows[2].value["note"], "");
  EXPECT_EQ(error_of([] { parse_dataset("d.csv", "a,b\n1,2,3\n", DatasetFormat::csv); }),
            "d.csv:2: 3 fields, but the header has 2");
  EXPECT_EQ(error_of([] { parse_dataset("d.csv", "a,b\n1,\"open\n", DatasetFormat::csv); }),
            "d.csv:2: a quoted field is not closed before the end of the file");
}

TEST(DatasetRows, FormatFromTheFileName) {
  EXPECT_EQ(dataset_format_from_name("x.jsonl.gz"), DatasetFormat::jsonl);
  EXPECT_EQ(dataset_format_from_name("x/dataset.json"), DatasetFormat::json);
  EXPECT_EQ(dataset_format_from_name("X.TSV"), DatasetFormat::tsv);
  EXPECT_EQ(dataset_format_from_name("x.csv.gz"), DatasetFormat::csv);
  EXPECT_EQ(dataset_format_from_name("-"), DatasetFormat::jsonl);
  EXPECT_EQ(dataset_format_from_name("scores.txt"), DatasetFormat::jsonl);
}

TEST(DatasetRows, WritesJsonlTsvAndCsv) {
  std::vector<nlohmann::ordered_json> rows(2);
  rows[0]["b"] = "x, \"y\"";
  rows[0]["a"] = 1.5;
  rows[1]["a"] = nullptr;
  rows[1]["c"] = nlohmann::ordered_json::array({1, 2});
  EXPECT_EQ(format_dataset_rows(rows, DatasetFormat::jsonl),
            "{\"b\":\"x, \\\"y\\\"\",\"a\":1.5}\n{\"a\":null,\"c\":[1,2]}\n");
  // Columns in order of first appearance; null and absent values are empty; lists as JSON text.
  EXPECT_EQ(format_dataset_rows(rows, DatasetFormat::csv), "b,a,c\n\"x, \"\"y\"\"\",1.5,\n,,\"[1,2]\"\n");
  EXPECT_EQ(format_dataset_rows(rows, DatasetFormat::tsv), "b\ta\tc\nx, \"y\"\t1.5\t\n\t\t[1,2]\n");
  rows[1]["b"] = "tab\there";
  EXPECT_EQ(error_of([&] { check_dataset_rows_writable(rows, DatasetFormat::tsv); }),
            "row 2, column 'b': a tab or newline inside a value cannot be written as TSV (write JSONL or CSV instead)");
  EXPECT_EQ(error_of([&] { check_dataset_rows_writable(rows, DatasetFormat::csv); }), "");
}

TEST(DatasetRows, CsvRoundTrip) {
  std::vector<nlohmann::ordered_json> rows(1);
  rows[0]["text"] = "line one\nline \"two\", end";
  rows[0]["n"] = "3";
  const Dataset d = parse_dataset("d.csv", format_dataset_rows(rows, DatasetFormat::csv), DatasetFormat::csv);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].value, rows[0]);
}

class DatasetRowsFiles : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(DatasetRowsFiles, WritesAtomicallyAndReadsBack) {
  std::vector<nlohmann::ordered_json> rows(1);
  rows[0]["a"] = "é";
  const std::string path = (dir_ / "out.jsonl").string();
  write_dataset_rows(path, rows, DatasetFormat::jsonl);
  const Dataset d = read_dataset(path);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].value["a"], "é");
  EXPECT_EQ(trenchcoat::testing::read_file(path), "{\"a\":\"é\"}\n");  // non-ASCII written as is
  // Nothing is left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u);
  EXPECT_EQ(error_of([&] { read_dataset((dir_ / "missing.jsonl").string()); }).find("cannot open"),
            (dir_ / "missing.jsonl").string().size() + 2);
}

}  // namespace
