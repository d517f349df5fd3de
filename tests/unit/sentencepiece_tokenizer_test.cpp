// The flores101 / flores200 / spm tokenizers with a SentencePiece model trained in the test (Debian's
// spm_train). Expected pieces come from Debian's spm_encode --output_format=piece on the same model,
// i.e. sacreBLEU's " ".join(sp.EncodeAsPieces(line)).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/tokenizer.hpp"

namespace {

std::string run_command(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
    pclose(p);
  }
  return out;
}

class SentencePieceTokenizer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("trenchcoat-spm-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream corpus(dir_ / "corpus.txt");
    const char* sentences[] = {"The weather was cold, but the children played outside.",
                               "Das Wetter war kalt, aber die Kinder spielten draußen.",
                               "Our train was delayed by forty minutes.",
                               "Unser Zug hatte vierzig Minuten Verspätung.",
                               "Prices for fresh vegetables rose sharply last month.",
                               "Die Preise für frisches Gemüse sind stark gestiegen."};
    for (int i = 0; i < 40; ++i)
      for (const char* s : sentences) corpus << s << "\n";
    corpus.close();
    const std::string cmd = "spm_train --input=" + (dir_ / "corpus.txt").string() +
                            " --model_prefix=" + (dir_ / "tiny").string() +
                            " --vocab_size=60 --hard_vocab_limit=false --model_type=unigram --minloglevel=2 " +
                            "--character_coverage=1.0 > /dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "spm_train failed (Debian package: sentencepiece)";
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::string model() { return (dir_ / "tiny.model").string(); }
  static std::filesystem::path dir_;
};
std::filesystem::path SentencePieceTokenizer::dir_;

TEST_F(SentencePieceTokenizer, PiecesMatchSpmEncode) {
  const std::vector<std::string> lines = {"The children played outside.", "Die Kinder spielten draußen, aber kalt!",
                                          "unseen wörds 123 ünïcödé", ""};
  {
    std::ofstream in(dir_ / "input.txt");
    for (const auto& l : lines) in << l << "\n";
  }
  const std::string expected =
      run_command("spm_encode --model=" + model() + " --output_format=piece < " + (dir_ / "input.txt").string());
  std::string actual;
  for (const char* name : {"flores101"}) {
    const auto tok = trenchcoat::text::make_tokenizer(name, {.spm_model_path = model()});
    for (const auto& l : lines) actual += tok->tokenize(l) + "\n";
  }
  EXPECT_EQ(actual, expected);
}

TEST_F(SentencePieceTokenizer, SignaturesAndErrors) {
  using trenchcoat::text::make_tokenizer;
  EXPECT_EQ(make_tokenizer("flores101", {.spm_model_path = model()})->signature(), "flores101");
  EXPECT_EQ(make_tokenizer("spm", {.spm_model_path = model()})->signature(), "flores101");
  EXPECT_EQ(make_tokenizer("flores200", {.spm_model_path = model()})->signature(), "flores200");
  EXPECT_EQ(make_tokenizer("spBLEU-1K", {.spm_model_path = model()})->signature(), "spBLEU-1K");
  EXPECT_THROW(make_tokenizer("flores200", {.spm_model_path = (dir_ / "missing.model").string()}), trenchcoat::Error);
  {
    std::ofstream bad(dir_ / "bad.model");
    bad << "not a model";
  }
  EXPECT_THROW(make_tokenizer("flores101", {.spm_model_path = (dir_ / "bad.model").string()}), trenchcoat::Error);
}

TEST_F(SentencePieceTokenizer, BleuOnTheCommandLineEqualsBleuOnPreEncodedText) {
  {
    std::ofstream ref(dir_ / "ref.txt"), hyp(dir_ / "hyp.txt");
    ref << "The children played outside.\nOur train was delayed by forty minutes.\n";
    hyp << "The children were playing outside.\nOur train was late by forty minutes.\n";
  }
  for (const char* f : {"ref", "hyp"})
    run_command("spm_encode --model=" + model() + " --output_format=piece < " +
                (dir_ / (std::string(f) + ".txt")).string() + " > " + (dir_ / (std::string(f) + ".pieces")).string());
  const auto with_spm = trenchcoat::testing::run_trenchcoat(
      {"sacrebleu", "ref.txt", "-i", "hyp.txt", "-tok", "flores101", "--spm-model", model(), "-b", "-w", "6"},
      dir_.string());
  const auto pre_encoded = trenchcoat::testing::run_trenchcoat(
      {"sacrebleu", "ref.pieces", "-i", "hyp.pieces", "-tok", "none", "-b", "-w", "6"}, dir_.string());
  ASSERT_EQ(with_spm.exit_code, 0) << with_spm.stderr_text;
  EXPECT_EQ(with_spm.stdout_text, pre_encoded.stdout_text);
  // Without a model path, the model is looked for where sacreBLEU caches it, never downloaded.
  const auto missing =
      trenchcoat::testing::run_trenchcoat({"sacrebleu", "ref.txt", "-i", "hyp.txt", "-tok", "flores200"}, dir_.string(),
                                          "", {"SACREBLEU=" + (dir_ / "cache").string()});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.stderr_text.find("never downloads"), std::string::npos) << missing.stderr_text;
}

}  // namespace
