// Parity of the native COMET, CometKiwi and reward-model scorers with an independent torch forward:
// tests/neural/make_tiny_models.py writes tiny random models in the released layouts and
// expected.json (scores and token ids computed by tests/neural/torch_reference.py, torch 1.13, one
// padded batch); tokenizer_vectors.json holds python3-sentencepiece 0.1.97's ids for 300 strings.
// The CTest fixture neural_make_tiny_models builds them; TRENCHCOAT_TINY_MODELS names the folder.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "trenchcoat/neural/comet_model.hpp"
#include "trenchcoat/neural/reward_model.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/encoder_tokenizer.hpp"

namespace trenchcoat::neural {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// |native - torch| per score (fp32 GEMM summation order differs between BLAS and torch).
constexpr double kTolerance = 1e-5;

std::string tiny_models() {
  const char* dir = std::getenv("TRENCHCOAT_TINY_MODELS");
  if (!dir || !*dir)
    throw std::runtime_error(
        "TRENCHCOAT_TINY_MODELS is not set (run through ctest, or run tests/neural/make_all.sh DIR)");
  return dir;
}

const json& expected() {
  static const json e = json::parse(testing::read_file(tiny_models() + "/expected.json"));
  return e;
}

std::vector<CometInput> comet_inputs(const json& model) {
  std::vector<CometInput> inputs;
  for (const auto& item : model.at("items"))
    inputs.push_back({item.at("src"), item.at("mt"), item.value("ref", std::string())});
  return inputs;
}

std::vector<RewardInput> reward_inputs(const json& model) {
  std::vector<RewardInput> inputs;
  for (const auto& item : model.at("items")) inputs.push_back({item.at("prompt"), item.at("response")});
  return inputs;
}

void expect_scores(const std::vector<double>& got, const json& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i].get<double>(), kTolerance) << what << ", item " << i;
}

ModelOptions with_batch(int batch_size) {
  ModelOptions options;
  options.batch_size = batch_size;
  options.runtime.threads = 2;
  return options;
}

// Token ids: identical to python3-sentencepiece (tokenizer_vectors.json), with XLM-R's fairseq shift.
TEST(EncoderTokenizerTest, IdsEqualPythonSentencepieceOn300Strings) {
  const json vectors = json::parse(testing::read_file(tiny_models() + "/tokenizer_vectors.json"));
  const text::EncoderTokenizer xlmr(tiny_models() + "/" + vectors["models"]["xlmr"]["file"].get<std::string>(),
                                    text::SpecialTokenScheme::xlm_roberta);
  const text::EncoderTokenizer deberta(tiny_models() + "/" + vectors["models"]["deberta"]["file"].get<std::string>(),
                                       text::SpecialTokenScheme::deberta_v2);
  std::size_t cases = 0;
  for (const auto& c : vectors.at("cases")) {
    const std::string text = c.at("text");
    std::vector<std::int32_t> want_xlmr;
    for (int id : c.at("xlmr").get<std::vector<int>>()) want_xlmr.push_back(id == 0 ? 3 : id + 1);  // fairseq ids
    EXPECT_EQ(xlmr.pieces(text), want_xlmr) << "xlmr: " << c.dump();
    EXPECT_EQ(deberta.pieces(text), c.at("deberta").get<std::vector<std::int32_t>>()) << "deberta: " << c.dump();
    ++cases;
  }
  EXPECT_EQ(cases, 300u);
  EXPECT_EQ(deberta.cls_id(), 1);  // DeBERTa-v3 spm: [PAD]=0 [CLS]=1 [SEP]=2 [UNK]=3
  EXPECT_EQ(deberta.sep_id(), 2);
  EXPECT_EQ(deberta.pad_id(), 0);
  EXPECT_EQ(xlmr.id_limit(), expected()["xlmr_mask_id"].get<int>());  // HF: mask = len(spm) + 1
}

TEST(CometModelTest, RegressionMetricMatchesTorch) {
  const json& e = expected()["comet-da"];
  const auto inputs = comet_inputs(e);
  const auto model = CometModel::load(tiny_models() + "/" + e["dir"].get<std::string>(), with_batch(16));
  EXPECT_EQ(model->kind(), CometModel::Kind::regression);
  EXPECT_EQ(e["layer_transformation_in_effect"], "sparsemax");
  EXPECT_NE(model->description().find("sparsemax"), std::string::npos) << model->description();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto ids = model->encode(inputs[i]);
    const json& item = e["items"][i];
    EXPECT_EQ(ids[0], item["src_ids"].get<std::vector<std::int32_t>>()) << "src ids, item " << i;
    EXPECT_EQ(ids[1], item["mt_ids"].get<std::vector<std::int32_t>>()) << "mt ids, item " << i;
    EXPECT_EQ(ids[2], item["ref_ids"].get<std::vector<std::int32_t>>()) << "ref ids, item " << i;
  }
  expect_scores(model->score(inputs), e["scores"], "comet-da");
}

