// EncoderConfig from an HF config.json (XLMRobertaConfig / RobertaConfig / DebertaV2Config) and the
// built-in configs of the released encoders COMET uses.
// Fields absent from config.json take the defaults of the HF config class, except the dimensions
// (vocab_size, hidden_size, num_hidden_layers, num_attention_heads, intermediate_size), which are required.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"
#include "trenchcoat/neural/encoder.hpp"

namespace trenchcoat::neural {
namespace {

using nlohmann::json;

int required_int(const json& config, const char* key, const std::string& path) {
  const auto it = config.find(key);
  if (it == config.end() || !it->is_number_integer())
    throw Error(path, 0, std::string("config field '") + key + "' is missing or not an integer");
  const auto value = it->get<std::int64_t>();
  if (value <= 0 || value > (1 << 30))
    throw Error(path, 0, std::string("config field '") + key + "' must be a positive integer, not " + it->dump());
  return static_cast<int>(value);
}

int optional_int(const json& config, const char* key, int fallback, const std::string& path) {
  const auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) throw Error(path, 0, std::string("config field '") + key + "' is not an integer");
  const auto value = it->get<std::int64_t>();
  if (value < -(1 << 30) || value > (1 << 30))
    throw Error(path, 0, std::string("config field '") + key + "' is out of range");
  return static_cast<int>(value);
}

double optional_number(const json& config, const char* key, double fallback, const std::string& path) {
  const auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_number()) throw Error(path, 0, std::string("config field '") + key + "' is not a number");
  return it->get<double>();
}

bool optional_bool(const json& config, const char* key, bool fallback, const std::string& path) {
  const auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) throw Error(path, 0, std::string("config field '") + key + "' is not true/false");
  return it->get<bool>();
}

std::string optional_string(const json& config, const char* key, const std::string& fallback, const std::string& path) {
  const auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_string()) throw Error(path, 0, std::string("config field '") + key + "' is not a string");
  return it->get<std::string>();
}

void read_common(EncoderConfig& c, const json& config, const std::string& path) {
  c.vocab_size = required_int(config, "vocab_size", path);
  c.hidden_size = required_int(config, "hidden_size", path);
  c.num_layers = required_int(config, "num_hidden_layers", path);
  c.num_heads = required_int(config, "num_attention_heads", path);
  c.intermediate_size = required_int(config, "intermediate_size", path);
  if (c.hidden_size % c.num_heads != 0)
    throw Error(path, 0,
                "hidden_size " + std::to_string(c.hidden_size) + " is not a multiple of num_attention_heads " +
                    std::to_string(c.num_heads));
  c.hidden_act = optional_string(config, "hidden_act", "gelu", path);
  if (c.hidden_act != "gelu")
    throw Error(path, 0, "unsupported hidden_act '" + c.hidden_act + "' (only the exact \"gelu\" is supported)");
}

void read_xlm_roberta(EncoderConfig& c, const json& config, const std::string& path) {
  c.architecture = Architecture::xlm_roberta;
  read_common(c, config, path);
  c.max_position_embeddings = optional_int(config, "max_position_embeddings", 512, path);
  c.type_vocab_size = optional_int(config, "type_vocab_size", 2, path);
  c.pad_token_id = optional_int(config, "pad_token_id", 1, path);
  c.layer_norm_eps = optional_number(config, "layer_norm_eps", 1e-12, path);
  const std::string positions = optional_string(config, "position_embedding_type", "absolute", path);
  if (positions != "absolute")
    throw Error(path, 0, "unsupported position_embedding_type '" + positions + "' (only \"absolute\")");
  if (c.max_position_embeddings <= c.pad_token_id + 1 || c.pad_token_id < 0)
    throw Error(path, 0,
                "max_position_embeddings " + std::to_string(c.max_position_embeddings) +
                    " leaves no position after pad_token_id " + std::to_string(c.pad_token_id));
  if (c.type_vocab_size < 1) throw Error(path, 0, "type_vocab_size must be at least 1 for this model type");
  c.relative_attention = false;
}

