// Encoder runtime tests: the DeBERTa bucket table, parity with a torch reference
// forward on tiny random XLM-R and DeBERTa-v2 models (tests/neural/make_encoder_reference.py, written
// after HF XLMRobertaModel / DebertaV2Model), batch / padding / thread-count invariance, int8 closeness, bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "neural/encoder_kernels.hpp"
#include "neural/quantized_linear_layer.hpp"
#include "neural/relative_position_buckets.hpp"
#include "neural/thread_pool.hpp"
#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/neural/encoder.hpp"
#include "trenchcoat/neural/weight_store.hpp"

namespace trenchcoat::neural {
namespace {

using nlohmann::json;
using trenchcoat::testing::error_of;

const std::string kNeuralSourceDir = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../neural";

// A WeightStore over tensors held in memory (the tests do not depend on the checkpoint loader).
class InMemoryWeightStore final : public WeightStore {
 public:
  explicit InMemoryWeightStore(std::string path) : path_(std::move(path)) {}
  void add(const std::string& name, std::vector<std::int64_t> shape, std::vector<float> data) {
    TensorInfo info{name, DType::f32, std::move(shape)};
    infos_[name] = info;
    data_[name] = std::move(data);
  }
  void remove(const std::string& name) {
    infos_.erase(name);
    data_.erase(name);
  }
  const std::string& path() const override { return path_; }
  std::vector<TensorInfo> tensors() const override {
    std::vector<TensorInfo> all;
    for (const auto& [name, info] : infos_) all.push_back(info);
    return all;
  }
  bool contains(const std::string& name) const override { return infos_.count(name) != 0; }
  const TensorInfo& info(const std::string& name) const override {
    const auto it = infos_.find(name);
    if (it == infos_.end()) throw Error(path_ + ": no tensor '" + name + "'");
    return it->second;
  }
  std::span<const float> floats(const std::string& name, std::vector<std::int64_t> shape) const override {
    const TensorInfo& i = info(name);
    bool same = i.shape.size() == shape.size();
    for (std::size_t d = 0; same && d < shape.size(); ++d) same = shape[d] == -1 || shape[d] == i.shape[d];
    if (!same) throw Error(path_ + ": tensor '" + name + "' has the wrong shape");
    const auto& data = data_.at(name);
    return {data.data(), data.size()};
  }
  std::span<const std::byte> bytes(const std::string& name) const override {
    info(name);
    const auto& data = data_.at(name);
    return std::as_bytes(std::span<const float>(data.data(), data.size()));
  }
  std::optional<json> entry(const std::string&) const override { return std::nullopt; }

