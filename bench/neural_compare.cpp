// Benchmark of the native encoder runtime against PyTorch on an XLM-R-large-shaped model.
//
// It writes a randomly initialised COMET-da-shaped model (hparams.yaml, config.json,
// checkpoints/model.safetensors; PyTorch's default initialisation of nn.Linear / nn.Embedding /
// nn.LayerNorm) into a scratch directory, and token sequences with lengths like WMT segments (src, mt
// and ref of each segment), sorted by length and cut into batches as COMET does. Then, on the same
// batches and the same number of threads, in one run:
//   * trenchcoat fp32 and int8 (each in a child process of this program: best-of-R wall time of the
//     encoder over all batches, peak resident memory of the child);
//   * PyTorch fp32, when TRENCHCOAT_BENCH_TORCH names the reference command
//     (`/usr/bin/python3 bench/torch_encoder_throughput.py`; it receives --batches FILE --threads N
//     --torch-threads T --repeat R and prints one JSON line with "seconds"), with T = N and T = 1, the
//     faster being the baseline of the ratios; skipped, visibly, when unset;
//   * the COMET head's scores on real text (the shipped examples, tokenised with the tokenizer given by
//     --tokenizer) in fp32 and int8: the mean and max |difference|, next to the spread of the scores.
// Figures: tokens/s (real tokens, no padding), the ratios to PyTorch, peak RSS / weights file size.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "seeded_random.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/neural/comet_model.hpp"
#include "trenchcoat/neural/encoder.hpp"
#include "trenchcoat/neural/weight_store.hpp"

namespace {

using namespace trenchcoat::bench;
namespace neural = trenchcoat::neural;
namespace fs = std::filesystem;

constexpr const char* kReferenceEnvironmentVariable = "TRENCHCOAT_BENCH_TORCH";

struct Shape {
  int layers = 24, hidden = 1024, heads = 16, intermediate = 4096, vocab = 250002, positions = 514;
  std::vector<int> estimator = {3072, 1024};
};

// A safetensors file written tensor by tensor (the header first, then the data in the same order).
class SafetensorsWriter {
 public:
  void add(std::string name, std::vector<std::int64_t> shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    tensors_.push_back({std::move(name), std::move(shape), offset_, offset_ + 4 * n});
    offset_ += 4 * n;
  }
  template <class Fill>
  void write(const std::string& path, Fill fill) const {
    nlohmann::json header = nlohmann::json::object();
    for (const auto& t : tensors_)
      header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {t.begin, t.end}}};
    std::string text = header.dump();
    while ((8 + text.size()) % 64) text.push_back(' ');  // keeps the data 64-byte aligned
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t size = text.size();
    out.write(reinterpret_cast<const char*>(&size), 8);
    out << text;
    std::vector<float> buffer;
    for (const auto& t : tensors_) {
      buffer.resize(static_cast<std::size_t>((t.end - t.begin) / 4));
      fill(t.name, t.shape, buffer);
      out.write(reinterpret_cast<const char*>(buffer.data()), static_cast<std::streamsize>(buffer.size() * 4));
    }
    if (!out) throw BenchError("cannot write " + path);
  }

 private:
  struct Entry {
    std::string name;
    std::vector<std::int64_t> shape;
    std::int64_t begin, end;
  };
  std::vector<Entry> tensors_;
  std::int64_t offset_ = 0;
};