TEST(CometModelTest, SparsemaxChoiceMatters) {
  // The softmax-mixed reference differs by more than the tolerance on some item: the test above
  // would notice the wrong transform (expected.json: scores_softmax).
  const json& e = expected()["comet-da"];
  double largest = 0.0;
  for (std::size_t i = 0; i < e["scores"].size(); ++i)
    largest = std::max(largest, std::fabs(e["scores"][i].get<double>() - e["scores_softmax"][i].get<double>()));
  EXPECT_GT(largest, 100 * kTolerance);
}

TEST(CometModelTest, UnifiedMetricMatchesTorchWithSoftmaxAndConcatenation) {
  const json& e = expected()["cometkiwi"];
  EXPECT_EQ(e["layer_transformation_in_effect"], "softmax");  // hparams.yaml says sparsemax_patch (COMET >= 2.2.6)
  const auto inputs = comet_inputs(e);
  const auto model = CometModel::load(tiny_models() + "/" + e["dir"].get<std::string>(), with_batch(16));
  EXPECT_EQ(model->kind(), CometModel::Kind::unified);
  for (std::size_t i = 0; i < inputs.size(); ++i)
    EXPECT_EQ(model->encode(inputs[i])[0], e["items"][i]["ids"].get<std::vector<std::int32_t>>()) << "item " << i;
  expect_scores(model->score(inputs), e["scores"], "cometkiwi");
}

TEST(CometModelTest, ScoresDoNotDependOnBatchSize) {
  for (const char* name : {"comet-da", "cometkiwi"}) {
    const json& e = expected()[name];
    const auto inputs = comet_inputs(e);
    for (int batch : {1, 3, 5}) {
      const auto model = CometModel::load(tiny_models() + "/" + e["dir"].get<std::string>(), with_batch(batch));
      expect_scores(model->score(inputs), e["scores"], std::string(name) + ", batch " + std::to_string(batch));
    }
  }
}

TEST(CometModelTest, CheckpointPathWorksLikeTheDirectory) {
  const json& e = expected()["comet-da"];
  const auto inputs = comet_inputs(e);
  const auto model = CometModel::load(tiny_models() + "/comet-da/checkpoints/model.ckpt", with_batch(4));
  expect_scores(model->score(inputs), e["scores"], "comet-da via .ckpt path");
}

TEST(RewardModelTest, DebertaMatchesTorchFromBinAndSafetensors) {
  const json& e = expected()["rm-deberta"];
  const auto inputs = reward_inputs(e);
  for (const char* dir : {"rm-deberta", "rm-deberta-safetensors"}) {
    const auto model = RewardModel::load(tiny_models() + "/" + dir, with_batch(5));
    EXPECT_EQ(model->description(), "DebertaV2ForSequenceClassification");
    for (std::size_t i = 0; i < inputs.size(); ++i)
      EXPECT_EQ(model->encode(inputs[i]), e["items"][i]["ids"].get<std::vector<std::int32_t>>())
          << dir << " item " << i;
    expect_scores(model->score(inputs), e["scores"], dir);
  }
}

TEST(RewardModelTest, XlmRobertaClassifierMatchesTorchWithTruncation) {
  const json& e = expected()["rm-xlmr"];
  const auto inputs = reward_inputs(e);
  for (int batch : {1, 4, 16}) {
    const auto model = RewardModel::load(tiny_models() + "/" + e["dir"].get<std::string>(), with_batch(batch));
    for (std::size_t i = 0; i < inputs.size(); ++i)
      EXPECT_EQ(model->encode(inputs[i]), e["items"][i]["ids"].get<std::vector<std::int32_t>>()) << "item " << i;
    expect_scores(model->score(inputs), e["scores"], "rm-xlmr, batch " + std::to_string(batch));
  }
}

TEST(NeuralInt8Test, QuantisedScoresStayCloseToFp32) {
  // Dynamic int8 quantisation of the linear layers: not exact; on these tiny random
  // models (std 0.2 weights, far less smooth than trained ones) the scores stay within 0.05.
  const json& e = expected()["comet-da"];
  ModelOptions options = with_batch(8);
  options.runtime.precision = Precision::int8;
  const auto model = CometModel::load(tiny_models() + "/comet-da", options);
  const auto scores = model->score(comet_inputs(e));
  double mean = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i)
    mean += std::fabs(scores[i] - e["scores"][i].get<double>()) / scores.size();
  EXPECT_LT(mean, 0.05);
}

// The registry's scorers and the CLI on the shipped examples.
class NeuralScorerCliTest : public testing::TempDirectoryTest {};

