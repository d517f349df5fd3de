// Numbers and texts read from dataset rows (row_values.hpp): JSON numbers, strict numeric strings,
// missing markers, booleans, and errors naming the file and line.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "trenchcoat/io/row_values.hpp"

using namespace trenchcoat::io;
using trenchcoat::testing::error_of;

TEST(RowValues, NumbersMissingValuesAndBooleans) {
  const Dataset d = parse_dataset("rows.tsv", "a\tb\tc\n1.5\tNone\ttrue\n 2\t-3e2\tx\n", DatasetFormat::tsv);
  EXPECT_EQ(*row_number(d, d.rows[0], "a"), 1.5);
  EXPECT_EQ(row_number(d, d.rows[0], "b", {.allow_missing = true}), std::nullopt);
  EXPECT_EQ(*row_number(d, d.rows[0], "c", {.allow_missing = false, .allow_bool = true}), 1.0);
  EXPECT_EQ(*row_number(d, d.rows[1], "b"), -300.0);
  EXPECT_EQ(error_of([&] { row_number(d, d.rows[0], "b"); }), "rows.tsv:2: no number in field 'b'");
  EXPECT_EQ(error_of([&] { row_number(d, d.rows[1], "a"); }), "rows.tsv:3: field 'a' is not a number: ' 2'");
  EXPECT_EQ(error_of([&] { row_number(d, d.rows[0], "c"); }), "rows.tsv:2: field 'c' is not a number: 'true'");
  EXPECT_EQ(row_text(d.rows[1], "c"), "x");
  EXPECT_EQ(row_text(d.rows[1], "absent"), "");
  const Dataset j =
      parse_dataset("rows.jsonl", "{\"n\": 7, \"t\": false, \"big\": 1e308, \"s\": \"inf\"}\n", DatasetFormat::jsonl);
  EXPECT_EQ(row_text(j.rows[0], "n"), "7");
  EXPECT_EQ(*row_number(j, j.rows[0], "t", {.allow_missing = false, .allow_bool = true}), 0.0);
  EXPECT_EQ(*row_number(j, j.rows[0], "big"), 1e308);
  EXPECT_EQ(error_of([&] { row_number(j, j.rows[0], "s"); }), "rows.jsonl:1: field 's' is not a finite number");
}
