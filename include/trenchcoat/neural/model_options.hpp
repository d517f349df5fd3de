#pragma once
// Options shared by the neural scorers (COMET, CometKiwi, reward models).
#include <cstddef>
#include <string>

#include "trenchcoat/neural/encoder.hpp"

namespace trenchcoat::neural {

struct ModelOptions {
  int batch_size = 16;         // sequences per encoder call (COMET's default)
  RuntimeOptions runtime;      // threads, precision (f32 | int8)
  std::size_t max_length = 0;  // token limit incl. special tokens; 0 = the model's own default
  std::string tokenizer_path;  // empty: the tokenizer file found in the model directory
  std::string config_path;     // empty: config.json in the model directory, else a built-in config
};

}  // namespace trenchcoat::neural