 private:
  std::string path_;
  std::map<std::string, TensorInfo> infos_;
  std::map<std::string, std::vector<float>> data_;
};

// OUTDIR/encoder_reference/reference.json, built by the CTest fixture (TRENCHCOAT_TINY_MODELS) or, when
// the test program runs on its own, by running the script here.
const json& reference() {
  static const json loaded = [] {
    std::string dir;
    bool temporary = false;
    if (const char* env = std::getenv("TRENCHCOAT_TINY_MODELS"); env && *env) {
      dir = env;
    } else {
      dir = (std::filesystem::temp_directory_path() / ("trenchcoat_encoder_reference_" + std::to_string(::getpid())))
                .string();
      temporary = true;
      const std::string command = "/usr/bin/python3 '" + kNeuralSourceDir + "/make_encoder_reference.py' '" + dir + "'";
      if (std::system(command.c_str()) != 0) return json();
    }
    json parsed;
    if (std::ifstream in(dir + "/encoder_reference/reference.json"); in) parsed = json::parse(in);
    if (temporary) std::filesystem::remove_all(dir);
    return parsed;
  }();
  return loaded;
}

struct TinyModel {
  std::shared_ptr<InMemoryWeightStore> store;
  EncoderConfig config;
  std::string prefix;
  std::vector<std::vector<std::int32_t>> sequences;
  std::vector<std::vector<float>> hidden_states;  // per layer, packed rows of all sequences
};

TinyModel tiny_model(const std::string& key) {
  const json& all = reference();
  if (all.is_null() || !all.contains(key)) return {};
  const json& m = all.at(key);
  TinyModel model;
  model.store = std::make_shared<InMemoryWeightStore>("tiny-" + key + ".safetensors");
  for (const auto& [name, tensor] : m.at("tensors").items())
    model.store->add(name, tensor.at("shape").get<std::vector<std::int64_t>>(),
                     tensor.at("data").get<std::vector<float>>());
  model.config = EncoderConfig::from_hf_config(m.at("config"), "tiny/config.json");
  model.prefix = m.at("prefix").get<std::string>();
  model.sequences = m.at("sequences").get<std::vector<std::vector<std::int32_t>>>();
  model.hidden_states = m.at("hidden_states").get<std::vector<std::vector<float>>>();
  return model;
}

// All hidden states of one forward, per layer.
std::vector<std::vector<float>> run(const Encoder& encoder, const std::vector<std::vector<std::int32_t>>& sequences) {
  PackedBatch batch;
  batch.ids = sequences;
  batch.pack();
  std::vector<std::vector<float>> states;
  encoder.forward(batch, [&](int layer, std::span<const float> s) {
    EXPECT_EQ(layer, static_cast<int>(states.size()));
    states.emplace_back(s.begin(), s.end());
  });
  return states;
}

float max_abs_difference(std::span<const float> a, std::span<const float> b) {
  EXPECT_EQ(a.size(), b.size());
  float worst = 0.f;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

class EncoderReferenceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    model_ = tiny_model(GetParam());
    if (!model_.store) GTEST_SKIP() << "no tiny reference models (needs /usr/bin/python3 with torch)";
  }
  std::unique_ptr<Encoder> load(RuntimeOptions options = {}) const {
    return Encoder::load(model_.store, model_.prefix, model_.config, options);
  }
  TinyModel model_;
};

TEST_P(EncoderReferenceTest, MatchesTorchReferenceForEveryLayer) {
  const auto encoder = load({.threads = 2, .precision = Precision::f32});
  const auto states = run(*encoder, model_.sequences);
  ASSERT_EQ(states.size(), model_.hidden_states.size());  // num_layers + 1, from the reference
  for (std::size_t layer = 0; layer < states.size(); ++layer)
    // Expected: the torch float32 forward of make_encoder_reference.py, within 1e-5 (BLAS sums in another order).
    EXPECT_LE(max_abs_difference(states[layer], model_.hidden_states[layer]), 1e-5f) << "layer " << layer;
}

TEST_P(EncoderReferenceTest, EachSequenceAloneEqualsTheBatch) {
  const auto encoder = load({.threads = 2, .precision = Precision::f32});
  const auto together = run(*encoder, model_.sequences);
  const std::size_t hidden = static_cast<std::size_t>(model_.config.hidden_size);
  std::size_t row = 0;
  for (const auto& sequence : model_.sequences) {
    const auto alone = run(*encoder, {sequence});
    for (std::size_t layer = 0; layer < alone.size(); ++layer) {
      std::span<const float> part(together[layer].data() + row * hidden, sequence.size() * hidden);
      // Expected: the same sequence's rows of the whole batch (batch invariance, within 1e-5).
      EXPECT_LE(max_abs_difference(alone[layer], part), 1e-5f) << "layer " << layer << " length " << sequence.size();
    }
    row += sequence.size();
  }
  // Reversed order and a duplicate: each sequence's rows stay the same.
  auto shuffled = model_.sequences;
  std::reverse(shuffled.begin(), shuffled.end());
  shuffled.push_back(model_.sequences.front());
  const auto again = run(*encoder, shuffled);
  const std::size_t last = model_.sequences.back().size() * hidden;
  EXPECT_LE(max_abs_difference(std::span<const float>(again.back().data(), last),
                               std::span<const float>(together.back().data() + together.back().size() - last, last)),
            1e-5f);
}

TEST_P(EncoderReferenceTest, OneThreadEqualsSeveral) {
  const auto one = run(*load({.threads = 1, .precision = Precision::f32}), model_.sequences);
  const auto three = run(*load({.threads = 3, .precision = Precision::f32}), model_.sequences);
  // Expected: the same numbers up to the GEMM library's summation order.
  EXPECT_LE(max_abs_difference(one.back(), three.back()), 1e-5f);
}

TEST_P(EncoderReferenceTest, ConcurrentForwardsGiveTheSameStates) {
  for (const Precision precision : {Precision::f32, Precision::int8}) {
    const auto encoder = load({.threads = 2, .precision = precision});
    const auto expected = run(*encoder, model_.sequences);  // the same encoder, alone
    std::vector<std::vector<std::vector<float>>> results(3);
    std::vector<std::thread> threads;
    for (auto& result : results) threads.emplace_back([&] { result = run(*encoder, model_.sequences); });
    for (auto& thread : threads) thread.join();
    for (const auto& result : results) EXPECT_LE(max_abs_difference(result.back(), expected.back()), 1e-5f);
  }
}

TEST_P(EncoderReferenceTest, Int8StaysCloseToFloat32) {
  const auto f32 = run(*load({.threads = 2, .precision = Precision::f32}), model_.sequences);
  const auto int8 = run(*load({.threads = 2, .precision = Precision::int8}), model_.sequences);
  ASSERT_EQ(f32.size(), int8.size());
  // Embeddings are not quantised: identical.
  EXPECT_EQ(max_abs_difference(f32.front(), int8.front()), 0.0f);
  // Bounds measured on these tiny models (hidden 64, weights of std 0.15, LayerNorm outputs of
  // magnitude ~1) with 7-bit weights (no VNNI): max 0.134 / 0.123, mean 0.026 / 0.022 (xlm_roberta /
  // deberta_v2); 8-bit weights (VNNI) give less. The bounds leave about 2x margin.
  const float worst = max_abs_difference(f32.back(), int8.back());
  double mean = 0;
  for (std::size_t i = 0; i < f32.back().size(); ++i) mean += std::fabs(f32.back()[i] - int8.back()[i]);
  mean /= static_cast<double>(f32.back().size());
  EXPECT_LE(worst, 0.3f);
  EXPECT_LE(mean, 0.06);
  EXPECT_GT(worst, 0.0f);  // it did quantise
  std::cout << "[ int8     ] " << GetParam() << ": last layer |int8 - fp32| max " << worst << " mean " << mean
            << " (weight levels " << QuantizedLinearLayer::weight_levels() << ")\n";
}

TEST_P(EncoderReferenceTest, TokenIdOutOfRangeThrows) {
  const auto encoder = load();
  for (const std::int32_t bad : {-1, model_.config.vocab_size}) {
    auto sequences = model_.sequences;
    sequences[1][1] = bad;
    const std::string message = error_of([&] { run(*encoder, sequences); });
    EXPECT_NE(message.find("token id " + std::to_string(bad)), std::string::npos) << message;
    EXPECT_NE(message.find("tiny-"), std::string::npos) << message;  // names the weights file
  }
}

TEST_P(EncoderReferenceTest, EmptyBatchAndEmptySequence) {
  const auto encoder = load();
  int calls = 0;
  PackedBatch empty;
  empty.pack();
  encoder->forward(empty, [&](int, std::span<const float> s) {
    EXPECT_TRUE(s.empty());
    ++calls;
  });
  EXPECT_EQ(calls, model_.config.num_layers + 1);
  auto sequences = model_.sequences;
  sequences.insert(sequences.begin() + 1, std::vector<std::int32_t>{});
  const auto with_empty = run(*encoder, sequences);
  const auto without = run(*encoder, model_.sequences);
  EXPECT_LE(max_abs_difference(with_empty.back(), without.back()), 1e-5f);
}

TEST_P(EncoderReferenceTest, UnpackedBatchThrows) {
  const auto encoder = load();
  PackedBatch batch;
  batch.ids = model_.sequences;
  EXPECT_NE(error_of([&] { encoder->forward(batch, nullptr); }).find("pack()"), std::string::npos);
}

TEST_P(EncoderReferenceTest, MissingOrMisshapedTensorNamesIt) {
  const std::string name = model_.prefix + "encoder.layer.1.intermediate.dense.weight";
  auto store = std::make_shared<InMemoryWeightStore>(*model_.store);
  store->remove(name);
  std::string message = error_of([&] { Encoder::load(store, model_.prefix, model_.config, {}); });
  EXPECT_NE(message.find(name), std::string::npos) << message;
  store->add(name, {7, 3}, std::vector<float>(21));
  message = error_of([&] { Encoder::load(store, model_.prefix, model_.config, {}); });
  EXPECT_NE(message.find(name), std::string::npos) << message;
  // A wrong prefix: the first tensor looked up is missing.
  EXPECT_NE(error_of([&] { Encoder::load(model_.store, "nothing.", model_.config, {}); }).find("no tensor 'nothing."),
            std::string::npos);
}

// The int8 layer computes exactly the quantised product described in quantized_linear_layer.hpp.
TEST(QuantizedLinearLayer, EqualsTheQuantisedProductComputedDirectly) {
  const int rows = 7, in = 301, out = 70;  // odd sizes; one all-zero input row and one all-zero weight row
  std::vector<float> x(static_cast<std::size_t>(rows * in)), w(static_cast<std::size_t>(out * in)), b(out);
  unsigned state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<float>((state >> 8) % 20001) / 10000.0f - 1.0f;
  };
  for (auto& v : x) v = 3.0f * next();
  for (auto& v : w) v = 0.2f * next();
  for (auto& v : b) v = next();
  std::fill(x.begin() + 2 * in, x.begin() + 3 * in, 0.0f);
  std::fill(w.begin() + 5 * in, w.begin() + 6 * in, 0.0f);
  // Two stacked parts (rows 0..29 and 30..69), as for the query / key / value projections.
  const std::span<const float> ws(w), bs(b);
  QuantizedLinearLayer layer(
      {LinearPart{ws.first(30 * in), bs.first(30), 30}, LinearPart{ws.subspan(30 * in), bs.subspan(30), 40}}, in);
  ThreadPool pool(2);
  LinearWorkspace workspace;
  std::vector<float> y(static_cast<std::size_t>(rows * out));
  layer.apply(x.data(), rows, y.data(), pool, workspace);
  ASSERT_EQ(layer.out_features(), out);
  const double levels = QuantizedLinearLayer::weight_levels();
  for (int r = 0; r < rows; ++r) {
    double x_max = 0;
    for (int k = 0; k < in; ++k) x_max = std::max(x_max, std::fabs(static_cast<double>(x[r * in + k])));
    const float x_scale = static_cast<float>(x_max) / 127.0f;
    for (int n = 0; n < out; ++n) {
      double w_max = 0;
      for (int k = 0; k < in; ++k) w_max = std::max(w_max, std::fabs(static_cast<double>(w[n * in + k])));
      const float w_scale = static_cast<float>(w_max) / static_cast<float>(levels);
      std::int64_t dot = 0;
      for (int k = 0; k < in; ++k) {
        const auto qx =
            x_max > 0 ? std::lround(std::nearbyint(x[r * in + k] * (127.0f / static_cast<float>(x_max)))) : 0;
        const auto qw =
            w_max > 0
                ? std::lround(std::nearbyint(w[n * in + k] * (static_cast<float>(levels) / static_cast<float>(w_max))))
                : 0;
        dot += qx * qw;
      }
      // Expected: the integer dot product of the quantised operands, dequantised (header comment).
      const double expected = static_cast<double>(dot) * x_scale * w_scale + b[n];
      EXPECT_NEAR(y[r * out + n], expected, 1e-4 * (1 + std::fabs(expected))) << "row " << r << " column " << n;
      if (r == 2 || n == 5) {
        EXPECT_EQ(y[r * out + n], b[n]);  // zero row: exactly the bias
      }
    }
  }
}

