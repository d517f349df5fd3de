#pragma once
// Which columns of a dataset hold what a scorer reads: layouts recognised without flags, column
// overrides (`--fields src=source,mt=hyp,ref=reference`), and the mapping of rows to scoring::Item
// (the RewardBench, TRL and LLMBar preference formats, and configurable columns).
//
// Detection looks at the first row's field names (a TSV/CSV header), in this order:
//   preference   "chosen" and "rejected" (RewardBench v1, TRL explicit or implicit prompt). The prompt
//                is "prompt" (or, as the rewardbench CLI aliases it, "question" or "input"). chosen and
//                rejected are strings or chat message lists ({role, content}):
//                - message lists: with no prompt field, the prompt is the leading messages the two
//                  lists share (TRL's extract_prompt); the completion of each is the content of its
//                  last assistant message (an error if there is none);
//                - strings without a prompt field: Anthropic HH transcripts ("\n\nHuman: ...
//                  \n\nAssistant: ...", both holding "\n\nAssistant:") are split after the chosen
//                  text's last "\n\nAssistant:" (the prompt) and each completion is what follows its
//                  own last marker, verbatim (as the DPO reference code splits hh-rlhf); other strings
//                  are split after their longest shared prefix, moved back to a character boundary
//                  and before a space that ends it (TRL's extract_prompt);
//                - a prompt given as a message list is rendered as text (below).
//   llmbar       "output_1", "output_2" and "label" (1 or 2: the better output), prompt "input":
//                chosen is output_<label>, rejected the other.
//   pointwise    anything else: candidate from the first of mt, hyp, hypothesis, candidate, response,
//                output, completion; source from src, source; references from ref, refs, reference,
//                references (a string or a list of strings); prompt from prompt, instruction, question,
//                input. Without a candidate column detection fails, naming the columns it looked for.
// Identifiers: "id", "subset", "system" when present.
//
// Overrides map trenchcoat's names to column names and win over detection: source (src), candidate
// (mt, hyp, hypothesis, response), references (ref, refs, reference), prompt, alternative, chosen,
// rejected, subset, id, system. Naming chosen or rejected selects the preference layout. An override
// naming a column the data lacks, or an unknown name, is an error.
//
// Messages rendered as text: one message gives its content; several give "role: content" blocks
// separated by a blank line. A content that is a list of parts joins the parts' "text" fields.
//
// Values: strings as they are; numbers (ids) as JSON writes them. A column that is absent from a row
// or null there gives an empty text in the Item, and RowItems names the Item field as missing, so
// that the caller can tell a missing field from an empty string (""). A text field holding anything else (an object, a
// list where a string is needed) is an error naming the file, line and field.
#include <map>
#include <string>
#include <vector>

#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::scoring {

enum class LayoutKind { pointwise, preference, llmbar };

// Column overrides, trenchcoat name (canonical, see above) -> column.
using FieldOverrides = std::map<std::string, std::string>;

// Parses "src=source,mt=hyp,ref=reference" (aliases resolved to canonical names). Throws
// trenchcoat::Error for an unknown name or a malformed entry.
FieldOverrides parse_field_overrides(const std::string& spec);

struct DatasetLayout {
  LayoutKind kind = LayoutKind::pointwise;
  // Columns (empty: none). pointwise: candidate, source, references, prompt, alternative.
  // preference: chosen, rejected, prompt. llmbar: output_1, output_2, label, prompt.
  std::string candidate, source, references, prompt, alternative;
  std::string chosen, rejected, output_1, output_2, label;
  std::string subset, id, system;

  bool is_preference() const { return kind != LayoutKind::pointwise; }
  // The Item fields this layout fills (ScorerInfo::required_fields names): pointwise: candidate plus
  // whichever of source, references, prompt, alternative have a column; preference and llmbar:
  // candidate, alternative, and prompt when there is one.
  std::vector<std::string> available_fields() const;
  // One line for messages and the run summary, e.g. "preference (prompt, chosen, rejected)".
  std::string describe() const;
};

// The layout of a dataset (see above). Throws trenchcoat::Error when none fits.
DatasetLayout detect_layout(const io::Dataset& dataset, const FieldOverrides& overrides = {});

// The items of one row. For preference and llmbar rows `chosen` and `rejected` are both set, each
// with the other's completion as its alternative; for pointwise rows only `chosen` (the row's item).
struct RowItems {
  Item chosen;
  Item rejected;
  // The Item fields ("candidate", "references", ...; ScorerInfo names) whose column the row lacks or
  // holds null, per item. A prompt derived from the completions is never missing.
  std::vector<std::string> chosen_missing;
  std::vector<std::string> rejected_missing;
};

// Maps a row to its items; the id defaults to the row's line number when the layout has no id
// column. Errors name the dataset file and the row's line.
RowItems map_row(const io::Dataset& dataset, const io::DatasetRow& row, const DatasetLayout& layout);

// Reads one Item field by its ScorerInfo name ("candidate", "references", ...); for "references"
// true when there is at least one non-empty reference. Used to find empty texts.
bool has_text(const Item& item, const std::string& field);

}  // namespace trenchcoat::scoring
