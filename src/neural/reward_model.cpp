// Encoder reward models in the HF sequence-classification layout (see reward_model.hpp).
#include "trenchcoat/neural/reward_model.hpp"

#include <filesystem>

#include "model_files.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/neural/feed_forward.hpp"
#include "trenchcoat/neural/sequence_embedder.hpp"
#include "trenchcoat/text/encoder_tokenizer.hpp"

namespace trenchcoat::neural {
namespace {

namespace fs = std::filesystem;

class RewardModelImpl : public RewardModel {
 public:
  RewardModelImpl(const std::string& directory, const ModelOptions& options) : options_(options) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
      throw Error(
          directory, 0,
          "not a model directory (expected config.json, model.safetensors or pytorch_model.bin, and the tokenizer)");
    const fs::path dir(directory);
    const std::string config_path = detail::find_model_file(dir, {"config.json"}, "config.json", options.config_path);
    const nlohmann::json hf = detail::read_json_file(config_path);
    std::string architecture;
    if (hf.contains("architectures") && hf["architectures"].is_array() && !hf["architectures"].empty() &&
        hf["architectures"][0].is_string())
      architecture = hf["architectures"][0].get<std::string>();
    const EncoderConfig config = EncoderConfig::from_hf_config(hf, config_path);
    const bool deberta = config.architecture == Architecture::deberta_v2;
    const std::string expected = deberta ? "DebertaV2ForSequenceClassification" : "XLMRobertaForSequenceClassification";
    if (architecture.empty()) architecture = expected;
    if (architecture != expected)
      throw Error(config_path, 0,
                  "unsupported architecture '" + architecture +
                      "' (supported: DebertaV2ForSequenceClassification, XLMRobertaForSequenceClassification)");
    description_ = architecture;

    int labels = 1;
    if (hf.contains("num_labels") && hf["num_labels"].is_number_integer()) labels = hf["num_labels"].get<int>();
    else if (hf.contains("id2label") && hf["id2label"].is_object()) labels = static_cast<int>(hf["id2label"].size());
    if (labels != 1)
      throw Error(config_path, 0,
                  "the classifier has " + std::to_string(labels) + " labels; a reward model scorer needs 1");

    const std::string weights_path =
        detail::find_model_file(dir, {"model.safetensors", "pytorch_model.bin"}, "weights");
    const std::string tokenizer_path = detail::find_model_file(dir, {deberta ? "spm.model" : "sentencepiece.bpe.model"},
                                                               "SentencePiece tokenizer", options.tokenizer_path);
    files_ = {weights_path, tokenizer_path, config_path};
    tokenizer_ = std::make_unique<text::EncoderTokenizer>(
        tokenizer_path, deberta ? text::SpecialTokenScheme::deberta_v2 : text::SpecialTokenScheme::xlm_roberta);
    if (tokenizer_->id_limit() > config.vocab_size)
      throw Error(tokenizer_path, 0,
                  "tokenizer has " + std::to_string(tokenizer_->id_limit()) + " ids but the model's vocabulary only " +
                      std::to_string(config.vocab_size));
    weights_ = WeightStore::open(weights_path);
    encoder_ = Encoder::load(weights_, deberta ? "deberta." : "roberta.", config, options.runtime);
    const int hidden = config.hidden_size;
    if (deberta) {
      pooler_ = DenseLayer::load(*weights_, "pooler.dense", hidden);
      std::string act = hf.value("pooler_hidden_act", std::string("gelu"));
      pooler_activation_ = parse_activation(act, config_path);
      classifier_ = DenseLayer::load(*weights_, "classifier", pooler_.out, 1);
      max_length_ = options.max_length;
    } else {
      pooler_ = DenseLayer::load(*weights_, "classifier.dense", hidden, hidden);
      pooler_activation_ = Activation::tanh;
      classifier_ = DenseLayer::load(*weights_, "classifier.out_proj", hidden, 1);
      const std::size_t limit = static_cast<std::size_t>(config.max_position_embeddings - 2);
      max_length_ = options.max_length ? std::min(options.max_length, limit) : limit;
    }
  }

  std::vector<double> score(std::span<const RewardInput> inputs) const override {
    std::vector<std::vector<std::int32_t>> sequences;
    sequences.reserve(inputs.size());
    for (const auto& in : inputs) sequences.push_back(encode(in));
    std::vector<float> pooled = embed_sequences(*encoder_, sequences, -1, Pooling::cls, options_.batch_size);
    std::vector<float> hidden = pooler_.apply(pooled, inputs.size());
    apply_activation(pooler_activation_, hidden);
    const std::vector<float> logits = classifier_.apply(hidden, inputs.size());
    return std::vector<double>(logits.begin(), logits.end());
  }
  std::vector<std::int32_t> encode(const RewardInput& in) const override {
    return tokenizer_->encode_pair(in.prompt, in.response, max_length_);
  }
  std::vector<std::string> files() const override { return files_; }
  std::string description() const override { return description_; }

 private:
  ModelOptions options_;
  std::vector<std::string> files_;
  std::string description_;
  std::shared_ptr<const WeightStore> weights_;
  std::unique_ptr<text::EncoderTokenizer> tokenizer_;
  std::unique_ptr<Encoder> encoder_;
  DenseLayer pooler_, classifier_;
  Activation pooler_activation_ = Activation::gelu;
  std::size_t max_length_ = 0;
};

}  // namespace

std::unique_ptr<RewardModel> RewardModel::load(const std::string& directory, const ModelOptions& options) {
  return std::make_unique<RewardModelImpl>(directory, options);
}

}  // namespace trenchcoat::neural