TEST(EncoderKernels, GeluIsTheExactErfGelu) {
  std::vector<float> z;
  for (int i = -240000; i <= 240000; ++i) z.push_back(static_cast<float>(i) * 5e-5f);  // [-12, 12]
  for (float special : {0.0f, -0.0f, 30.0f, -30.0f, 1e-30f, -1e-30f}) z.push_back(special);
  std::vector<float> y = z;
  gelu(y.data(), y.size());
  double worst = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    // Expected: 0.5 z (1 + erf(z / sqrt 2)) in double (exact GELU, HF hidden_act "gelu").
    const double exact = 0.5 * z[i] * (1.0 + std::erf(static_cast<double>(z[i]) / std::sqrt(2.0)));
    worst = std::max(worst, std::fabs(y[i] - exact));
  }
  EXPECT_LE(worst, 1e-6);
  EXPECT_EQ(y[y.size() - 4], 30.0f);  // erf = 1
  EXPECT_EQ(y[y.size() - 3], -0.0f);  // erf = -1
}

TEST(EncoderKernels, SoftmaxMatchesDoublePrecision) {
  for (const std::size_t n : {1u, 3u, 8u, 17u, 300u}) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i)
      x[i] = static_cast<float>((static_cast<int>(i * 37 % 101) - 50)) * 0.7f;  // spread ~70
    std::vector<double> exact(n);
    double maximum = -1e300, total = 0;
    for (float v : x) maximum = std::max(maximum, static_cast<double>(v));
    // The difference is taken in float, as the kernel (and torch) does.
    for (std::size_t i = 0; i < n; ++i)
      total += exact[i] = std::exp(static_cast<double>(x[i] - static_cast<float>(maximum)));
    softmax_row(x.data(), n);
    for (std::size_t i = 0; i < n; ++i)
      // Expected: softmax in double; float rounding allows ~1e-7 relative.
      EXPECT_NEAR(x[i], exact[i] / total, 1e-6 * exact[i] / total + 1e-30) << n << " " << i;
  }
}