std::vector<std::string> position_attention_types(const json& config, const std::string& path) {
  std::vector<std::string> types;
  const auto it = config.find("pos_att_type");
  if (it == config.end() || it->is_null()) return types;
  auto add = [&](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (!text.empty()) types.push_back(text);
  };
  if (it->is_string()) {
    const std::string text = it->get<std::string>();
    std::size_t start = 0;
    for (;;) {
      const std::size_t bar = text.find('|', start);
      add(text.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  } else if (it->is_array()) {
    for (const auto& entry : *it) {
      if (!entry.is_string()) throw Error(path, 0, "pos_att_type entries must be strings");
      add(entry.get<std::string>());
    }
  } else {
    throw Error(path, 0, "pos_att_type must be a list or a '|'-separated string");
  }
  return types;
}

void read_deberta_v2(EncoderConfig& c, const json& config, const std::string& path) {
  c.architecture = Architecture::deberta_v2;
  read_common(c, config, path);
  c.max_position_embeddings = optional_int(config, "max_position_embeddings", 512, path);
  c.type_vocab_size = optional_int(config, "type_vocab_size", 0, path);
  c.pad_token_id = optional_int(config, "pad_token_id", 0, path);
  c.layer_norm_eps = optional_number(config, "layer_norm_eps", 1e-7, path);
  c.relative_attention = optional_bool(config, "relative_attention", false, path);
  c.position_buckets = optional_int(config, "position_buckets", -1, path);
  c.max_relative_positions = optional_int(config, "max_relative_positions", -1, path);
  c.share_att_key = optional_bool(config, "share_att_key", false, path);
  c.position_biased_input = optional_bool(config, "position_biased_input", true, path);
  const std::string norm = optional_string(config, "norm_rel_ebd", "none", path);
  c.norm_rel_ebd = norm.find("layer_norm") != std::string::npos;
  if (!c.norm_rel_ebd && norm != "none") throw Error(path, 0, "unsupported norm_rel_ebd '" + norm + "'");
  c.c2p = c.p2c = false;
  for (const auto& type : position_attention_types(config, path)) {
    if (type == "c2p") c.c2p = true;
    else if (type == "p2c") c.p2c = true;
    else throw Error(path, 0, "unsupported pos_att_type '" + type + "' (only c2p and p2c)");
  }
  if (c.type_vocab_size < 0) throw Error(path, 0, "type_vocab_size must not be negative");
  if (c.max_relative_positions < 1) c.max_relative_positions = c.max_position_embeddings;
  if (c.relative_attention && !c.share_att_key && (c.c2p || c.p2c))
    throw Error(path, 0, "unsupported DeBERTa variant: share_att_key=false (separate position projections)");
  if (optional_int(config, "conv_kernel_size", 0, path) > 0)
    throw Error(path, 0, "unsupported DeBERTa variant: conv_kernel_size > 0 (convolution layer)");
  if (optional_int(config, "embedding_size", c.hidden_size, path) != c.hidden_size)
    throw Error(path, 0, "unsupported DeBERTa variant: embedding_size differs from hidden_size");
  if (optional_int(config, "attention_head_size", c.hidden_size / c.num_heads, path) != c.hidden_size / c.num_heads)
    throw Error(path, 0, "unsupported DeBERTa variant: attention_head_size differs from hidden_size / heads");
  if (c.relative_attention && c.position_buckets <= 0 && c.max_relative_positions < 1)
    throw Error(path, 0, "max_relative_positions must be positive");
}

}  // namespace

EncoderConfig EncoderConfig::from_hf_config(const nlohmann::json& config, const std::string& path) {
  if (!config.is_object()) throw Error(path, 0, "config.json is not a JSON object");
  const auto it = config.find("model_type");
  if (it == config.end() || !it->is_string()) throw Error(path, 0, "config field 'model_type' is missing");
  const std::string model_type = it->get<std::string>();
  EncoderConfig c;
  if (model_type == "xlm-roberta" || model_type == "roberta") read_xlm_roberta(c, config, path);
  else if (model_type == "deberta-v2") read_deberta_v2(c, config, path);
  else
    throw Error(path, 0, "unsupported model_type '" + model_type + "' (supported: xlm-roberta, roberta, deberta-v2)");
  return c;
}

std::optional<EncoderConfig> EncoderConfig::builtin(const std::string& pretrained_model) {
  // The config.json of these HF repositories.
  EncoderConfig c;
  c.architecture = Architecture::xlm_roberta;
  c.vocab_size = 250002;
  c.max_position_embeddings = 514;
  c.type_vocab_size = 1;
  c.pad_token_id = 1;
  c.layer_norm_eps = 1e-5;
  c.hidden_act = "gelu";
  c.relative_attention = false;
  if (pretrained_model == "xlm-roberta-large" || pretrained_model == "microsoft/infoxlm-large") {
    c.hidden_size = 1024;
    c.num_layers = 24;
    c.num_heads = 16;
    c.intermediate_size = 4096;
    return c;
  }
  if (pretrained_model == "xlm-roberta-base") {
    c.hidden_size = 768;
    c.num_layers = 12;
    c.num_heads = 12;
    c.intermediate_size = 3072;
    return c;
  }
  return std::nullopt;
}

}  // namespace trenchcoat::neural
