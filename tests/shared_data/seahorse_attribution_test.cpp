// SEAHORSE's validation split read as attribution data: every row's CSV quoting and JSON escapes decode,
// and the question-4 (attribution) labels are counted as the data's own documentation counts them. The
// files carry no article text, so the summary stands in for the article here (only the reading is
// tested).
#include <gtest/gtest.h>

#include "shared_data.hpp"
#include "trenchcoat/io/attribution_data.hpp"

namespace {

using trenchcoat::testing::shared_data_path;

TEST(SeahorseAttribution, ValidationSplitLabelsAndEscapes) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("seahorse/seahorse_data/validation.tsv.gz");
  const std::string path = shared_data_path("seahorse/seahorse_data/validation.tsv.gz");
  EXPECT_EQ(trenchcoat::io::detect_attribution_format(path), trenchcoat::io::AttributionFormat::seahorse);
  const auto d = trenchcoat::io::read_attribution_data(path, std::nullopt, {.article = "summary"});
  // Python 3.11.2: csv.reader(delimiter='\t') over the gunzipped file, each field json.loads('"' + f + '"'):
  // 8,968 rows; question4 Yes 4,724, No 3,340, Unsure 13, empty 891.
  EXPECT_EQ(d.rows, 8968u);
  EXPECT_EQ(d.unsure, 13u);
  EXPECT_EQ(d.unlabelled, 891u);
  ASSERT_EQ(d.examples.size(), 4724u + 3340u);
  std::size_t positives = 0;
  for (const auto& e : d.examples) positives += e.label == 1.0;
  EXPECT_EQ(positives, 4724u);
  // The same decoding: the first summary with a \u escape (gem_id wiki_lingua_german_de-val-4497) starts
  // "Schneide ein Stück Leder." (\u00fc decoded to U+00FC).
  bool found = false;
  for (const auto& e : d.examples)
    if (e.id == "wiki_lingua_german_de-val-4497") {
      EXPECT_EQ(e.summary.rfind("Schneide ein St\xC3\xBC"
                                "ck Leder.",
                                0),
                0u)
          << e.summary;
      EXPECT_EQ(e.line, 13u);  // zcat validation.tsv.gz | grep -n: line 13
      found = true;
      break;
    }
  EXPECT_TRUE(found);
}

}  // namespace