// The fp32 layer with stacked parts and an output row stride wider than its outputs.
TEST(Float32LinearLayer, StackedPartsWriteSideBySide) {
  const int rows = 3, in = 5;
  std::vector<float> x(rows * in), w1(2 * in), b1(2), w2(3 * in), b2(3);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.25f * static_cast<float>(i % 7) - 0.5f;
  for (std::size_t i = 0; i < w1.size(); ++i) w1[i] = 0.5f * static_cast<float>(i % 3);
  for (std::size_t i = 0; i < w2.size(); ++i) w2[i] = -0.25f * static_cast<float>(i % 4);
  b1 = {1.0f, 2.0f};
  b2 = {-1.0f, 0.5f, 3.0f};
  Float32LinearLayer layer({LinearPart{w1, b1, 2}, LinearPart{w2, b2, 3}}, in);
  ThreadPool pool(1);
  LinearWorkspace workspace;
  const std::size_t stride = 8;
  std::vector<float> y(rows * stride, 42.0f);
  layer.apply(x.data(), rows, y.data(), stride, pool, workspace);
  for (int r = 0; r < rows; ++r) {
    for (int n = 0; n < 5; ++n) {
      const float* wr = n < 2 ? &w1[n * in] : &w2[(n - 2) * in];
      float expected = n < 2 ? b1[n] : b2[n - 2];  // y = x W^T + b, computed directly (exact in binary)
      for (int k = 0; k < in; ++k) expected += x[r * in + k] * wr[k];
      EXPECT_FLOAT_EQ(y[r * stride + n], expected) << r << "," << n;
    }
    for (std::size_t n = 5; n < stride; ++n) EXPECT_EQ(y[r * stride + n], 42.0f);  // untouched
  }
}

