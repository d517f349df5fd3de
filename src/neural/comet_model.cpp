// COMET regression and unified (CometKiwi) models from their released files (see comet_model.hpp).
#include "trenchcoat/neural/comet_model.hpp"

#include <cmath>
#include <filesystem>

#include "model_files.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/neural/yaml_file.hpp"
#include "trenchcoat/neural/feed_forward.hpp"
#include "trenchcoat/neural/sequence_embedder.hpp"
#include "trenchcoat/text/encoder_tokenizer.hpp"

namespace trenchcoat::neural {
namespace {

namespace fs = std::filesystem;

// Where the hparams.yaml of a model lives, given the directory or the .ckpt path.
struct CometFiles {
  std::string checkpoint, hparams;
  fs::path directory;  // the model directory (where tokenizer/config are looked for)
};

CometFiles find_comet_files(const std::string& path) {
  std::error_code ec;
  CometFiles files;
  if (fs::is_directory(path, ec)) {
    files.directory = path;
    files.hparams = detail::find_model_file(files.directory, {"hparams.yaml"}, "COMET hparams.yaml");
    files.checkpoint = detail::find_model_file(
        files.directory, {"checkpoints/model.ckpt", "model.ckpt", "checkpoints/model.safetensors", "model.safetensors"},
        "COMET checkpoint");
    return files;
  }
  if (!fs::is_regular_file(path, ec)) throw Error(path, 0, "no such model file or directory");
  files.checkpoint = path;
  const fs::path parent = fs::path(path).parent_path();
  for (const fs::path& dir : {parent, parent.parent_path()}) {
    if (fs::is_regular_file(dir / "hparams.yaml", ec)) {
      files.directory = dir;
      files.hparams = (dir / "hparams.yaml").string();
      return files;
    }
  }
  throw Error(path, 0,
              "no hparams.yaml beside the checkpoint or one folder up (COMET's layout: DIR/hparams.yaml, "
              "DIR/checkpoints/model.ckpt)");
}

std::string string_field(const nlohmann::json& hp, const char* key, const std::string& file,
                         const std::string& fallback = "") {
  if (!hp.contains(key) || hp[key].is_null()) {
    if (!fallback.empty()) return fallback;
    throw Error(file, 0, std::string("hyper-parameter '") + key + "' is missing");
  }
  if (!hp[key].is_string()) throw Error(file, 0, std::string("hyper-parameter '") + key + "' is not a string");
  return hp[key].get<std::string>();
}

class CometModelImpl : public CometModel {
 public:
  CometModelImpl(const std::string& path, const ModelOptions& options) : options_(options) {
    const CometFiles files = find_comet_files(path);
    files_ = {files.checkpoint, files.hparams};
    const nlohmann::json yaml = read_yaml_file(files.hparams);
    if (!yaml.is_object()) throw Error(files.hparams, 0, "expected a mapping of hyper-parameters");
    weights_ = WeightStore::open(files.checkpoint);
    // Lightning restores the hyper-parameters saved in the checkpoint; the yaml is the fallback.
    nlohmann::json hp = yaml;
    std::string hp_source = files.hparams;
    if (auto saved = weights_->entry("hyper_parameters"); saved && saved->is_object()) {
      // Lightning may save a dict subclass (AttributeDict): an inert placeholder whose dict items are
      // under "entries" (weight_store.hpp).
      if (saved->contains("__class__") && saved->contains("entries") && (*saved)["entries"].is_object())
        *saved = (*saved)["entries"];
      if (!saved->contains("__class__")) hp = *saved, hp_source = files.checkpoint;
    }

    const std::string class_identifier =
        string_field(yaml, "class_identifier", files.hparams, hp.value("class_identifier", std::string()));
    if (class_identifier == "regression_metric") kind_ = Kind::regression;
    else if (class_identifier == "unified_metric") kind_ = Kind::unified;
    else
      throw Error(
          files.hparams, 0,
          "unsupported COMET model class '" + class_identifier + "' (supported: regression_metric, unified_metric)");

    const std::string encoder_model = string_field(hp, "encoder_model", hp_source, "XLM-RoBERTa");
    if (encoder_model != "XLM-RoBERTa" && encoder_model != "XLM-RoBERTa-XL")
      throw Error(hp_source, 0, "unsupported COMET encoder_model '" + encoder_model + "' (supported: XLM-RoBERTa)");
    const std::string pretrained = string_field(hp, "pretrained_model", hp_source);

    // Encoder config: explicit file, config.json beside the model, or the built-in one.
    EncoderConfig config;
    std::error_code ec;
    if (!options.config_path.empty() || fs::is_regular_file(files.directory / "config.json", ec)) {
      const std::string config_path =
          detail::find_model_file(files.directory, {"config.json"}, "encoder config", options.config_path);
      config = EncoderConfig::from_hf_config(detail::read_json_file(config_path), config_path);
      files_.push_back(config_path);
    } else if (auto builtin = EncoderConfig::builtin(pretrained)) {
      config = *builtin;
    } else {
      throw Error(files.directory.string(), 0,
                  "no config.json for pretrained model '" + pretrained +
                      "' (put the encoder's HF config.json in the model directory or pass config=FILE)");
    }
    if (config.architecture != Architecture::xlm_roberta)
      throw Error(hp_source, 0, "COMET models need an XLM-RoBERTa encoder");

    const std::string tokenizer_path = detail::find_model_file(
        files.directory, {"sentencepiece.bpe.model"},
        "tokenizer of '" + pretrained + "' (sentencepiece.bpe.model; or pass tokenizer=FILE)", options.tokenizer_path);
    files_.push_back(tokenizer_path);
    tokenizer_ = std::make_unique<text::EncoderTokenizer>(tokenizer_path, text::SpecialTokenScheme::xlm_roberta);
    if (tokenizer_->id_limit() > config.vocab_size)
      throw Error(tokenizer_path, 0,
                  "tokenizer has " + std::to_string(tokenizer_->id_limit()) + " ids but the model's vocabulary only " +
                      std::to_string(config.vocab_size));

    encoder_ = Encoder::load(weights_, "encoder.model.", config, options.runtime);
    max_positions_ = config.max_position_embeddings - 2;
    single_limit_ =
        options.max_length ? std::min<std::size_t>(options.max_length, max_positions_ - 2) : max_positions_ - 2;

    // Which hidden state, mixed how.
    const nlohmann::json layer = hp.contains("layer") ? hp["layer"] : nlohmann::json("mix");
    if (layer.is_string() && layer.get<std::string>() == "mix") {
      LayerMix mix;
      std::vector<float> scalars;
      for (int k = 0; k <= config.num_layers; ++k)
        scalars.push_back(weights_->floats("layerwise_attention.scalar_parameters." + std::to_string(k), {1})[0]);
      mix.gamma = weights_->floats("layerwise_attention.gamma", {1})[0];
      const std::string yaml_transform = yaml.value("layer_transformation", std::string());
      std::string transform = hp.value("layer_transformation", std::string("softmax"));
      if (kind_ == Kind::unified || yaml_transform == "sparsemax_patch") transform = "softmax";
      if (transform == "softmax") mix.weights = softmax(scalars);
      else if (transform == "sparsemax") mix.weights = sparsemax(scalars);
      else
        throw Error(hp_source, 0,
                    "unsupported layer_transformation '" + transform + "' (supported: softmax, sparsemax)");
      mix.layer_norm = hp.value("layer_norm", false);
      transform_ = transform + (mix.layer_norm ? "+norm" : "");
      layer_ = mix;
    } else if (layer.is_number_integer()) {
      layer_ = layer.get<int>();
      transform_ = "layer " + std::to_string(layer.get<int>());
    } else {
      throw Error(hp_source, 0, "unsupported 'layer' hyper-parameter " + layer.dump());
    }

    if (kind_ == Kind::regression) {
      const std::string pool = hp.value("pool", std::string("avg"));
      if (pool == "avg") pooling_ = Pooling::avg;
      else if (pool == "cls") pooling_ = Pooling::cls;
      else if (pool == "max") pooling_ = Pooling::max;
      else throw Error(hp_source, 0, "unsupported pool '" + pool + "' (supported: avg, cls, max)");
      pool_name_ = pool;
    } else {
      pooling_ = Pooling::cls;
      pool_name_ = "first token";
      std::vector<std::string> segments;
      for (const auto& s : hp.value("input_segments", nlohmann::json::array({"mt", "src", "ref"})))
        segments.push_back(s.is_string() ? s.get<std::string>() : s.dump());
      if (segments != std::vector<std::string>{"mt", "src"})
        throw Error(hp_source, 0, "unsupported unified_metric input_segments (supported: [mt, src], as CometKiwi)");
    }

    const int hidden = config.hidden_size;
    const int features = kind_ == Kind::regression ? 6 * hidden : hidden;
    const auto activation_name = [&](const char* key, const char* fallback) {
      if (!hp.contains(key) || hp[key].is_null()) return std::string(fallback);
      return hp[key].is_string() ? hp[key].get<std::string>() : hp[key].dump();
    };
    estimator_ = FeedForward::load(*weights_, "estimator.ff.", features,
                                   parse_activation(activation_name("activations", "Tanh"), hp_source),
                                   parse_activation(activation_name("final_activation", ""), hp_source));
    if (estimator_.out() != 1)
      throw Error(files.checkpoint, 0,
                  "the estimator has " + std::to_string(estimator_.out()) + " outputs; a COMET score needs 1");
  }