TEST_F(NeuralScorerCliTest, ScoresTheShippedTranslationExample) {
  const std::string examples = fs::path(TRENCHCOAT_FIXTURES_DIR).parent_path().parent_path() / "examples";
  const auto r =
      trenchcoat({"score", "--data", examples + "/translation/segments.tsv", "--scorer",
                  "comet:path=" + tiny_models() + "/comet-da", "--scorer",
                  "cometkiwi:path=" + tiny_models() + "/cometkiwi,batch-size=4", "--out", "scored.tsv", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  std::ifstream in(dir_ / "scored.tsv");
  std::string header;
  std::getline(in, header);
  EXPECT_NE(header.find("\tcomet\tcometkiwi"), std::string::npos) << header;
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 20u);  // examples/translation/segments.tsv: 2 systems x 10 segments
}

TEST_F(NeuralScorerCliTest, ScoresTheShippedPreferencePairsWithARewardModel) {
  const std::string examples = fs::path(TRENCHCOAT_FIXTURES_DIR).parent_path().parent_path() / "examples";
  const auto r = trenchcoat({"score", "--data", examples + "/preferences/pairs.jsonl", "--scorer",
                             "rm:path=" + tiny_models() + "/rm-deberta,threads=1", "--out", "scored.jsonl", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::string text = testing::read_file((dir_ / "scored.jsonl").string());
  EXPECT_NE(text.find("\"rm.chosen\""), std::string::npos);
  EXPECT_NE(text.find("\"rm.rejected\""), std::string::npos);
}

TEST(NeuralScorerTest, SignatureHashesTheWeightsAndTokenizer) {
  const auto scorer = registry::make_scorer("rm", {{"path", tiny_models() + "/rm-deberta"}, {"dtype", "int8"}});
  const std::string sig = scorer->signature();
  EXPECT_EQ(sig.rfind("rm|model:rm-deberta|DebertaV2ForSequenceClassification|pytorch_model.bin:", 0), 0u) << sig;
  EXPECT_NE(sig.find("|spm.model:"), std::string::npos) << sig;
  EXPECT_NE(sig.find("|dtype:int8|"), std::string::npos) << sig;
}

TEST(NeuralScorerTest, WrongModelKindAndBadOptionsAreClearErrors) {
  EXPECT_NE(testing::error_of([] {
              registry::make_scorer("comet", {{"path", tiny_models() + "/cometkiwi"}});
            }).find("reference-free COMET model: use the 'cometkiwi' scorer"),
            std::string::npos);
  EXPECT_EQ(testing::error_of([] { registry::make_scorer("comet", {}); }),
            "scorer 'comet': option 'path' is required (the model directory (or COMET .ckpt file))");
  EXPECT_EQ(testing::error_of([] {
              registry::make_scorer("rm", {{"path", "x"}, {"dtype", "f16"}});
            }),
            "scorer 'rm': option 'dtype': 'f16' is not one of f32, int8");
}

// Damaged copies of the tiny models: one clear error naming the file.
class NeuralModelErrorTest : public testing::TempDirectoryTest {
 protected:
  fs::path copy_model(const std::string& name) {
    const fs::path target = dir_ / name;
    fs::copy(tiny_models() + "/" + name, target, fs::copy_options::recursive);
    return target;
  }
};

TEST_F(NeuralModelErrorTest, MissingTokenizerNamesTheDirectory) {
  const fs::path model = copy_model("comet-da");
  fs::remove(model / "sentencepiece.bpe.model");
  const std::string error = testing::error_of([&] { CometModel::load(model.string(), {}); });
  EXPECT_EQ(error, model.string() +
                       ": no tokenizer of 'tiny-xlm-roberta' (sentencepiece.bpe.model; or pass tokenizer=FILE) "
                       "(looked for sentencepiece.bpe.model)");
}

TEST_F(NeuralModelErrorTest, UnsupportedArchitectureNamesTheConfig) {
  const fs::path model = copy_model("rm-xlmr");
  json config = json::parse(testing::read_file((model / "config.json").string()));
  config["architectures"] = {"XLMRobertaForTokenClassification"};
  std::ofstream(model / "config.json") << config.dump();
  EXPECT_EQ(testing::error_of([&] { RewardModel::load(model.string(), {}); }),
            (model / "config.json").string() +
                ": unsupported architecture 'XLMRobertaForTokenClassification' "
                "(supported: DebertaV2ForSequenceClassification, XLMRobertaForSequenceClassification)");
}

TEST_F(NeuralModelErrorTest, ShapeMismatchNamesTheFileAndTensor) {
  const fs::path model = copy_model("rm-deberta");
  json config = json::parse(testing::read_file((model / "config.json").string()));
  config["intermediate_size"] = config["intermediate_size"].get<int>() * 2;
  std::ofstream(model / "config.json") << config.dump();
  const std::string error = testing::error_of([&] { RewardModel::load(model.string(), {}); });
  EXPECT_EQ(error.rfind((model / "pytorch_model.bin").string() + ": tensor 'deberta.encoder.layer.0.", 0), 0u) << error;
}

TEST_F(NeuralModelErrorTest, TruncatedCheckpointIsAnErrorNotACrash) {
  const fs::path model = copy_model("comet-da");
  const fs::path ckpt = model / "checkpoints" / "model.ckpt";
  fs::resize_file(ckpt, fs::file_size(ckpt) / 2);
  const std::string error = testing::error_of([&] { CometModel::load(model.string(), {}); });
  EXPECT_EQ(error.rfind(ckpt.string() + ": ", 0), 0u) << error;
}

}  // namespace
}  // namespace trenchcoat::neural