INSTANTIATE_TEST_SUITE_P(TinyModels, EncoderReferenceTest, ::testing::Values("xlm_roberta", "deberta_v2"));

TEST(XlmRobertaEncoder, TooLongSequenceThrows) {
  TinyModel model = tiny_model("xlm_roberta");
  if (!model.store) GTEST_SKIP() << "no tiny reference models";
  const auto encoder = Encoder::load(model.store, model.prefix, model.config, {});
  // max_position_embeddings 66 and pad 1 leave 64 positions (the reference's longest sequence has 64).
  std::vector<std::int32_t> ids(65, 5);
  const std::string message = error_of([&] { run(*encoder, {ids}); });
  EXPECT_NE(message.find("at most 64"), std::string::npos) << message;
}

TEST(RelativePositionBuckets, MatchesTheReferenceTable) {
  const json table = [] {
    std::ifstream in(kNeuralSourceDir + "/fixtures/deberta_log_buckets.json");
    return json::parse(in);
  }();
  const int buckets = table.at("bucket_size").get<int>(), max_position = table.at("max_position").get<int>();
  ASSERT_EQ(table.at("table").size(), 2047u);  // rel in [-1023, 1023]
  int checked = 0;
  for (const auto& [rel, bucket] : table.at("table").items()) {
    // Expected: tests/neural/fixtures/deberta_log_buckets.json (HF `make_log_bucket_position`, float32 torch).
    EXPECT_EQ(relative_position_bucket(std::stoll(rel), buckets, max_position), bucket.get<std::int64_t>())
        << "rel " << rel;
    ++checked;
  }
  EXPECT_EQ(checked, 2047);
  EXPECT_EQ(relative_position_bucket(-1, 0, 512), -1);  // no bucketing: rel itself
}

TEST(RelativePositionBuckets, RowsClampAtTheTableEnds) {
  // bucket 256 / max 512 / span 256; long sequences reach rel = +-1023 (bucket +-319 in deberta_log_buckets.json).
  const auto rows = relative_position_rows(1024, 256, 512, 256);
  EXPECT_EQ(rows.row(0, 0), 256);
  EXPECT_EQ(rows.row(1023, 0), 511);       // 319 + 256 clamped to 2*256 - 1
  EXPECT_EQ(rows.row(0, 1023), 0);         // -319 + 256 clamped to 0
  EXPECT_EQ(rows.row(129, 0), 129 + 256);  // deberta_log_buckets.json: 129 -> 129
  EXPECT_EQ(rows.row(0, 150), 256 - 143);  // deberta_log_buckets.json: 150 -> 143, odd
}

