// WeightStore: torch.save zip checkpoints (pytorch_model.bin with pickle
// protocols 2/4/5, a Lightning .ckpt, a zip64 archive) and safetensors, against the files and the
// expected.json that tests/neural/make_checkpoint_fixtures.py writes with Debian's torch into
// $TRENCHCOAT_TINY_MODELS/weight_store (the CTest fixture neural_make_tiny_models). Without that
// variable the file-based tests are skipped, visibly. Then the error cases, on damaged copies, and the
// restricted unpickler on hand-written pickles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "neural/pickle_reader.hpp"
#include "test_support.hpp"
#include "trenchcoat/neural/weight_store.hpp"

namespace fs = std::filesystem;
using trenchcoat::testing::error_of;
using trenchcoat::testing::TempDirectoryTest;
using namespace trenchcoat::neural;
using namespace std::string_literals;

namespace {

std::string fixtures_dir() {
  const char* env = std::getenv("TRENCHCOAT_TINY_MODELS");
  return env && *env ? std::string(env) + "/weight_store" : "";
}

#define REQUIRE_FIXTURES()                                                              \
  do {                                                                                  \
    if (fixtures_dir().empty() || !fs::exists(fixtures_dir() + "/expected.json"))       \
      GTEST_SKIP() << "checkpoint fixtures not found: set TRENCHCOAT_TINY_MODELS (run " \
                      "tests/neural/make_checkpoint_fixtures.py OUTDIR)";               \
  } while (0)

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

nlohmann::json expected_json() { return nlohmann::json::parse(slurp(fixtures_dir() + "/expected.json")); }

// An expected value of expected.json: a number, or "inf" / "-inf" / "nan" for non-finite floats.
double expected_value(const nlohmann::json& v) {
  if (v.is_string()) {
    const std::string s = v;
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  return v.get<double>();
}

template <typename T>
T element(std::span<const std::byte> bytes, std::size_t i) {
  T v;
  std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
  return v;
}

// Checks every tensor of `file` against expected.json (dtype, shape, and each value exactly).
void check_file(const std::string& file) {
  const nlohmann::json expected = expected_json()[file];
  const auto store = WeightStore::open(fixtures_dir() + "/" + file);
  std::vector<std::string> names, expected_names;
  for (const auto& t : store->tensors()) names.push_back(t.name);
  for (const auto& [name, _] : expected["tensors"].items()) expected_names.push_back(name);
  std::sort(expected_names.begin(), expected_names.end());
  EXPECT_EQ(names, expected_names) << file;  // tensors() is sorted by name

  for (const auto& [name, e] : expected["tensors"].items()) {
    SCOPED_TRACE(file + " tensor " + name);
    ASSERT_TRUE(store->contains(name));
    const TensorInfo& info = store->info(name);
    EXPECT_EQ(dtype_name(info.dtype), e["dtype"].get<std::string>());
    EXPECT_EQ(info.shape, e["shape"].get<std::vector<std::int64_t>>());
    const auto& values = e["values"];
    ASSERT_EQ(info.numel(), static_cast<std::int64_t>(values.size()));
    const auto bytes = store->bytes(name);
    ASSERT_EQ(bytes.size(), values.size() * dtype_size(info.dtype));
    const bool floating =
        info.dtype == DType::f32 || info.dtype == DType::f16 || info.dtype == DType::bf16 || info.dtype == DType::f64;
    if (floating) {
      const auto f = store->floats(name, info.shape);
      ASSERT_EQ(f.size(), values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        // f16/bf16/f32 values are exact in float; f64 ones are compared after rounding to float.
        const double want = expected_value(values[i]);
        if (std::isnan(want)) {
          EXPECT_TRUE(std::isnan(f[i])) << i;
        } else {
          EXPECT_EQ(f[i], static_cast<float>(want)) << i;
        }
        if (info.dtype == DType::f64) {
          EXPECT_EQ(element<double>(bytes, i), want) << i;
        }
      }
      continue;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::int64_t got = 0;
      switch (info.dtype) {
        case DType::i64:
          got = element<std::int64_t>(bytes, i);
          break;
        case DType::i32:
          got = element<std::int32_t>(bytes, i);
          break;
        case DType::i16:
          got = element<std::int16_t>(bytes, i);
          break;
        case DType::i8:
          got = element<std::int8_t>(bytes, i);
          break;
        case DType::u8:
        case DType::boolean:
          got = element<std::uint8_t>(bytes, i);
          break;
        default:
          FAIL();
      }
      const std::int64_t want = values[i].is_boolean() ? values[i].get<bool>() : values[i].get<std::int64_t>();
      EXPECT_EQ(got, want) << i;
    }
  }
}

// Source of the expected values and entries below: expected.json, written by
// tests/neural/make_checkpoint_fixtures.py from the tensors torch itself holds.
TEST(WeightStore, PytorchModelBinDefaultProtocol) {
  REQUIRE_FIXTURES();
  check_file("pytorch_model.bin");
}
TEST(WeightStore, PickleProtocol2) {
  REQUIRE_FIXTURES();
  check_file("model_p2.bin");
}
TEST(WeightStore, PickleProtocol4) {
  REQUIRE_FIXTURES();
  check_file("model_p4.bin");
}
TEST(WeightStore, PickleProtocol5) {
  REQUIRE_FIXTURES();
  check_file("model_p5.bin");
}
TEST(WeightStore, LightningCheckpoint) {
  REQUIRE_FIXTURES();
  check_file("lightning.ckpt");
}
TEST(WeightStore, Zip64Archive) {
  REQUIRE_FIXTURES();
  check_file("zip64.bin");
}
TEST(WeightStore, Safetensors) {
  REQUIRE_FIXTURES();
  check_file("model.safetensors");
}

TEST(WeightStore, LightningEntriesAsJson) {
  REQUIRE_FIXTURES();
  const auto store = WeightStore::open(fixtures_dir() + "/lightning.ckpt");
  const nlohmann::json expected = expected_json()["lightning.ckpt"]["entries"];
  for (const auto& [key, want] : expected.items()) {
    const auto got = store->entry(key);
    ASSERT_TRUE(got.has_value()) << key;
    EXPECT_EQ(*got, want) << key << ": " << got->dump();
  }
  EXPECT_FALSE(store->entry("no_such_entry").has_value());
  // The unknown global __main__.CustomThing stays an inert placeholder (expected.json "custom").
  EXPECT_EQ((*store->entry("custom"))["__class__"], "__main__.CustomThing");
}

TEST(WeightStore, SafetensorsMetadata) {
  REQUIRE_FIXTURES();
  const auto store = WeightStore::open(fixtures_dir() + "/model.safetensors");
  EXPECT_EQ(*store->entry("__metadata__"), expected_json()["model.safetensors"]["entries"]["__metadata__"]);
  EXPECT_FALSE(store->entry("hyper_parameters").has_value());
}

TEST(WeightStore, FloatsAreStableAndSharedAcrossThreads) {
  REQUIRE_FIXTURES();
  const auto store = WeightStore::open(fixtures_dir() + "/pytorch_model.bin");
  // float32: a view in place, the same each time; float16: converted once, then the cached copy.
  EXPECT_EQ(store->floats("f32", {3, 4}).data(), store->floats("f32", {-1, -1}).data());
  std::vector<const float*> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] {
      seen[i] = i % 2 ? store->floats("f16", {2, 3}).data() : store->floats("bf16", {5}).data();
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 2; i < seen.size(); ++i) EXPECT_EQ(seen[i], seen[i % 2]) << i;
  EXPECT_NE(seen[0], seen[1]);
}

// ---- errors, on damaged copies ----

class WeightStoreErrors : public TempDirectoryTest {
 protected:
  std::string original(const std::string& file) { return slurp(fixtures_dir() + "/" + file); }
  // The message of opening `path`; also checks it is one line starting with the path.
  std::string open_error(const std::string& path) {
    const std::string message = error_of([&] { WeightStore::open(path); });
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
};

TEST_F(WeightStoreErrors, TruncatedTorchFile) {
  REQUIRE_FIXTURES();
  const std::string bin = original("pytorch_model.bin");
  for (const std::size_t cut : {std::size_t{1}, std::size_t{3}, std::size_t{4}, std::size_t{100}, bin.size() / 2,
                                bin.size() - 23, bin.size() - 1}) {
    SCOPED_TRACE(cut);
    const std::string path = write("cut.bin", bin.substr(0, cut));
    EXPECT_NE(open_error(path), "");
  }
}

TEST_F(WeightStoreErrors, TruncatedSafetensors) {
  REQUIRE_FIXTURES();
  const std::string st = original("model.safetensors");
  for (const std::size_t cut : {std::size_t{4}, std::size_t{9}, std::size_t{200}, st.size() - 1}) {
    SCOPED_TRACE(cut);
    EXPECT_NE(open_error(write("cut.safetensors", st.substr(0, cut))), "");
  }
  // The last tensor's data is cut short (source: the format's data_offsets rule).
  EXPECT_NE(open_error(write("cut.safetensors", st.substr(0, st.size() - 1))).find("past the end of the data"),
            std::string::npos);
}

TEST_F(WeightStoreErrors, CorruptCentralDirectory) {
  REQUIRE_FIXTURES();
  std::string bin = original("pytorch_model.bin");
  // The end record (last 22 bytes, no comment) holds the central directory offset at +16.
  const std::size_t end = bin.size() - 22;
  std::uint32_t directory = 0;
  std::memcpy(&directory, bin.data() + end + 16, 4);
  bin[directory] = 'X';  // damage the first central header's signature
  EXPECT_NE(open_error(write("cd.bin", bin)).find("central directory entry 0 is missing or damaged"),
            std::string::npos);
  // torch.save always writes zip64 records: the zip64 locator (20 bytes before the end record) gives
  // the zip64 end record, whose central directory offset (+48) must agree with the classic one.
  std::string offset_bad = original("pytorch_model.bin");
  const std::uint32_t past = static_cast<std::uint32_t>(offset_bad.size());
  std::memcpy(offset_bad.data() + end + 16, &past, 4);
  EXPECT_NE(open_error(write("cd2.bin", offset_bad)).find("the end record and the zip64 end record disagree"),
            std::string::npos);
  std::uint64_t zip64_record = 0;
  std::memcpy(&zip64_record, offset_bad.data() + end - 20 + 8, 8);
  const std::uint64_t past64 = past;
  std::memcpy(offset_bad.data() + zip64_record + 48, &past64, 8);
  EXPECT_NE(open_error(write("cd3.bin", offset_bad)).find("lies outside the file"), std::string::npos);
}

TEST_F(WeightStoreErrors, BadPickleOpcode) {
  REQUIRE_FIXTURES();
  // data.pkl starts PROTO 2 (bytes 0-1), then GLOBAL 'collections OrderedDict' at byte 2.
  const std::string global = "ccollections\nOrderedDict\n";
  std::string bin = original("pytorch_model.bin");
  const auto at = bin.find(global);
  ASSERT_NE(at, std::string::npos);
  bin[at] = 'i';  // INST: a protocol-0 opcode that torch.save never writes
  EXPECT_EQ(open_error(write("op.bin", bin)),
            (dir_ / "op.bin").string() +
                ": pytorch_model/data.pkl: byte 2: pickle opcode INST (0x69) is not supported (only protocols 2-5 as "
                "torch.save writes them)");
  bin[at] = '\xff';
  EXPECT_NE(open_error(write("op2.bin", bin)).find("byte 2: unknown pickle opcode 0xff"), std::string::npos);
}

TEST_F(WeightStoreErrors, StorageOffsetPastTheEnd) {
  REQUIRE_FIXTURES();
  // shared_b = base[4:10].view(2, 3): its _rebuild_tensor_v2 call follows its key and stores the
  // offset as BININT1 4 ("K\x04"); the storage holds 10 elements (make_checkpoint_fixtures.py).
  std::string bin = original("pytorch_model.bin");
  const auto key = bin.find("shared_b");
  ASSERT_NE(key, std::string::npos);
  const auto offset = bin.find(std::string("K\x04", 2), key);
  ASSERT_NE(offset, std::string::npos);
  bin[offset + 1] = '\x09';  // offset 9: elements 9 .. 9 + 5 of a 10-element storage
  EXPECT_EQ(
      open_error(write("offset.bin", bin)),
      (dir_ / "offset.bin").string() +
          ": tensor 'shared_b': storage offset 9 with shape [2, 3] and strides [3, 1] reaches element 14, past the "
          "storage of 10 elements");
}

TEST_F(WeightStoreErrors, WrongShapeMissingTensorWrongDtype) {
  REQUIRE_FIXTURES();
  const std::string path = fixtures_dir() + "/pytorch_model.bin";
  const auto store = WeightStore::open(path);
  EXPECT_EQ(error_of([&] {
              store->floats("f32", {3, 5});
            }),
            path + ": tensor 'f32': expected shape [3, 5], found [3, 4]");
  EXPECT_EQ(error_of([&] { store->floats("f32", {12}); }), path + ": tensor 'f32': expected shape [12], found [3, 4]");
  EXPECT_EQ(error_of([&] { store->floats("nope", {1}); }), path + ": no tensor 'nope'");
  EXPECT_EQ(error_of([&] { store->info("nope"); }), path + ": no tensor 'nope'");
  EXPECT_EQ(error_of([&] {
              store->floats("i64", {2, 3});
            }),
            path + ": tensor 'i64': expected a floating-point tensor, found dtype int64");
  EXPECT_EQ(store->floats("scalar", {}).size(), 1u);
  EXPECT_EQ(store->floats("scalar", {})[0], 3.5f);  // torch.tensor(3.5) in the fixture script
}

TEST_F(WeightStoreErrors, CompressedLegacyEmptyMissingUnknown) {
  REQUIRE_FIXTURES();
  const std::string compressed = fixtures_dir() + "/compressed.bin";
  EXPECT_NE(open_error(compressed).find("zip entry 'pytorch_model/data.pkl': compressed entry (method 8)"),
            std::string::npos);
  EXPECT_NE(open_error(fixtures_dir() + "/legacy.bin").find("legacy torch.save format"), std::string::npos);
  EXPECT_EQ(open_error(write("empty.bin", "")), (dir_ / "empty.bin").string() + ": empty file, not a checkpoint");
  EXPECT_NE(open_error((dir_ / "absent.bin").string()).find("cannot open"), std::string::npos);
  EXPECT_NE(open_error(write("text.bin", "hello world")).find("unrecognised checkpoint format"), std::string::npos);
  EXPECT_NE(open_error(dir_.string()).find("not a regular file"), std::string::npos);
}

// ---- safetensors headers written here ----

std::string safetensors(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  const std::uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  return out + header + data;
}

TEST_F(WeightStoreErrors, SafetensorsHeaderChecks) {
  auto msg = [&](const std::string& header, const std::string& data = std::string(8, '\0')) {
    const std::string path = write("h.safetensors", safetensors(header, data));
    return open_error(path);
  };
  EXPECT_NE(
      msg(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})")
          .find("tensors 'a' and 'b' overlap"),
      std::string::npos);
  EXPECT_NE(msg(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})")
                .find("tensor 'a': data_offsets [0, 8] do not hold 3"),
            std::string::npos);
  EXPECT_NE(
      msg(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})").find("tensor 'a': data_offsets end 16 is past"),
      std::string::npos);
  EXPECT_NE(msg(R"({"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}})").find("unsupported dtype F8_E4M3"),
            std::string::npos);
  EXPECT_NE(msg(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})").find("non-negative"), std::string::npos);
  EXPECT_NE(msg(R"({"a": [)").find("header is not valid JSON"), std::string::npos);
  EXPECT_NE(msg(R"({"__metadata__":{"k":1}})").find("__metadata__ value 'k' is not a string"), std::string::npos);
  EXPECT_NE(msg(R"({"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})").find("overflows"),
            std::string::npos);
  // A header length past the end of the file.
  std::string big = safetensors("{}", "");
  big[0] = '\x7f';
  EXPECT_NE(open_error(write("len.safetensors", big)).find("header length 127 runs past the end"), std::string::npos);
}

