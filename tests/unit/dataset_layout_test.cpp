// Dataset layouts (scoring/dataset_layout.hpp): detection, --fields overrides, rows to Items for
// pointwise rows, RewardBench/TRL preference rows (strings, chat lists, HH transcripts) and LLMBar.
#include <gtest/gtest.h>

#include "test_support.hpp"

#include "trenchcoat/error.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"

namespace {

using namespace trenchcoat;
using namespace trenchcoat::scoring;

io::Dataset jsonl(const std::string& text) { return io::parse_dataset("d.jsonl", text, io::DatasetFormat::jsonl); }

using trenchcoat::testing::error_of;

TEST(DatasetLayout, PointwiseSrcMtRef) {
  const auto d = jsonl(R"({"src": "Hallo", "mt": "Hi", "ref": ["Hello", "Hi there"], "system": "A", "id": 7})"
                       "\n");
  const auto l = detect_layout(d);
  EXPECT_EQ(l.kind, LayoutKind::pointwise);
  EXPECT_EQ(l.describe(), "pointwise (candidate=mt, source=src, references=ref, id)");
  EXPECT_EQ(l.candidate, "mt");
  EXPECT_EQ(l.source, "src");
  EXPECT_EQ(l.references, "ref");
  EXPECT_EQ(l.available_fields(), (std::vector<std::string>{"candidate", "source", "references"}));
  const auto items = map_row(d, d.rows[0], l);
  EXPECT_EQ(items.chosen.candidate, "Hi");
  EXPECT_EQ(items.chosen.source, "Hallo");
  EXPECT_EQ(items.chosen.references, (std::vector<std::string>{"Hello", "Hi there"}));
  EXPECT_EQ(items.chosen.system, "A");
  EXPECT_EQ(items.chosen.id, "7");  // a number id as JSON writes it
}

TEST(DatasetLayout, PromptResponseAndMissingIdIsTheLine) {
  const auto d = jsonl(
      "\n"
      R"({"prompt": "Q?", "response": "A."})"
      "\n");
  const auto l = detect_layout(d);
  EXPECT_EQ(l.candidate, "response");
  EXPECT_EQ(l.prompt, "prompt");
  const auto items = map_row(d, d.rows[0], l);
  EXPECT_EQ(items.chosen.prompt, "Q?");
  EXPECT_EQ(items.chosen.id, "2");  // no id column: the row's line
}

TEST(DatasetLayout, OverridesMapTrenchcoatNamesToColumns) {
  const auto d =
      io::parse_dataset("d.tsv", "source\thyp\treference\nein Haus\ta house\tthe house\n", io::DatasetFormat::tsv);
  EXPECT_EQ(parse_field_overrides("src=source,mt=hyp,ref=reference"),
            (FieldOverrides{{"source", "source"}, {"candidate", "hyp"}, {"references", "reference"}}));
  const auto l = detect_layout(d, parse_field_overrides("src=source,mt=hyp,ref=reference"));
  const auto items = map_row(d, d.rows[0], l);
  EXPECT_EQ(items.chosen.source, "ein Haus");
  EXPECT_EQ(items.chosen.candidate, "a house");
  EXPECT_EQ(items.chosen.references, std::vector<std::string>{"the house"});
  EXPECT_EQ(
      error_of([&] { detect_layout(d, parse_field_overrides("mt=translation")); }),
      "d.tsv: --fields candidate=translation: there is no column 'translation' (columns: source, hyp, reference)");
  EXPECT_EQ(error_of([] { parse_field_overrides("colour=x"); }).rfind("--fields: unknown field 'colour'", 0), 0u);
  EXPECT_EQ(error_of([] { parse_field_overrides("mt"); }),
            "--fields: 'mt' is not NAME=COLUMN (e.g. src=source,mt=hyp,ref=reference)");
}

TEST(DatasetLayout, NoCandidateColumnIsAnErrorNamingTheColumns) {
  const auto d = jsonl(R"({"text": "x", "score": 1})"
                       "\n");
  const std::string msg = error_of([&] { detect_layout(d); });
  EXPECT_NE(msg.find("cannot tell which column holds the text to score"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the columns are text, score; name it with --fields mt=COLUMN"), std::string::npos) << msg;
}

TEST(DatasetLayout, RewardBenchRows) {
  const auto d = jsonl(R"({"prompt": "P", "chosen": "good", "rejected": "bad", "subset": "hep-go", "id": "x1"})"
                       "\n");
  const auto l = detect_layout(d);
  EXPECT_EQ(l.kind, LayoutKind::preference);
  EXPECT_EQ(l.describe(), "preference (prompt, chosen, rejected, subset, id)");
  EXPECT_EQ(l.available_fields(), (std::vector<std::string>{"candidate", "alternative", "prompt"}));
  const auto items = map_row(d, d.rows[0], l);
  EXPECT_EQ(items.chosen.candidate, "good");
  EXPECT_EQ(items.chosen.alternative, "bad");
  EXPECT_EQ(items.rejected.candidate, "bad");
  EXPECT_EQ(items.rejected.alternative, "good");
  EXPECT_EQ(items.chosen.prompt, "P");
  EXPECT_EQ(items.rejected.subset, "hep-go");
  EXPECT_EQ(items.rejected.id, "x1");
}

TEST(DatasetLayout, ChatListsSharedPrefixIsThePromptLastAssistantIsTheCompletion) {
  // TRL's conversational implicit-prompt format: the messages both lists begin with are the prompt.
  const auto d = jsonl(
      R"({"chosen": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}],)"
      R"( "rejected": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "2+2?"}, {"role": "assistant", "content": [{"type": "text", "text": "fi"}, {"type": "text", "text": "ve"}]}]})"
      "\n");
  const auto items = map_row(d, d.rows[0], detect_layout(d));
  EXPECT_EQ(items.chosen.candidate, "4");
  EXPECT_EQ(items.rejected.candidate, "five");  // content parts joined
  EXPECT_EQ(items.chosen.prompt, "user: Hi\n\nassistant: Hello!\n\nuser: 2+2?");
  // One shared message: its content alone.
  const auto one = jsonl(
      R"({"chosen": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "a"}], "rejected": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "b"}]})"
      "\n");
  EXPECT_EQ(map_row(one, one.rows[0], detect_layout(one)).chosen.prompt, "Q");
  // TRL's conversational explicit format: a prompt list, completions with one assistant message.
  const auto expl = jsonl(
      R"({"prompt": [{"role": "user", "content": "Q"}], "chosen": [{"role": "assistant", "content": "a"}], "rejected": [{"role": "assistant", "content": "bb"}]})"
      "\n");
  const auto e = map_row(expl, expl.rows[0], detect_layout(expl));
  EXPECT_EQ(e.chosen.prompt, "Q");
  EXPECT_EQ(e.rejected.candidate, "bb");
  const auto bad =
      jsonl(R"({"chosen": [{"role": "user", "content": "Q"}], "rejected": [{"role": "assistant", "content": "b"}]})"
            "\n");
  EXPECT_EQ(error_of([&] { map_row(bad, bad.rows[0], detect_layout(bad)); }),
            "d.jsonl:1: 'chosen' has no assistant message");
}

TEST(DatasetLayout, AnthropicTranscriptsSplitAfterTheLastAssistantMarker) {
  // hh-rlhf rows: full dialogues; the prompt ends with the last "\n\nAssistant:".
  const auto d = jsonl(
      R"({"chosen": "\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Help?\n\nAssistant: Sure.", "rejected": "\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Help?\n\nAssistant: No"})"
      "\n");
  const auto items = map_row(d, d.rows[0], detect_layout(d));
  EXPECT_EQ(items.chosen.prompt, "\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Help?\n\nAssistant:");
  EXPECT_EQ(items.chosen.candidate, " Sure.");  // verbatim, leading space included
  EXPECT_EQ(items.rejected.candidate, " No");
}

TEST(DatasetLayout, ImplicitPromptStringsSplitAfterTheSharedPrefix) {
  // TRL's extract_prompt: the shared prefix, without the space that ends it.
  const auto d = jsonl(R"({"chosen": "The sky is blue.", "rejected": "The sky is green."})"
                       "\n"
                       R"({"chosen": "Café au lait", "rejected": "Cafè"})"
                       "\n");
  const auto l = detect_layout(d);
  const auto a = map_row(d, d.rows[0], l);
  EXPECT_EQ(a.chosen.prompt, "The sky is");
  EXPECT_EQ(a.chosen.candidate, " blue.");
  EXPECT_EQ(a.rejected.candidate, " green.");
  const auto b = map_row(d, d.rows[1], l);  // é and è share their first UTF-8 byte: cut before it
  EXPECT_EQ(b.chosen.prompt, "Caf");
  EXPECT_EQ(b.rejected.candidate, "è");
}

TEST(DatasetLayout, LlmbarLabelNamesTheBetterOutput) {
  const auto d = jsonl(R"({"input": "I", "output_1": "one", "output_2": "two", "label": 2})"
                       "\n"
                       R"({"input": "I", "output_1": "one", "output_2": "two", "label": "1"})"
                       "\n"
                       R"({"input": "I", "output_1": "one", "output_2": "two", "label": 3})"
                       "\n");
  const auto l = detect_layout(d);
  EXPECT_EQ(l.kind, LayoutKind::llmbar);
  const auto a = map_row(d, d.rows[0], l);
  EXPECT_EQ(a.chosen.candidate, "two");
  EXPECT_EQ(a.rejected.candidate, "one");
  EXPECT_EQ(a.chosen.prompt, "I");
  EXPECT_EQ(map_row(d, d.rows[1], l).chosen.candidate, "one");
  EXPECT_EQ(error_of([&] { map_row(d, d.rows[2], l); }), "d.jsonl:3: 'label' must be 1 or 2 (the better output)");
}

TEST(DatasetLayout, NonTextValuesAreErrorsNullIsEmpty) {
  const auto d = jsonl(R"({"mt": {"x": 1}})"
                       "\n"
                       R"({"mt": null})"
                       "\n");
  const auto l = detect_layout(d);
  EXPECT_EQ(error_of([&] { map_row(d, d.rows[0], l); }), "d.jsonl:1: 'mt' is not a text (it holds a JSON object)");
  const auto items = map_row(d, d.rows[1], l);
  EXPECT_EQ(items.chosen.candidate, "");
  EXPECT_FALSE(has_text(items.chosen, "candidate"));
  EXPECT_FALSE(has_text(items.chosen, "references"));
}

// Absent or null fields are named per item, so that a caller can tell them from "" (an empty text).
TEST(DatasetLayout, MissingFieldsAreNamedPerItem) {
  const auto pairs = jsonl(R"({"prompt": "p", "chosen": "a", "rejected": "b"})"
                           "\n"
                           R"({"prompt": "p", "chosen": "a"})"
                           "\n"
                           R"({"chosen": null, "rejected": ""})"
                           "\n");
  const auto l = detect_layout(pairs);
  EXPECT_TRUE(map_row(pairs, pairs.rows[0], l).chosen_missing.empty());
  const auto lacking_rejected = map_row(pairs, pairs.rows[1], l);
  EXPECT_EQ(lacking_rejected.chosen_missing, (std::vector<std::string>{"alternative"}));
  EXPECT_EQ(lacking_rejected.rejected_missing, (std::vector<std::string>{"candidate"}));
  const auto null_chosen = map_row(pairs, pairs.rows[2], l);  // "" is empty, not missing; a lacking prompt is derived
  EXPECT_EQ(null_chosen.chosen_missing, (std::vector<std::string>{"candidate"}));
  EXPECT_EQ(null_chosen.rejected_missing, (std::vector<std::string>{"alternative"}));

  const auto points = jsonl(R"({"mt": "x", "ref": "r", "src": "s"})"
                            "\n"
                            R"({"mt": "", "ref": null})"
                            "\n");
  const auto p = detect_layout(points);
  const auto second = map_row(points, points.rows[1], p);
  EXPECT_EQ(second.chosen_missing, (std::vector<std::string>{"source", "references"}));
  EXPECT_EQ(second.chosen.candidate, "");

  const auto llmbar = jsonl(R"({"input": "I", "output_1": "one", "output_2": "two", "label": 1})"
                            "\n"
                            R"({"input": "I", "output_1": "one", "label": 2})"
                            "\n");
  const auto b = map_row(llmbar, llmbar.rows[1], detect_layout(llmbar));
  EXPECT_EQ(b.chosen_missing, (std::vector<std::string>{"candidate"}));  // output_2, the better one, is absent
  EXPECT_EQ(b.rejected_missing, (std::vector<std::string>{"alternative"}));
}

}  // namespace
