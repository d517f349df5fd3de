#pragma once
// M-RewardBench's translation rows (the `translation` config of CohereLabsCommunity/
// multilingual-reward-bench, 800 rows: 4 directions x EASY/HARD x 100 pairs) read as pairs, as a user
// who has downloaded them holds them: JSON Lines with prompt, chosen, rejected and the subset name.
//   - The subset is the `subset` field, else the `source` field (M-RewardBench's evaluation code reads
//     subset names from a `source` column). Its name is (maple|translation)[-_](easy|hard)[-_]XX[-_]YY,
//     any case (the data was built with `maple-*` names and renamed `translation-*` for release), e.g.
//     translation-hard-zh-en; it gives the direction XX-YY and the difficulty.
//   - The source text (what a quality-estimation metric such as CometKiwi reads) is the `source_text` or
//     `src` field when the row has one, else the `source` field when that is not the subset name, else
//     the prompt itself (M-RewardBench's prompts are an instruction template applied to the source).
//   - A reference is the `reference` or `ref` field when present (the release has none, so
//     reference-based metrics cannot score these rows).
// Errors (trenchcoat::Error naming the file and line): no rows, a row without prompt, chosen or
// rejected strings, a subset that is not a translation subset.
#include <cstddef>
#include <string>
#include <vector>

namespace trenchcoat::io {

struct MRewardBenchTranslationRow {
  std::size_t line = 0;
  std::string id;                     // the row's `id` as text, else its line number
  std::string direction, difficulty;  // e.g. "zh-en", "hard"
  std::string prompt, chosen, rejected, source, reference;
  bool source_from_prompt = false;  // no source field: the prompt is the source
};

std::vector<MRewardBenchTranslationRow> read_m_rewardbench_translation(const std::string& path);

}  // namespace trenchcoat::io
