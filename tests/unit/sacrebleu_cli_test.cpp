// `trenchcoat sacrebleu` replays the recorded sacreBLEU 2.6.0 command lines of
// tests/fixtures/sacrebleu_cli/transcripts.txt:
// same exit code and byte-identical stdout. The tests set the signature version field to 2.6.0.
#include <gtest/gtest.h>

#include <sstream>

#include "test_support.hpp"

using trenchcoat::testing::fixture_path;
using trenchcoat::testing::read_file;
using trenchcoat::testing::run_trenchcoat;

namespace {

struct Transcript {
  std::vector<std::string> args;
  std::string stdout_text;
  int exit_code = 0;
};

std::vector<Transcript> load_transcripts() {
  std::istringstream in(read_file(fixture_path("sacrebleu_cli/transcripts.txt")));
  std::vector<Transcript> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("$ sacrebleu", 0) == 0) {
      Transcript t;
      std::istringstream words(line.substr(std::string("$ sacrebleu").size()));
      for (std::string w; words >> w;) t.args.push_back(w);
      out.push_back(t);
    } else if (line.rfind("[rc=", 0) == 0) {
      out.back().exit_code = std::stoi(line.substr(4));
    } else {
      out.back().stdout_text += line + "\n";
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += " " + a;
  return s;
}

}  // namespace

TEST(SacrebleuCli, ReplaysRecordedTranscripts) {
  const auto transcripts = load_transcripts();
  ASSERT_EQ(transcripts.size(), 20u);
  for (const auto& t : transcripts) {
    std::vector<std::string> args{"sacrebleu"};
    args.insert(args.end(), t.args.begin(), t.args.end());
    const auto r = run_trenchcoat(args, fixture_path("sacrebleu_cli"));
    EXPECT_EQ(r.exit_code, t.exit_code) << "sacrebleu" << joined(t.args) << "\n" << r.stderr_text;
    EXPECT_EQ(r.stdout_text, t.stdout_text) << "sacrebleu" << joined(t.args);
  }
}
