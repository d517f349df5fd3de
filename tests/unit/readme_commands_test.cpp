// Every command of README.md's ```sh blocks, run against the shipped examples, so that an example that
// no longer works fails the suite.
//
// The README is read at test time. Each block runs in its own fresh directory holding a copy of
// examples/, its commands in order (so that a file one command writes is there for the next), with
// `trenchcoat` standing for the built executable. The files the commands name (ref.A.de, scored.jsonl,
// LP.mqm.seg.score, ...) are placeholders: before a command runs, every input file it names that is not
// there yet is written from the table below, which maps file names (by name, optionally only for one
// subcommand) to small contents built from the examples. A file name the table does not know fails the
// test, so a new README example must be given its input here. A judge endpoint
// (http://localhost:8000) is a loopback server started by the test. The few commands that need what a
// unit test cannot stand in for (a build, released model checkpoints) are listed, with the reason, in
// kNotRun. All failing commands are reported at once, each with its README line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "judge_test_server.hpp"
#include "trenchcoat/build_options.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSourceDir = fs::path(TRENCHCOAT_FIXTURES_DIR).parent_path().parent_path();

struct ReadmeCommand {
  int line = 0;      // 1-based line of README.md where the command starts
  std::string text;  // continuation lines joined
};

struct ReadmeBlock {
  int line = 0;
  std::vector<ReadmeCommand> commands;
};

// The ```sh blocks of README.md, each command with its continuation lines ("\" at the end) joined.
std::vector<ReadmeBlock> readme_blocks(const std::string& readme) {
  std::vector<ReadmeBlock> blocks;
  std::istringstream in(readme);
  std::string line;
  int number = 0;
  bool inside = false;
  ReadmeCommand pending;
  while (std::getline(in, line)) {
    ++number;
    if (!inside) {
      if (line.rfind("```sh", 0) == 0) {
        inside = true;
        blocks.push_back({number, {}});
      }
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      inside = false;
      continue;
    }
    if (pending.text.empty()) {
      const auto first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      pending.line = number;
    }
    const bool continued = !line.empty() && line.back() == '\\';
    pending.text += continued ? line.substr(0, line.size() - 1) : line;
    if (!continued) {
      blocks.back().commands.push_back(pending);
      pending = {};
    }
  }
  return blocks;
}

// Shell words of a command line: whitespace-separated, with '...' and "..." quoting (what the README
// uses); a # that starts a word begins a comment.
std::vector<std::string> shell_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\'' || c == '"') {
      const std::size_t close = line.find(c, i + 1);
      word += line.substr(i + 1, (close == std::string::npos ? line.size() : close) - i - 1);
      i = close == std::string::npos ? line.size() : close;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '#' && !in_word) {
      break;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

// The subcommand a command runs ("meta pairs", "sacrebleu"), from the words after `trenchcoat`.
std::string subcommand_of(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "trenchcoat") continue;
    if ((words[i + 1] == "meta" || words[i + 1] == "mtme") && i + 2 < words.size())
      return words[i + 1] + " " + words[i + 2];
    return words[i + 1];
  }
  return "";
}

struct NamedFile {
  std::string name;  // as the command names it (may hold directories)
  bool output = false;
};

// The files a command names: words, and the parts of NAME=FILE and scorer-spec values (split at '=',
// ',', ':' and, inside quotes, ' '), that look like file names (a known extension, or under models/). URLs are not
// files. A file named right after --out, --variants, --json-out, --pairs-out, > or >> is an output.
std::vector<NamedFile> files_named(const std::vector<std::string>& words) {
  static const std::regex file_like(
      R"(^[A-Za-z0-9_.+/-]*[A-Za-z0-9_]\.(de|en|tsv|csv|jsonl|json|score|docs|py|gz|txt)$)");
  static const std::regex url(R"(https?://[^,]*)");
  std::vector<NamedFile> files;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const bool output =
        i > 0 && (words[i - 1] == "--out" || words[i - 1] == "--variants" || words[i - 1] == "--json-out" ||
                  words[i - 1] == "--pairs-out" || words[i - 1] == ">" || words[i - 1] == ">>");
    const std::string word = std::regex_replace(words[i], url, "");
    std::string piece;
    for (std::size_t k = 0; k <= word.size(); ++k) {
      if (k < word.size() && word[k] != '=' && word[k] != ',' && word[k] != ':' && word[k] != ' ') {
        piece += word[k];
        continue;
      }
      if (std::regex_match(piece, file_like) || piece.rfind("models/", 0) == 0) files.push_back({piece, output});
      piece.clear();
    }
  }
  return files;
}