  Kind kind() const override { return kind_; }
  std::vector<std::string> files() const override { return files_; }
  std::string description() const override {
    return std::string(kind_ == Kind::regression ? "regression_metric" : "unified_metric") + ", " + transform_ +
           " mix, " + pool_name_ + " pooling";
  }

  std::vector<double> score(std::span<const CometInput> inputs) const override {
    const int hidden = encoder_->config().hidden_size;
    const std::size_t n = inputs.size();
    std::vector<float> features;
    if (kind_ == Kind::regression) {
      std::vector<std::vector<std::int32_t>> sequences;
      sequences.reserve(3 * n);
      for (const auto& in : inputs) sequences.push_back(tokenizer_->encode(in.source, single_limit_));
      for (const auto& in : inputs) sequences.push_back(tokenizer_->encode(in.translation, single_limit_));
      for (const auto& in : inputs) sequences.push_back(tokenizer_->encode(in.reference, single_limit_));
      const std::vector<float> e = embed_sequences(*encoder_, sequences, layer_, pooling_, options_.batch_size);
      features.resize(n * 6 * hidden);
      for (std::size_t i = 0; i < n; ++i) {
        const float* src = e.data() + i * hidden;
        const float* mt = e.data() + (n + i) * hidden;
        const float* ref = e.data() + (2 * n + i) * hidden;
        float* f = features.data() + i * 6 * hidden;
        for (int h = 0; h < hidden; ++h) {
          f[h] = mt[h];
          f[hidden + h] = ref[h];
          f[2 * hidden + h] = mt[h] * ref[h];
          f[3 * hidden + h] = std::fabs(mt[h] - ref[h]);
          f[4 * hidden + h] = mt[h] * src[h];
          f[5 * hidden + h] = std::fabs(mt[h] - src[h]);
        }
      }
    } else {
      std::vector<std::vector<std::int32_t>> sequences;
      sequences.reserve(n);
      for (const auto& in : inputs) sequences.push_back(concatenate(in.translation, in.source));
      features = embed_sequences(*encoder_, sequences, layer_, pooling_, options_.batch_size);
    }
    const std::vector<float> scores = estimator_.apply(features, n);
    return std::vector<double>(scores.begin(), scores.end());
  }

