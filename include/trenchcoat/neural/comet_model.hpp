#pragma once
// COMET models from their released files, matching unbabel-comet 2.2.x `predict()`
// in float32 (the reference this project follows; see "Version quirks" below).
//
// Layout: a model directory as downloaded from the hub (`hparams.yaml`, `checkpoints/model.ckpt`), or
// the path of the .ckpt itself (hparams.yaml is then looked for beside it and one folder up). The
// weights may also be a converted `checkpoints/model.safetensors` (same tensor names; the
// hyper-parameters then come from hparams.yaml alone). COMET does
// not ship the encoder's tokenizer or config: it takes them from the pretrained model it names. Here:
//   tokenizer  ModelOptions::tokenizer_path, else `sentencepiece.bpe.model` in the model directory;
//   config     ModelOptions::config_path, else `config.json` in the model directory, else the built-in
//              config of `pretrained_model` (xlm-roberta-large, microsoft/infoxlm-large, ...).
//
// Models:
//   regression_metric (wmt22-comet-da): src, mt and ref encoded separately (each <s> pieces </s>, at
//     most max_position_embeddings - 4 ids), layer mix, pooling (avg | cls | max), features
//     [mt, ref, mt*ref, |mt-ref|, mt*src, |mt-src|], estimator.
//   unified_metric with input_segments [mt, src] (wmt22-cometkiwi-da): one sequence
//     <s> mt </s></s> src </s> (each part first truncated as a single sequence; when the pieces exceed
//     max_positions - 5 the whole is cut to max_positions = max_position_embeddings - 2 ids), layer
//     mix, the first token, estimator. Other input_segments are refused.
//
// Hyper-parameters come from the checkpoint's "hyper_parameters" (as Lightning restores them), else
// from hparams.yaml; class_identifier from hparams.yaml.
//
// Version quirks (unbabel-comet 2.2.x): unified_metric always mixes layers with softmax (what every 2.2.x release
// except 2.2.5 computes for the released CometKiwi, whatever hparams say); regression_metric uses the
// checkpoint's layer_transformation (sparsemax for wmt22-comet-da), except that hparams.yaml's
// "sparsemax_patch" means softmax (2.2.6+). The mix's layer_norm flag is honoured. Scores are not
// clamped. The `comet-score` CLI of >= 2.2.5 runs in fp16; expect ~1e-3 differences to it.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/neural/model_options.hpp"

namespace trenchcoat::neural {

struct CometInput {
  std::string source, translation, reference;  // reference unused by reference-free models
};

class CometModel {
 public:
  enum class Kind { regression, unified };
  // Throws trenchcoat::Error naming the file (and tensor) for a missing file, a corrupt checkpoint, a
  // tensor of the wrong shape or an unsupported model.
  static std::unique_ptr<CometModel> load(const std::string& path, const ModelOptions& options);
  virtual ~CometModel() = default;

  virtual Kind kind() const = 0;
  bool needs_reference() const { return kind() == Kind::regression; }
  // One score per input, in order.
  virtual std::vector<double> score(std::span<const CometInput> inputs) const = 0;
  // The token-id sequences the encoder receives for one input (with special tokens, truncated):
  // {src, mt, ref} for regression models, {mt+src} for unified ones.
  virtual std::vector<std::vector<std::int32_t>> encode(const CometInput& input) const = 0;
  // The files the scores depend on (weights, tokenizer, hparams, config if any), for signatures.
  virtual std::vector<std::string> files() const = 0;
  // A short description of what was loaded, e.g. "regression_metric, sparsemax mix, avg pooling".
  virtual std::string description() const = 0;
};

}  // namespace trenchcoat::neural