TEST(EncoderConfig, ReadsHfConfigs) {
  const json deberta = {
      {"model_type", "deberta-v2"},     {"vocab_size", 128100},         {"hidden_size", 1024},
      {"num_hidden_layers", 24},        {"num_attention_heads", 16},    {"intermediate_size", 4096},
      {"max_position_embeddings", 512}, {"type_vocab_size", 0},         {"relative_attention", true},
      {"position_buckets", 256},        {"max_relative_positions", -1}, {"pos_att_type", "p2c|c2p"},
      {"share_att_key", true},          {"norm_rel_ebd", "layer_norm"}, {"position_biased_input", false},
      {"layer_norm_eps", 1e-7},         {"hidden_act", "gelu"},         {"pad_token_id", 0}};
  // Values of OpenAssistant/reward-model-deberta-v3-large-v2 (its config.json).
  const EncoderConfig c = EncoderConfig::from_hf_config(deberta, "rm/config.json");
  EXPECT_EQ(c.architecture, Architecture::deberta_v2);
  EXPECT_TRUE(c.c2p && c.p2c && c.relative_attention && c.share_att_key && c.norm_rel_ebd);
  EXPECT_FALSE(c.position_biased_input);
  EXPECT_EQ(c.max_relative_positions, 512);  // -1 -> max_position_embeddings
  EXPECT_EQ(c.position_buckets, 256);
  EXPECT_EQ(c.type_vocab_size, 0);
  EXPECT_DOUBLE_EQ(c.layer_norm_eps, 1e-7);

  auto with = [&](const char* key, json value) {
    json changed = deberta;
    changed[key] = std::move(value);
    return error_of([&] { EncoderConfig::from_hf_config(changed, "rm/config.json"); });
  };
  EXPECT_NE(with("share_att_key", false).find("unsupported"), std::string::npos);
  EXPECT_NE(with("hidden_act", "gelu_new").find("rm/config.json: unsupported hidden_act"), std::string::npos);
  EXPECT_NE(with("pos_att_type", json::array({"c2p", "p2p"})).find("unsupported pos_att_type 'p2p'"),
            std::string::npos);
  EXPECT_NE(with("model_type", "bart").find("rm/config.json: unsupported model_type 'bart'"), std::string::npos);
  EXPECT_NE(with("conv_kernel_size", 3).find("unsupported"), std::string::npos);
  EXPECT_NE(with("num_attention_heads", 7).find("multiple"), std::string::npos);
  json missing = deberta;
  missing.erase("hidden_size");
  EXPECT_NE(error_of([&] { EncoderConfig::from_hf_config(missing, "rm/config.json"); }).find("hidden_size"),
            std::string::npos);
}

TEST(EncoderConfig, BuiltinXlmRobertaConfigs) {
  // Their HF config.json: 24 layers, 1024 hidden, 16 heads, 4096 FFN, 514 positions, eps 1e-5, pad 1.
  for (const char* name : {"xlm-roberta-large", "microsoft/infoxlm-large"}) {
    const auto c = EncoderConfig::builtin(name);
    ASSERT_TRUE(c.has_value()) << name;
    EXPECT_EQ(c->architecture, Architecture::xlm_roberta);
    EXPECT_EQ(c->vocab_size, 250002);
    EXPECT_EQ(c->hidden_size, 1024);
    EXPECT_EQ(c->num_layers, 24);
    EXPECT_EQ(c->num_heads, 16);
    EXPECT_EQ(c->intermediate_size, 4096);
    EXPECT_EQ(c->max_position_embeddings, 514);
    EXPECT_EQ(c->type_vocab_size, 1);
    EXPECT_EQ(c->pad_token_id, 1);
    EXPECT_DOUBLE_EQ(c->layer_norm_eps, 1e-5);
  }
  // HF xlm-roberta-base config.json: 12 layers, 768 hidden, 12 heads, 3072 FFN.
  const auto base = EncoderConfig::builtin("xlm-roberta-base");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->hidden_size, 768);
  EXPECT_EQ(base->num_layers, 12);
  EXPECT_FALSE(EncoderConfig::builtin("bert-base-uncased").has_value());
}

}  // namespace
}  // namespace trenchcoat::neural