  std::vector<std::vector<std::int32_t>> encode(const CometInput& in) const override {
    if (kind_ == Kind::unified) return {concatenate(in.translation, in.source)};
    return {tokenizer_->encode(in.source, single_limit_), tokenizer_->encode(in.translation, single_limit_),
            tokenizer_->encode(in.reference, single_limit_)};
  }

 private:
  // CometKiwi's input: <s> mt </s></s> src </s>, each part first cut as a single sequence, the whole
  // cut to max_positions when the pieces exceed max_positions - 5 (spec 3.2).
  std::vector<std::int32_t> concatenate(const std::string& mt, const std::string& src) const {
    const std::vector<std::int32_t> a = tokenizer_->encode(mt, single_limit_);
    const std::vector<std::int32_t> b = tokenizer_->encode(src, single_limit_);
    std::vector<std::int32_t> seq(a.begin(), a.end());
    seq.push_back(tokenizer_->sep_id());
    seq.insert(seq.end(), b.begin() + 1, b.end());
    const std::size_t pieces = (a.size() - 2) + (b.size() - 2);
    if (pieces > max_positions_ - 5 && seq.size() > max_positions_) seq.resize(max_positions_);
    return seq;
  }

  ModelOptions options_;
  Kind kind_ = Kind::regression;
  std::vector<std::string> files_;
  std::shared_ptr<const WeightStore> weights_;
  std::unique_ptr<text::EncoderTokenizer> tokenizer_;
  std::unique_ptr<Encoder> encoder_;
  LayerSelection layer_ = -1;
  Pooling pooling_ = Pooling::avg;
  FeedForward estimator_;
  std::string transform_, pool_name_;
  std::size_t max_positions_ = 512, single_limit_ = 510;
};

}  // namespace

std::unique_ptr<CometModel> CometModel::load(const std::string& path, const ModelOptions& options) {
  return std::make_unique<CometModelImpl>(path, options);
}

}  // namespace trenchcoat::neural
