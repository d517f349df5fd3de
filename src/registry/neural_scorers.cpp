// COMET, CometKiwi and reward models as scorers (see neural_scorers.hpp).
#include "trenchcoat/registry/neural_scorers.hpp"

#include <filesystem>
#include <numeric>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/file_hash.hpp"
#include "trenchcoat/neural/comet_model.hpp"
#include "trenchcoat/neural/reward_model.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"
#include "trenchcoat/version.hpp"

namespace trenchcoat::registry {

// The registry builds scoring's scorers: its names are used unqualified here.
using namespace scoring;

namespace {

using neural::ModelOptions;

struct ParsedOptions {
  std::string path;
  ModelOptions model;
};

ParsedOptions parse_neural_options(const std::string& scorer, const ScorerOptions& options) {
  const OptionValues v = validate_options(scorer, neural_option_info(), options);
  ParsedOptions out;
  out.path = v.text("path");
  out.model.batch_size = static_cast<int>(v.integer("batch-size"));
  out.model.runtime.threads = static_cast<int>(v.integer("threads"));
  out.model.max_length = static_cast<std::size_t>(v.integer("max-length"));
  out.model.runtime.precision = v.text("dtype") == "int8" ? neural::Precision::int8 : neural::Precision::f32;
  if (v.has("tokenizer")) out.model.tokenizer_path = v.text("tokenizer");
  if (v.has("config")) out.model.config_path = v.text("config");
  return out;
}

std::string item_label(std::size_t i, const Item& item) {
  return "item " + std::to_string(i + 1) + (item.id.empty() ? "" : " (id " + item.id + ")");
}

// Shared by the three scorers: info, signature, mean as corpus score.
class NeuralScorer : public Scorer {
 public:
  NeuralScorer(std::string name, const ParsedOptions& options) : name_(std::move(name)), options_(options) {}
  const ScorerInfo& info() const override { return info_; }

  std::string signature() const override {
    std::string sig = name_ + "|model:" + model_name() + "|" + description_;
    for (const auto& file : files_) {
      const std::string base = std::filesystem::path(file).filename().string();
      sig += "|" + base + ":" + io::file_hash(file);
    }
    sig += std::string("|dtype:") + (options_.model.runtime.precision == neural::Precision::int8 ? "int8" : "f32");
    if (options_.model.max_length) sig += "|max-length:" + std::to_string(options_.model.max_length);
    sig += std::string("|version:") + kVersion;
    return sig;
  }
  std::shared_ptr<const CorpusAggregate> corpus_aggregate() const override { return mean_aggregate(); }

 protected:
  static ScoreResult with_mean(std::vector<double> scores) {
    ScoreResult result;
    if (!scores.empty())
      result.corpus_score = std::accumulate(scores.begin(), scores.end(), 0.0) / static_cast<double>(scores.size());
    result.item_scores = std::move(scores);
    return result;
  }
  std::string model_name() const {
    std::filesystem::path p(options_.path);
    if (p.filename().empty()) p = p.parent_path();
    return p.filename().string();
  }

  std::string name_;
  ParsedOptions options_;
  ScorerInfo info_;
  std::vector<std::string> files_;
  std::string description_;
};

class CometScorer : public NeuralScorer {
 public:
  CometScorer(std::string name, const ParsedOptions& options, bool reference_free)
      : NeuralScorer(std::move(name), options) {
    model_ = neural::CometModel::load(options.path, options.model);
    if (model_->needs_reference() == reference_free)
      throw Error(options.path, 0,
                  std::string("this is a ") + (reference_free ? "reference-based" : "reference-free") +
                      " COMET model: use the '" + (reference_free ? "comet" : "cometkiwi") + "' scorer");
    files_ = model_->files();
    description_ = reference_free ? "kiwi" : "da";
    info_.name = name_;
    info_.description = reference_free ? "CometKiwi (reference-free COMET): source + candidate"
                                       : "COMET (wmt22-comet-da style): source + candidate + reference";
    info_.required_fields = reference_free ? std::vector<std::string>{"source", "candidate"}
                                           : std::vector<std::string>{"source", "candidate", "references"};
    info_.options = neural_option_info();
  }

  ScoreResult score(std::span<const Item> items) const override {
    std::vector<neural::CometInput> inputs;
    inputs.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      neural::CometInput in{items[i].source, items[i].candidate, ""};
      if (model_->needs_reference()) {
        if (items[i].references.empty()) throw Error(item_label(i, items[i]) + ": COMET needs a reference");
        in.reference = items[i].references.front();
      }
      inputs.push_back(std::move(in));
    }
    return with_mean(model_->score(inputs));
  }

 private:
  std::unique_ptr<neural::CometModel> model_;
};

class RewardModelScorer : public NeuralScorer {
 public:
  explicit RewardModelScorer(const ParsedOptions& options) : NeuralScorer("rm", options) {
    model_ = neural::RewardModel::load(options.path, options.model);
    files_ = model_->files();
    description_ = model_->description();
    info_.name = "rm";
    info_.description = "encoder reward model (" + description_ + "): the logit for prompt + candidate";
    info_.required_fields = {"prompt", "candidate"};
    info_.options = neural_option_info();
  }

  ScoreResult score(std::span<const Item> items) const override {
    std::vector<neural::RewardInput> inputs;
    inputs.reserve(items.size());
    for (const Item& item : items) inputs.push_back({item.prompt, item.candidate});
    return with_mean(model_->score(inputs));
  }

 private:
  std::unique_ptr<neural::RewardModel> model_;
};

}  // namespace

std::vector<OptionInfo> neural_option_info() {
  return {
      OptionInfo::path("path", "", "the model directory (or COMET .ckpt file)").needed(),
      OptionInfo::integer("batch-size", "16", "sequences per encoder call").between(1, 1 << 20),
      OptionInfo::integer("threads", "0", "threads (0: all cores)").between(0, 1 << 20),
      OptionInfo::integer("max-length", "0", "token limit incl. special tokens (0: the model's default)")
          .between(0, 1 << 20),
      OptionInfo::choice("dtype", "f32", {"f32", "int8"},
                         "f32, or int8 (dynamic quantisation of the encoder's linear layers)")
          .alias("fp32", "f32")
          .alias("float32", "f32"),
      OptionInfo::path("tokenizer", "", "the SentencePiece model file").when_unset("found in the model directory"),
      OptionInfo::path("config", "", "the encoder's HF config.json")
          .when_unset("found in the model directory, else built in"),
  };
}

std::unique_ptr<Scorer> make_comet_scorer(const ScorerOptions& options) {
  return std::make_unique<CometScorer>("comet", parse_neural_options("comet", options), false);
}
std::unique_ptr<Scorer> make_cometkiwi_scorer(const ScorerOptions& options) {
  return std::make_unique<CometScorer>("cometkiwi", parse_neural_options("cometkiwi", options), true);
}
std::unique_ptr<Scorer> make_reward_model_scorer(const ScorerOptions& options) {
  return std::make_unique<RewardModelScorer>(parse_neural_options("rm", options));
}

}  // namespace trenchcoat::registry