// ---- the placeholder table ----

std::string read_example(const std::string& name) {
  return trenchcoat::testing::read_file((kSourceDir / "examples" / name).string());
}

std::vector<std::string> example_lines(const std::string& name) {
  std::vector<std::string> lines;
  std::istringstream in(read_example(name));
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// Columns of equally long example files, tab-separated, under a header.
std::string example_columns(const std::vector<std::string>& header, const std::vector<std::string>& files) {
  std::string out;
  for (std::size_t c = 0; c < header.size(); ++c) out += (c ? "\t" : "") + header[c];
  out += "\n";
  std::vector<std::vector<std::string>> columns;
  for (const auto& f : files) columns.push_back(example_lines(f));
  for (std::size_t r = 0; r < columns[0].size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) out += (c ? "\t" : "") + columns[c][r];
    out += "\n";
  }
  return out;
}

// A small mt-metrics-eval segment score file: 4 systems (refA among them) x 12 segments, with scores
// that vary by system and segment; `seed` makes different metrics differ. Gold scores are MQM-like
// (at most 0).
std::string seg_scores(int seed, bool gold) {
  std::string out;
  const char* systems[] = {"sysA", "sysB", "sysC", "refA"};
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < 12; ++i) {
      const double x = std::sin(1.7 * i + 2.3 * s + seed) + 0.3 * s;
      out += std::string(systems[s]) + "\t" +
             std::to_string(gold ? std::min(0.0, -std::round(5 * (1 - x))) : 50 + 20 * x) + "\n";
    }
  return out;
}

// Preference rows in RewardBench subsets with `fields` as score columns (chosen better on most rows).
std::string preference_rows(const std::function<std::string(int)>& fields) {
  const char* subsets[] = {"alpacaeval-easy", "mt-bench-hard", "refusals-dangerous", "math-prm"};
  std::string out;
  for (int i = 0; i < 16; ++i)
    out += "{\"id\": \"r" + std::to_string(i) + "\", \"subset\": \"" + subsets[i % 4] + "\", " + fields(i) + "}\n";
  return out;
}

std::string number(double x) { return nlohmann::json(x).dump(); }

struct Placeholder {
  std::string pattern;                                          // regex over the file's name (without directories)
  std::string subcommand;                                       // only for this subcommand ("meta calib"); empty: any
  std::function<std::string(const std::string& name)> content;  // name: as the command gives it
};

