#include "neural/torch_checkpoint.hpp"

#include <cstring>
#include <map>
#include <string_view>
#include <unordered_map>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

namespace {

// The single `<root>/data.pkl` entry of a torch zip archive; its root folder (any name) is returned.
std::string find_root(const ZipArchive& zip, const std::string& path) {
  std::string root;
  for (const auto& e : zip.entries()) {
    const auto slash = e.name.find('/');
    if (slash == std::string::npos || e.name.compare(slash, std::string::npos, "/data.pkl") != 0) continue;
    if (!root.empty())
      throw Error(path, 0, "torch archive holds several data.pkl entries ('" + root + "/data.pkl', '" + e.name + "')");
    root = e.name.substr(0, slash);
    if (root.empty()) throw Error(path, 0, "torch archive entry '/data.pkl' has an empty root folder");
  }
  if (root.empty()) throw Error(path, 0, "zip archive without a <folder>/data.pkl entry: not a torch.save checkpoint");
  return root;
}

bool mul_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) { return __builtin_mul_overflow(a, b, &out); }
bool add_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) { return __builtin_add_overflow(a, b, &out); }

std::string shape_text(const std::vector<std::int64_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

}  // namespace

TorchCheckpoint::TorchCheckpoint(std::span<const std::byte> bytes, const std::string& path)
    : path_(path), zip_(bytes, path) {
  const std::string root = find_root(zip_, path);
  // torch >= 2.1 records the byte order of the storages; everything read here is little-endian.
  if (const ZipArchive::Entry* order = zip_.find(root + "/byteorder")) {
    const auto text = zip_.data(*order);
    if (std::string_view(reinterpret_cast<const char*>(text.data()), text.size()) != "little")
      throw Error(path, 0,
                  "storages are not little-endian ('" + root + "/byteorder' is not \"little\"); not supported");
  }
  const std::string pickle_name = root + "/data.pkl";
  document_ = pickle::Document::parse(zip_.data(*zip_.find(pickle_name)), path, pickle_name);

  const pickle::NodeId top = document_.root();
  const pickle::Node& top_node = document_.node(top);
  if (top_node.kind != pickle::Kind::dict)
    throw Error(path, 0,
                pickle_name + " holds a " + std::string(pickle::kind_name(top_node.kind)) + ", not a dict of tensors");
  pickle::NodeId state_dict = top;
  if (const pickle::NodeId sd = document_.dict_get(top, "state_dict"); sd != pickle::kNoNode) {
    if (document_.node(sd).kind != pickle::Kind::dict)
      throw Error(path, 0,
                  pickle_name + ": entry 'state_dict' is a " + std::string(pickle::kind_name(document_.node(sd).kind)) +
                      ", not a dict of tensors");
    state_dict = sd;
  }

  std::map<std::string, const pickle::TensorRef*> named;  // later entries win, as in a Python dict
  for (const auto& [k, v] : document_.node(state_dict).entries) {
    const pickle::Node& key = document_.node(k);
    const pickle::Node& value = document_.node(v);
    if (key.kind != pickle::Kind::string || value.kind != pickle::Kind::tensor) continue;
    named[key.text] = &document_.tensor(value);
  }

  std::unordered_map<std::string, std::span<const std::byte>> storages;
  for (const auto& named_tensor : named) {
    const std::string& name = named_tensor.first;
    const pickle::TensorRef* t = named_tensor.second;
    auto fail = [&](const std::string& what) -> Error { return Error(path, 0, "tensor '" + name + "': " + what); };
    const auto dtype = pickle::storage_dtype(t->storage_type);
    if (!dtype) throw fail("unsupported storage type " + t->storage_type);
    const auto element = static_cast<std::int64_t>(dtype_size(*dtype));

    auto found = storages.find(t->storage_key);
    if (found == storages.end()) {
      const std::string entry_name = root + "/data/" + t->storage_key;
      const ZipArchive::Entry* entry = zip_.find(entry_name);
      if (!entry) throw fail("storage '" + entry_name + "' is missing from the archive");
      found = storages.emplace(t->storage_key, zip_.data(*entry)).first;
    }
    const std::span<const std::byte> storage = found->second;
    std::int64_t storage_bytes = 0;
    if (mul_overflows(t->storage_numel, element, storage_bytes) ||
        static_cast<std::uint64_t>(storage_bytes) > storage.size())
      throw fail("storage '" + root + "/data/" + t->storage_key + "' has " + std::to_string(storage.size()) +
                 " bytes, fewer than the " + std::to_string(t->storage_numel) + " " + dtype_name(*dtype) +
                 " elements the checkpoint records");

    TensorBytes out;
    out.info.name = name;
    out.info.dtype = *dtype;
    out.info.shape = t->shape;
    std::int64_t numel = 1, extent = 0;  // extent: the largest element index reached, relative to the offset
    for (std::size_t d = 0; d < t->shape.size(); ++d) {
      if (mul_overflows(numel, t->shape[d], numel)) throw fail("shape " + shape_text(t->shape) + " overflows");
    }
    if (numel > 0) {
      for (std::size_t d = 0; d < t->shape.size(); ++d) {
        std::int64_t reach = 0;
        if (mul_overflows(t->shape[d] - 1, t->stride[d], reach) || add_overflows(extent, reach, extent))
          throw fail("strides " + shape_text(t->stride) + " overflow");
      }
      std::int64_t last = 0;
      if (add_overflows(t->storage_offset, extent, last) || last >= t->storage_numel)
        throw fail("storage offset " + std::to_string(t->storage_offset) + " with shape " + shape_text(t->shape) +
                   " and strides " + shape_text(t->stride) + " reaches element " + std::to_string(last) +
                   ", past the storage of " + std::to_string(t->storage_numel) + " elements");
      if (numel > t->storage_numel)
        throw fail("shape " + shape_text(t->shape) +
                   " has more elements than its storage (broadcast strides are not supported)");
    } else if (t->storage_offset > t->storage_numel) {
      throw fail("storage offset " + std::to_string(t->storage_offset) + " is past the storage of " +
                 std::to_string(t->storage_numel) + " elements");
    }

    bool contiguous = true;
    std::int64_t expected_stride = 1;
    for (std::size_t d = t->shape.size(); numel > 0 && d-- > 0;) {
      if (t->shape[d] != 1 && t->stride[d] != expected_stride) contiguous = false;
      expected_stride *= t->shape[d];  // cannot overflow: bounded by numel
    }
    const std::size_t elem = static_cast<std::size_t>(element);
    if (numel == 0) {
      out.bytes = {};
    } else if (contiguous) {
      out.bytes =
          storage.subspan(static_cast<std::size_t>(t->storage_offset) * elem, static_cast<std::size_t>(numel) * elem);
    } else {
      auto copy = std::make_shared<std::vector<std::byte>>(static_cast<std::size_t>(numel) * elem);
      std::vector<std::int64_t> index(t->shape.size(), 0);
      std::int64_t source = t->storage_offset;
      for (std::int64_t i = 0; i < numel; ++i) {
        std::memcpy(copy->data() + static_cast<std::size_t>(i) * elem,
                    storage.data() + static_cast<std::size_t>(source) * elem, elem);
        for (std::size_t d = t->shape.size(); d-- > 0;) {  // odometer over the indexes, last dimension fastest
          if (++index[d] < t->shape[d]) {
            source += t->stride[d];
            break;
          }
          source -= (t->shape[d] - 1) * t->stride[d];
          index[d] = 0;
        }
      }
      out.bytes = std::span<const std::byte>(copy->data(), copy->size());
      out.owned = std::move(copy);
    }
    tensors_.push_back(std::move(out));
  }
}

std::optional<nlohmann::json> TorchCheckpoint::entry(const std::string& key) const {
  const pickle::NodeId id = document_.dict_get(document_.root(), key);
  if (id == pickle::kNoNode) return std::nullopt;
  return document_.to_json(id);
}

}  // namespace trenchcoat::neural