// ---- the restricted unpickler on hand-written pickles ----

pickle::Document parse(const std::string& bytes) {
  return pickle::Document::parse(std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()), "t.pkl",
                                 "data.pkl");
}

TEST(PickleReader, UnknownGlobalsAreInert) {
  // os.system("echo pwned") as pickle protocol 2 would call it: GLOBAL, MARK, BINUNICODE, TUPLE, REDUCE.
  const auto doc = parse(
      "\x80\x02"
      "cos\nsystem\n"
      "(X\x0a\x00\x00\x00"
      "echo pwned"
      "tR."s);
  EXPECT_EQ(doc.to_json(doc.root()), nlohmann::json::parse(R"({"__class__": "os.system", "args": ["echo pwned"]})"));
}

TEST(PickleReader, CyclesDepthAndSizeAreBounded) {
  // A list appended to itself: EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP.
  const auto cyclic = parse(
      "\x80\x02]q\x00h\x00"
      "a."s);
  EXPECT_NE(error_of([&] { cyclic.to_json(cyclic.root()); }).find("cycle"), std::string::npos);
  // 300 nested lists: EMPTY_LIST x 300 then APPEND x 299.
  const auto deep = parse(std::string(300, ']') + std::string(299, 'a') + ".");
  EXPECT_NE(error_of([&] { deep.to_json(deep.root()); }).find("deeper than 256"), std::string::npos);
  // A list of two references to the previous list, 40 times: 2^40 values when expanded.
  std::string dag = "]q\x00"s;
  for (int i = 0; i < 40; ++i)
    dag +=
        "(h\x00h\x00"
        "lq\x00"s;
  dag += ".";
  const auto wide = parse(dag);
  EXPECT_NE(error_of([&] { wide.to_json(wide.root()); }).find("too large"), std::string::npos);
}