const std::vector<Placeholder>& placeholders() {
  static const std::vector<Placeholder> table = {
      // sacreBLEU: the translation example's references and systems.
      {R"(ref\.A\.de|ref\.de)", "", [](const std::string&) { return read_example("translation/ref.A.de"); }},
      {R"(ref\.B\.de)", "", [](const std::string&) { return read_example("translation/ref.B.de"); }},
      {R"(system\.de|sys1\.de)", "", [](const std::string&) { return read_example("translation/system-1.de"); }},
      {R"(sys2\.de)", "", [](const std::string&) { return read_example("translation/system-2.de"); }},
      {R"(refs\.tsv)", "sacrebleu",
       [](const std::string&) {
         const std::string t = example_columns({"a", "b"}, {"translation/ref.A.de", "translation/ref.B.de"});
         return t.substr(t.find('\n') + 1);  // sacreBLEU's tab-separated references have no header
       }},
      // probe: reference A as the good output, reference B as the reference (as scripts/quickstart).
      {R"(refs\.tsv)", "probe",
       [](const std::string&) {
         return example_columns({"src", "mt", "ref"},
                                {"translation/source.en", "translation/ref.A.de", "translation/ref.B.de"});
       }},
      // mt-metrics-eval files: human scores (*.mqm.seg.score), metric scores (other *.seg.score), documents.
      {R"(.*\.mqm\.seg\.score)", "", [](const std::string&) { return seg_scores(0, true); }},
      {R"(.*\.seg\.score)", "",
       [](const std::string& name) {
         int seed = 1;  // differs between metric files, so that metrics differ
         for (const char c : fs::path(name).filename().string()) seed = (seed * 31 + c) % 1000;
         return seg_scores(seed, false);
       }},
      {R"(.*\.docs)", "",
       [](const std::string&) {
         std::string out;
         for (int i = 0; i < 12; ++i) out += std::string(i < 6 ? "news d1" : "ted d2") + "\n";
         return out;
       }},
      // Preference data.
      {R"(pairs\.jsonl)", "", [](const std::string&) { return read_example("preferences/pairs.jsonl"); }},
      {R"(scored\.jsonl)", "meta pairs",
       [](const std::string&) {
         return preference_rows(
             [](int i) { return "\"scores\": [" + number(2 + i % 3) + ", " + number(1 + i % 5) + "]"; });
       }},
      {R"(scored\.jsonl)", "meta calib",
       [](const std::string&) {
         return preference_rows([](int i) {
           return "\"rm.chosen\": " + number(std::sin(i) * 2 + 0.5) +
                  ", \"rm.rejected\": " + number(std::cos(3.0 * i)) +
                  ", \"ter.chosen\": " + number(40 + 10 * std::cos(i)) +
                  ", \"ter.rejected\": " + number(50 + 10 * std::sin(i));
         });
       }},
      {R"(rb2\.jsonl)", "meta pairs",
       [](const std::string&) {
         std::string out;
         const char* subsets[] = {"Factuality", "Precise IF", "Math", "Safety", "Focus"};
         for (int i = 0; i < 10; ++i)
           out += "{\"id\": \"b" + std::to_string(i) + "\", \"subset\": \"" + subsets[i % 5] + "\", \"scores\": [" +
                  number(3 - i % 3) + ", 1, 2, 0]}\n";
         return out;
       }},
      {R"(mrb\.jsonl)", "meta pairs",
       [](const std::string&) {
         std::string out;
         const char* languages[] = {"deu_Latn", "fra_Latn", "eng_Latn"};
         for (const char* language : languages)
           out += preference_rows([&](int i) {
             return "\"language\": \"" + std::string(language) + "\", \"scores\": [" + number(2 + i % 3) + ", " +
                    number(1 + i % 4) + "]";
           });
         return out;
       }},
      // A pairwise judge's output: P(chosen preferred), null on every fifth row (a failed request).
      {R"(judged\.jsonl)", "meta pairs",
       [](const std::string&) {
         return preference_rows([](int i) {
           return "\"judge.preference\": " + (i % 5 == 4 ? std::string("null") : number(0.3 + 0.05 * (i % 9)));
         });
       }},
      // The same with a gold tie on every fourth row, for --tie calibrated.
      {R"(gold-ties\.jsonl)", "meta pairs",
       [](const std::string&) {
         return preference_rows([](int i) {
           return "\"judge.preference\": " + number(0.3 + 0.05 * (i % 9)) + (i % 4 == 0 ? ", \"tie\": true" : "");
         });
       }},
      {R"(judged\.jsonl)", "meta winrate",
       [](const std::string&) {
         std::string out;
         for (int i = 0; i < 12; ++i)
           out += nlohmann::json({{"instruction", "q" + std::to_string(i)},
                                  {"output_1", std::string(10 + 3 * i, 'a')},
                                  {"output_2", std::string(12 + 5 * (i % 4), 'b')},
                                  {"judge.preference", 0.2 + 0.05 * i}})
                      .dump() +
                  "\n";
         return out;
       }},
      {R"(annotations\.json)", "meta winrate",
       [](const std::string&) {
         nlohmann::json rows = nlohmann::json::array();
         for (int i = 0; i < 12; ++i)
           rows.push_back({{"instruction", "q" + std::to_string(i)},
                           {"output_1", std::string(10 + 3 * i, 'a')},
                           {"output_2", std::string(12 + 5 * (i % 4), 'b')},
                           {"preference", i % 3 == 0 ? 1.0 : 2.0}});
         return rows.dump() + "\n";
       }},
      {R"(candidates\.jsonl)", "meta bon",
       [](const std::string&) {
         std::string out;
         for (int p = 0; p < 4; ++p)
           for (int c = 0; c < 6; ++c)
             out += "{\"prompt_id\": \"p" + std::to_string(p) + "\", \"rm\": " + number(std::sin(p + 1.3 * c)) +
                    ", \"comet\": " + number(0.5 + 0.1 * std::cos(2.0 * p + c)) + "}\n";
         return out;
       }},
      {R"(rows\.tsv)", "meta calib",
       [](const std::string&) {
         std::string out = "p_faithful\thuman\tdoc\n";
         for (int i = 0; i < 30; ++i)
           out += number(i / 30.0) + "\t" + number((i * 7) % 5 / 4.0 + (i > 15 ? 0.25 : 0)) + "\t" +
                  std::to_string(i / 3) + "\n";
         return out;
       }},
      // reproduce translation: an error-level MQM file (google/wmt-mqm-human-evaluation columns) with a
      // reference system `ref` and four systems whose errors differ by segment.
      {R"(mqm_.*\.tsv)", "reproduce",
       [](const std::string&) {
         std::string out = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n";
         const auto src = example_lines("translation/source.en");
         const auto ref = example_lines("translation/ref.A.de");
         const auto hyp = example_lines("translation/system-1.de");
         const char* systems[] = {"ref", "sysA", "sysB", "sysC", "sysD"};
         for (std::size_t i = 0; i < src.size(); ++i)
           for (int s = 0; s < 5; ++s) {
             const int errors = s == 0 ? 0 : static_cast<int>((i * 7 + static_cast<std::size_t>(s) * 3) % 5);
             const std::string target = s == 0 ? ref[i] : hyp[i] + std::string(static_cast<std::size_t>(s), '!');
             const std::string head = std::string(systems[s]) + "\tdoc\t1\t" + std::to_string(i + 1) + "\tr1\t" +
                                      src[i] + "\t" + target + "\t";
             if (errors == 0) out += head + "No-error\tNo-error\n";
             for (int e = 0; e < errors; ++e)
               out += head + "Accuracy/Mistranslation\t" + (e % 2 ? "Major" : "Minor") + "\n";
           }
         return out;
       }},
      // MAPLE rows: two sources of one direction, five rated translations each (scores 1-6).
      {R"(maple-train\.jsonl)", "reproduce",
       [](const std::string&) {
         std::string out;
         const char* systems[] = {"sample1", "sample2", "sample3", "beam", "reference"};
         for (int source = 0; source < 2; ++source)
           for (int s = 0; s < 5; ++s)
             out += nlohmann::json({{"lp", "de-en"},
                                    {"source", "Quelle " + std::to_string(source)},
                                    {"translation", std::string(systems[s]) + " translation " + std::to_string(source)},
                                    {"system", systems[s]},
                                    {"score", 1.0 + s + 0.5 * source}})
                        .dump() +
                    "\n";
         return out;
       }},
      // score: a pointwise translation table with its own column names; the user's reward model program.
      {R"(mt\.tsv)", "score",
       [](const std::string&) {
         return example_columns({"source", "hyp", "reference"},
                                {"translation/source.en", "translation/system-1.de", "translation/ref.A.de"});
       }},
      // reproduce attribution: QAGS's annotation file, SEAHORSE's TSV with its articles, an NLI program.
      {R"(mturk_(cnndm|xsum)\.jsonl)", "",
       [](const std::string&) {
         std::string out;
         for (int i = 0; i < 6; ++i) {
           nlohmann::json sentence = {{"sentence", "summary " + std::to_string(i) + std::string(i, 'x')},
                                      {"responses", nlohmann::json::array()}};
           for (int w = 0; w < 3; ++w)
             sentence["responses"].push_back({{"worker_id", w}, {"response", i % 2 == 0 && w < 2 ? "no" : "yes"}});
           out += nlohmann::json({{"article", "article " + std::to_string(i)},
                                  {"summary_sentences", nlohmann::json::array({sentence})}})
                      .dump() +
                  "\n";
         }
         return out;
       }},
      {R"(validation\.tsv)", "",
       [](const std::string&) {
         std::string out =
             "gem_id\tworker_lang\tsummary\tmodel\tquestion1\tquestion2\tquestion3\tquestion4\t"
             "question5\tquestion6\n";
         for (int i = 0; i < 6; ++i)
           out += "g" + std::to_string(i) + "\ten-US\t\"summary \\u00e9 " + std::to_string(i) +
                  "\"\tt5_xxl\tYes\tYes\tYes\t" + (i % 2 ? "Yes" : "No") + "\tYes\tYes\n";
         return out;
       }},
      {R"(articles\.jsonl)", "",
       [](const std::string&) {
         std::string out;
         for (int i = 0; i < 6; ++i)
           out +=
               nlohmann::json({{"gem_id", "g" + std::to_string(i)}, {"article", "the summary article"}}).dump() + "\n";
         return out;
       }},
      {R"(my_nli\.py)", "",
       [](const std::string&) {
         return "import json, sys\n"
                "for line in sys.stdin:\n"
                "    item = json.loads(line)\n"
                "    words = set(item['source'].split())\n"
                "    summary = item['candidate'].split()\n"
                "    print(sum(w in words for w in summary) / max(len(summary), 1), flush=True)\n";
       }},
      {R"(my_reward_model\.py)", "",
       [](const std::string&) {
         return "import json, sys\n"
                "for line in sys.stdin:\n"
                "    item = json.loads(line)\n"
                "    print(len(item.get('candidate', '')), flush=True)\n";
       }},
  };
  return table;
}