// hparams.yaml + config.json + checkpoints/model.safetensors of a COMET-da-shaped model.
std::uintmax_t write_model(const std::string& dir, const Shape& shape, const std::string& tokenizer) {
  fs::create_directories(dir + "/checkpoints");
  std::ofstream(dir + "/hparams.yaml")
      << "class_identifier: regression_metric\nencoder_model: XLM-RoBERTa\n"
         "pretrained_model: random-xlm-roberta\nlayer: mix\nlayer_transformation: sparsemax\n"
         "layer_norm: false\npool: avg\nactivations: Tanh\nfinal_activation: null\n"
      << fmt::format("hidden_sizes: [{}, {}]\n", shape.estimator[0], shape.estimator[1]);
  nlohmann::json config = {{"model_type", "xlm-roberta"},
                           {"architectures", {"XLMRobertaModel"}},
                           {"vocab_size", shape.vocab},
                           {"hidden_size", shape.hidden},
                           {"num_hidden_layers", shape.layers},
                           {"num_attention_heads", shape.heads},
                           {"intermediate_size", shape.intermediate},
                           {"max_position_embeddings", shape.positions},
                           {"type_vocab_size", 1},
                           {"pad_token_id", 1},
                           {"layer_norm_eps", 1e-5},
                           {"hidden_act", "gelu"}};
  std::ofstream(dir + "/config.json") << config.dump(2);
  if (!tokenizer.empty())
    fs::copy_file(tokenizer, dir + "/sentencepiece.bpe.model", fs::copy_options::overwrite_existing);

  SafetensorsWriter writer;
  const std::string e = "encoder.model.";
  const std::int64_t h = shape.hidden, f = shape.intermediate;
  writer.add(e + "embeddings.word_embeddings.weight", {shape.vocab, h});
  writer.add(e + "embeddings.position_embeddings.weight", {shape.positions, h});
  writer.add(e + "embeddings.token_type_embeddings.weight", {1, h});
  writer.add(e + "embeddings.LayerNorm.weight", {h});
  writer.add(e + "embeddings.LayerNorm.bias", {h});
  for (int l = 0; l < shape.layers; ++l) {
    const std::string p = e + "encoder.layer." + std::to_string(l) + ".";
    for (const char* m :
         {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"})
      writer.add(p + m + ".weight", {h, h}), writer.add(p + m + ".bias", {h});
    writer.add(p + "attention.output.LayerNorm.weight", {h}), writer.add(p + "attention.output.LayerNorm.bias", {h});
    writer.add(p + "intermediate.dense.weight", {f, h}), writer.add(p + "intermediate.dense.bias", {f});
    writer.add(p + "output.dense.weight", {h, f}), writer.add(p + "output.dense.bias", {h});
    writer.add(p + "output.LayerNorm.weight", {h}), writer.add(p + "output.LayerNorm.bias", {h});
  }
  for (int k = 0; k <= shape.layers; ++k) writer.add("layerwise_attention.scalar_parameters." + std::to_string(k), {1});
  writer.add("layerwise_attention.gamma", {1});
  std::int64_t in = 6 * h;
  int index = 0;
  for (std::int64_t out : {std::int64_t(shape.estimator[0]), std::int64_t(shape.estimator[1]), std::int64_t(1)}) {
    writer.add("estimator.ff." + std::to_string(index) + ".weight", {out, in});
    writer.add("estimator.ff." + std::to_string(index) + ".bias", {out});
    in = out, index += 3;
  }
  SeededRandom random(20261128);
  std::int64_t last_fan_in = 1;
  const std::string path = dir + "/checkpoints/model.safetensors";
  writer.write(path, [&](const std::string& name, const std::vector<std::int64_t>& dims, std::vector<float>& values) {
    // PyTorch's defaults: nn.Embedding N(0, 1) (here uniform with variance 1), nn.LayerNorm 1 and
    // 0, nn.Linear U(-1/sqrt(in), 1/sqrt(in)) for weights and biases; COMET's mix scalars 0, gamma 1.
    if (name.find("LayerNorm.weight") != std::string::npos || name.ends_with("gamma"))
      return std::fill(values.begin(), values.end(), 1.0f);
    if (name.find("LayerNorm.bias") != std::string::npos || name.find("scalar_parameters") != std::string::npos)
      return std::fill(values.begin(), values.end(), 0.0f);
    if (name.find("embeddings.") != std::string::npos && name.ends_with("_embeddings.weight")) {
      for (float& v : values) v = random.symmetric(std::sqrt(3.0f));
      return;
    }
    // nn.Linear's bias bound uses the layer's fan-in too: the weight comes just before its bias.
    if (name.ends_with(".weight")) last_fan_in = dims.back();
    const float bound = 1.0f / std::sqrt(static_cast<float>(last_fan_in));
    for (float& v : values) v = random.symmetric(bound);
  });
  return fs::file_size(path);
}

// Token sequences with WMT-like lengths: src, mt and ref of each segment (lengths around a segment
// length drawn from a log-normal with median ~30 tokens), as COMET sorts and batches them.
std::vector<std::vector<std::vector<std::int32_t>>> make_batches(int segments, int batch_size, int vocab,
                                                                 std::uint64_t seed) {
  SeededRandom random(seed);
  std::vector<std::vector<std::int32_t>> sequences;
  for (int s = 0; s < segments; ++s) {
    const double z = random.normal();
    const int base = std::clamp(static_cast<int>(std::exp(std::log(30.0) + 0.5 * z)), 4, 200);
    for (int field = 0; field < 3; ++field) {
      const int length = std::clamp(base + static_cast<int>(random.uniform() * 9) - 4, 3, 510);
      std::vector<std::int32_t> ids = {0};
      for (int i = 0; i < length - 2; ++i)
        ids.push_back(4 + static_cast<std::int32_t>(random.next() % static_cast<std::uint64_t>(vocab - 5)));
      ids.push_back(2);
      sequences.push_back(std::move(ids));
    }
  }
  std::stable_sort(sequences.begin(), sequences.end(),
                   [](const auto& a, const auto& b) { return a.size() < b.size(); });
  std::vector<std::vector<std::vector<std::int32_t>>> batches;
  for (std::size_t i = 0; i < sequences.size(); i += batch_size)
    batches.emplace_back(sequences.begin() + i, sequences.begin() + std::min(sequences.size(), i + batch_size));
  return batches;
}

// Child mode: load the encoder, run every batch `repeat` times, print the best time as JSON.
int run_child(const std::string& model_dir, const std::string& batches_file, int threads, const std::string& dtype,
              int repeat) {
  const nlohmann::json input = nlohmann::json::parse(std::ifstream(batches_file));
  auto store = neural::WeightStore::open(model_dir + "/checkpoints/model.safetensors");
  const auto config = neural::EncoderConfig::from_hf_config(
      nlohmann::json::parse(std::ifstream(model_dir + "/config.json")), model_dir + "/config.json");
  neural::RuntimeOptions options;
  options.threads = threads;
  options.precision = dtype == "int8" ? neural::Precision::int8 : neural::Precision::f32;
  const auto load_start = std::chrono::steady_clock::now();
  auto encoder = neural::Encoder::load(store, "encoder.model.", config, options);
  const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  std::vector<neural::PackedBatch> batches;
  long tokens = 0;
  for (const auto& b : input.at("batches")) {
    neural::PackedBatch batch;
    for (const auto& seq : b) batch.ids.push_back(seq.get<std::vector<std::int32_t>>());
    batch.pack();
    tokens += batch.total_tokens;
    batches.push_back(std::move(batch));
  }
  double best = 1e300, checksum = 0.0;
  const int last = config.num_layers;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& batch : batches)
      encoder->forward(batch, [&](int k, std::span<const float> states) {
        if (k == last) checksum += states[0];
      });
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  fmt::print(
      "{}\n",
      nlohmann::json{{"seconds", best}, {"tokens", tokens}, {"load_seconds", load_seconds}, {"checksum", checksum}}
          .dump());
  return 0;
}

// Segments of real text for the score comparison: the shipped example translations.
std::vector<neural::CometInput> example_inputs(const std::string& examples_dir) {
  auto lines = [&](const std::string& name) {
    std::vector<std::string> out;
    std::ifstream in(examples_dir + "/" + name);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    if (out.empty()) throw BenchError("no text in " + examples_dir + "/" + name);
    return out;
  };
  const auto src = lines("source.en"), ref = lines("ref.A.de");
  std::vector<neural::CometInput> inputs;
  for (const char* system : {"system-1.de", "system-2.de", "ref.B.de"}) {
    const auto mt = lines(system);
    for (std::size_t i = 0; i < std::min({src.size(), ref.size(), mt.size()}); ++i)
      inputs.push_back({src[i], mt[i], ref[i]});
  }
  return inputs;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_neural_compare: the native encoder (fp32, int8) against PyTorch on an XLM-R-shaped random model"};
  Shape shape;
  int segments = 160, batch_size = 16, threads = 2, repeat = 2;
  std::string work_dir, tokenizer = TRENCHCOAT_BENCH_DEFAULT_TOKENIZER, examples = TRENCHCOAT_BENCH_EXAMPLES_DIR;
  std::string child_model, child_batches, child_dtype;
  bool skip_scores = false;
  app.add_option("--layers", shape.layers)->capture_default_str();
  app.add_option("--hidden", shape.hidden)->capture_default_str();
  app.add_option("--heads", shape.heads)->capture_default_str();
  app.add_option("--intermediate", shape.intermediate)->capture_default_str();
  app.add_option("--vocab", shape.vocab)->capture_default_str();
  app.add_option("--estimator", shape.estimator, "the COMET estimator's two hidden sizes")
      ->expected(2)
      ->capture_default_str();
  app.add_option("--segments", segments, "segments (3 sequences each: src, mt, ref)")->capture_default_str();
  app.add_option("--batch-size", batch_size)->capture_default_str();
  app.add_option("--threads", threads, "threads for both engines")->capture_default_str();
  app.add_option("--repeat", repeat, "runs per engine; the fastest counts")->capture_default_str();
  app.add_option("--work-dir", work_dir, "write the model and batches here (kept)");
  app.add_option("--tokenizer", tokenizer, "SentencePiece model for the score comparison on text")
      ->capture_default_str();
  app.add_option("--examples", examples, "folder with source.en, ref.A.de, system-*.de")->capture_default_str();
  app.add_flag("--skip-scores", skip_scores, "skip the fp32/int8 score comparison");
  app.add_option("--child-model", child_model)->group("");
  app.add_option("--child-batches", child_batches)->group("");
  app.add_option("--child-dtype", child_dtype)->group("");
  CLI11_PARSE(app, argc, argv);
  try {
    if (!child_model.empty()) return run_child(child_model, child_batches, threads, child_dtype, repeat);

    const bool keep = !work_dir.empty();
    if (!keep) work_dir = make_temporary_directory();
    fs::create_directories(work_dir);
    const std::string model_dir = work_dir + "/model";
    fmt::print(
        "model: {} layers, hidden {}, {} heads, FFN {}, vocab {}; {} segments x 3 sequences, batches of {}, {} "
        "threads\n",
        shape.layers, shape.hidden, shape.heads, shape.intermediate, shape.vocab, segments, batch_size, threads);
    std::error_code ec;
    const bool have_tokenizer = fs::is_regular_file(tokenizer, ec);
    const auto write_start = std::chrono::steady_clock::now();
    const std::uintmax_t weight_bytes = write_model(model_dir, shape, have_tokenizer ? tokenizer : "");
    fmt::print("wrote {:.1f} MB of random weights in {:.1f} s ({})\n", weight_bytes / 1e6,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count(), model_dir);

    const auto batches = make_batches(segments, batch_size, shape.vocab, 7);
    long real_tokens = 0, padded_tokens = 0;
    for (const auto& b : batches) {
      std::size_t longest = 0;
      for (const auto& s : b) real_tokens += static_cast<long>(s.size()), longest = std::max(longest, s.size());
      padded_tokens += static_cast<long>(longest * b.size());
    }
    const std::string batches_file = work_dir + "/batches.json";
    std::ofstream(batches_file) << nlohmann::json{{"hidden", shape.hidden}, {"layers", shape.layers},
                                                  {"heads", shape.heads},   {"intermediate", shape.intermediate},
                                                  {"vocab", shape.vocab},   {"batches", batches}}
                                       .dump();
    fmt::print("{} batches, {} real tokens ({} with padding)\n\n", batches.size(), real_tokens, padded_tokens);

    const Launcher self = binary_launcher("trenchcoat", fs::canonical("/proc/self/exe").string(), {});
    fmt::print("{:<26} {:>10} {:>12} {:>10} {:>12} {:>14}\n", "engine", "seconds", "tokens/s", "vs torch",
               "peak RSS MB", "RSS / weights");
    struct Row {
      std::string name;
      double seconds, rss;
    };
    std::vector<Row> rows;
    for (const char* dtype : {"f32", "int8"}) {
      const RunResult r = run_once(self,
                                   {"--child-model", model_dir, "--child-batches", batches_file, "--child-dtype", dtype,
                                    "--threads", std::to_string(threads), "--repeat", std::to_string(repeat)},
                                   -1, work_dir, std::string("child-") + dtype);
      const auto j = nlohmann::json::parse(r.output);
      rows.push_back({std::string("trenchcoat ") + dtype, j.at("seconds").get<double>(), r.peak_rss_mb});
    }
    // PyTorch in its two thread layouts (intra-op threads = N, and 1 with N BLAS threads: on small
    // VMs the idle OpenMP threads can slow the GEMMs); the faster one is the baseline.
    double torch_seconds = 0.0;
    if (const auto reference = launcher_from_environment(kReferenceEnvironmentVariable)) {
      std::vector<int> layouts = {threads};
      if (threads != 1) layouts.push_back(1);
      std::vector<Row> torch_rows;
      for (int torch_threads : layouts) {
        const RunResult r =
            run_once(*reference,
                     {"--batches", batches_file, "--threads", std::to_string(threads), "--torch-threads",
                      std::to_string(torch_threads), "--repeat", std::to_string(repeat)},
                     -1, work_dir, "torch-" + std::to_string(torch_threads));
        const auto j = nlohmann::json::parse(r.output.substr(r.output.rfind('{')));
        const double seconds = j.at("seconds").get<double>();
        torch_rows.push_back({fmt::format("pytorch f32 (intra {})", torch_threads), seconds, r.peak_rss_mb});
        torch_seconds = torch_seconds == 0.0 ? seconds : std::min(torch_seconds, seconds);
      }
      rows.insert(rows.begin(), torch_rows.begin(), torch_rows.end());
    } else {
      fmt::print("(PyTorch skipped: {} is not set)\n", kReferenceEnvironmentVariable);
    }
    for (const Row& row : rows)
      fmt::print("{:<26} {:>10.3f} {:>12.1f} {:>10} {:>12.0f} {:>14.2f}\n", row.name, row.seconds,
                 real_tokens / row.seconds,
                 torch_seconds > 0 ? fmt::format("{:.2f}x", torch_seconds / row.seconds) : std::string("-"), row.rss,
                 row.rss * 1e6 / static_cast<double>(weight_bytes));

    if (!skip_scores) {
      if (!have_tokenizer)
        throw BenchError("no tokenizer at " + tokenizer + " (pass --tokenizer FILE or --skip-scores)");
      const auto inputs = example_inputs(examples);
      std::vector<std::vector<double>> scores;
      for (auto precision : {neural::Precision::f32, neural::Precision::int8}) {
        neural::ModelOptions options;
        options.batch_size = batch_size;
        options.runtime.threads = threads;
        options.runtime.precision = precision;
        scores.push_back(neural::CometModel::load(model_dir, options)->score(inputs));
      }
      double mean_diff = 0.0, max_diff = 0.0, mean = 0.0, var = 0.0;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        const double d = std::fabs(scores[0][i] - scores[1][i]);
        mean_diff += d / inputs.size(), max_diff = std::max(max_diff, d), mean += scores[0][i] / inputs.size();
      }
      for (double s : scores[0]) var += (s - mean) * (s - mean) / inputs.size();
      fmt::print(
          "\nCOMET head on {} example segments: fp32 scores mean {:.4f}, std {:.4f}; int8 vs fp32 |diff| mean {:.5f}, "
          "max {:.5f}\n",
          inputs.size(), mean, std::sqrt(var), mean_diff, max_diff);
    }
    if (!keep) fs::remove_all(work_dir, ec);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_neural_compare: {}\n", e.what());
    return 1;
  }
  return 0;
}