TEST(PickleReader, MalformedInputsThrow) {
  EXPECT_EQ(error_of([] { parse("X\xff\xff\xff\xff"s); }),
            "t.pkl: data.pkl: byte 0: needs 4294967295 bytes, only 0 left (truncated pickle)");
  EXPECT_EQ(error_of([] { parse("N"); }), "t.pkl: data.pkl: byte 1: no STOP opcode (truncated pickle)");
  EXPECT_EQ(error_of([] { parse("."); }), "t.pkl: data.pkl: byte 0: stack underflow");
  EXPECT_EQ(error_of([] { parse("h\x05."); }), "t.pkl: data.pkl: byte 0: memo index 5 was never set");
  EXPECT_EQ(error_of([] { parse("\x80\x06N."); }), "t.pkl: data.pkl: byte 0: unsupported pickle protocol 6");
  EXPECT_EQ(error_of([] { parse("X\x02\x00\x00\x00\xff\xfe."s); }), "t.pkl: data.pkl: byte 0: invalid UTF-8 in a str");
  EXPECT_EQ(error_of([] { parse("N(."); }),
            "t.pkl: data.pkl: byte 2: stack underflow");  // STOP cannot pop across a MARK
}

TEST(PickleReader, RebuildsTensorsFromWhitelistOnly) {
  // _rebuild_tensor_v2(('storage', torch.FloatStorage, '0', 'cpu', 6), 0, (2, 3), (3, 1), False, None)
  const std::string p =
      "\x80\x02"
      "ctorch._utils\n_rebuild_tensor_v2\n("
      "(X\x07\x00\x00\x00"
      "storage"
      "ctorch\nFloatStorage\n"
      "X\x01\x00\x00\x00"
      "0"
      "X\x03\x00\x00\x00"
      "cpu"
      "K\x06"
      "tQ"
      "K\x00"
      "K\x02K\x03\x86"
      "K\x03K\x01\x86"
      "\x89"
      "N"
      "tR."s;
  const auto doc = parse(p);
  ASSERT_EQ(doc.node(doc.root()).kind, pickle::Kind::tensor);
  const auto& t = doc.tensor(doc.node(doc.root()));
  EXPECT_EQ(t.storage_key, "0");
  EXPECT_EQ(t.storage_type, "torch.FloatStorage");
  EXPECT_EQ(t.storage_numel, 6);
  EXPECT_EQ(t.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(t.stride, (std::vector<std::int64_t>{3, 1}));
}

}  // namespace