const Placeholder* placeholder_for(const std::string& file, const std::string& subcommand) {
  const std::string name = fs::path(file).filename().string();
  for (const auto& p : placeholders())
    if ((p.subcommand.empty() || p.subcommand == subcommand) && std::regex_match(name, std::regex(p.pattern)))
      return &p;
  return nullptr;
}

// Commands not run, each with the reason: a command is left out when its text contains `marker`.
struct NotRun {
  std::string marker, reason;
};
const std::vector<NotRun> kNotRun = {
    {"./scripts/quickstart", "installs packages and builds; scripts/fresh-machine-check runs it in a clean root"},
    {"./scripts/test", "builds and runs this very suite"},
    {"models/", "needs released model checkpoints; the neural test group runs the same code path on tiny models"},
};

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The last lines of a command's output, for the failure report.
std::string tail_of(const std::string& text, std::size_t max_chars = 600) {
  return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

}  // namespace

TEST(ReadmeCommands, EveryShCommandRunsOnTheExamples) {
  if (!TRENCHCOAT_WITH_JUDGES || !TRENCHCOAT_WITH_NEURAL)
    GTEST_SKIP() << "the README's commands need the judge and neural scorers (a build with both options ON)";
  const std::string readme = trenchcoat::testing::read_file((kSourceDir / "README.md").string());
  const auto blocks = readme_blocks(readme);
  ASSERT_FALSE(blocks.empty()) << "README.md has no ```sh block";

  // A judge that always prefers the response shown first and rates every response 8.
  trenchcoat::testing::JudgeTestServer judge([](const trenchcoat::testing::JudgeCall& call, httplib::Response& res) {
    const std::string prompt = trenchcoat::testing::last_message(call.body);
    res.set_content(
        trenchcoat::testing::completion_json(prompt.find("[[A]]") != std::string::npos ? "[[A]]" : "Rating: [[8]]"),
        "application/json");
  });
  const std::string judge_base = judge.url().substr(0, judge.url().size() - 3);  // without "/v1"

  const fs::path root = fs::temp_directory_path() / ("trenchcoat-readme-" + std::to_string(::getpid()));
  fs::remove_all(root);
  std::vector<std::string> failures;
  int run = 0;
  std::size_t block_index = 0;
  for (const auto& block : blocks) {
    const fs::path dir = root / ("block" + std::to_string(++block_index));
    fs::create_directories(dir);
    fs::copy(kSourceDir / "examples", dir / "examples", fs::copy_options::recursive);
    for (const auto& command : block.commands) {
      const std::string where = "README.md:" + std::to_string(command.line) + ": ";
      bool skip = false;
      for (const auto& n : kNotRun) skip = skip || command.text.find(n.marker) != std::string::npos;
      if (skip) continue;
      const auto words = shell_words(command.text);
      const std::string subcommand = subcommand_of(words);
      bool inputs_ready = true;
      for (const auto& f : files_named(words)) {
        if (f.output || fs::exists(dir / f.name)) continue;
        const Placeholder* p = placeholder_for(f.name, subcommand);
        if (!p) {
          failures.push_back(where + "no placeholder for the file '" + f.name + "' (of `trenchcoat " + subcommand +
                             "`): add one to readme_commands_test.cpp\n  " + command.text);
          inputs_ready = false;
          continue;
        }
        fs::create_directories((dir / f.name).parent_path());
        std::ofstream(dir / f.name, std::ios::binary) << p->content(f.name);
      }
      if (!inputs_ready) continue;
      std::string text = command.text;
      for (std::size_t at; (at = text.find("http://localhost:8000")) != std::string::npos;)
        text.replace(at, std::string("http://localhost:8000").size(), judge_base);
      std::ofstream(dir / ".command.sh") << "trenchcoat() { '" << TRENCHCOAT_BINARY << "' \"$@\"; }\n" << text << "\n";
      const std::string shell = "cd '" + dir.string() + "' && sh .command.sh > .stdout 2> .stderr < /dev/null";
      const int status = std::system(shell.c_str());
      ++run;
      const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (code != 0)
        failures.push_back(where + "exit " + std::to_string(code) + "\n  " + command.text +
                           "\n  stderr: " + tail_of(file_text(dir / ".stderr")));
    }
  }
  std::string report;
  for (const auto& f : failures) report += f + "\n";
  EXPECT_TRUE(failures.empty()) << failures.size() << " README command(s) failed (" << run
                                << " run; their directories, "
                                << "one per block, are kept in " << root.string() << "):\n"
                                << report;
  EXPECT_GE(run, 20) << "fewer README commands than expected were run";
  if (failures.empty()) fs::remove_all(root);
}

// The table of commands not run stays short and every entry still matches a README command (a stale
// entry would hide nothing, but says something untrue).
TEST(ReadmeCommands, CommandsNotRunAreFewAndStillInTheReadme) {
  const auto blocks = readme_blocks(trenchcoat::testing::read_file((kSourceDir / "README.md").string()));
  int not_run = 0;
  for (const auto& n : kNotRun) {
    int matches = 0;
    for (const auto& b : blocks)
      for (const auto& c : b.commands) matches += c.text.find(n.marker) != std::string::npos;
    EXPECT_GT(matches, 0) << "no README command contains '" << n.marker << "' (" << n.reason << ")";
    not_run += matches;
  }
  // 7: the two quick-start scripts and five commands with released checkpoints (one per scorer family
  // and the quick start's real-data example), out of about 50.
  EXPECT_LE(not_run, 7) << "most README commands must run in the test";
}

// The README parser: continuation lines are joined and comments dropped; files are found inside
// NAME=FILE and scorer specs, outputs are told apart, URLs are not files.
TEST(ReadmeCommands, FindsCommandsAndTheFilesTheyName) {
  const auto blocks = readme_blocks(
      "text\n```sh\n# a comment\ntrenchcoat score --data a.jsonl \\\n    --out b.jsonl   # note\n\n"
      "trenchcoat meta corr --metric BLEU=m/BLEU-refA.seg.score\n```\n```cpp\nx\n```\n");
  ASSERT_EQ(blocks.size(), 1u);
  ASSERT_EQ(blocks[0].commands.size(), 2u);
  EXPECT_EQ(blocks[0].commands[0].line, 4);
  EXPECT_EQ(blocks[0].commands[1].line, 7);
  const auto words = shell_words(blocks[0].commands[0].text);
  EXPECT_EQ(subcommand_of(words), "score");
  const auto files = files_named(words);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "a.jsonl");
  EXPECT_FALSE(files[0].output);
  EXPECT_EQ(files[1].name, "b.jsonl");
  EXPECT_TRUE(files[1].output);
  const auto corr = shell_words(blocks[0].commands[1].text);
  EXPECT_EQ(subcommand_of(corr), "meta corr");
  ASSERT_EQ(files_named(corr).size(), 1u);
  EXPECT_EQ(files_named(corr)[0].name, "m/BLEU-refA.seg.score");
  const auto spec =
      files_named(shell_words("trenchcoat score --scorer 'judge:url=http://localhost:8000/v1,template=t.txt,as=j'"));
  ASSERT_EQ(spec.size(), 1u);
  EXPECT_EQ(spec[0].name, "t.txt");
  const auto redirected = files_named(shell_words("trenchcoat sacrebleu ref.de -i sys.de > out.json"));
  ASSERT_EQ(redirected.size(), 3u);
  EXPECT_TRUE(redirected[2].output);
  const auto program = files_named(shell_words("trenchcoat score --scorer 'cmd:run=python3 my_model.py,as=rm'"));
  ASSERT_EQ(program.size(), 1u);
  EXPECT_EQ(program[0].name, "my_model.py");
}
