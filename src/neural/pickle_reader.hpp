#pragma once
// A restricted unpickler for the data.pkl of torch.save checkpoints: it reads pickle
// protocols 2-5 into an inert tree of values and never executes anything.
//
// Values: None, bool, int (64-bit; LONG1/LONG4 integers beyond 64 bits are kept as a float
// approximation, kind big_integer), float, str (UTF-8, checked), bytes, list, tuple, dict (entries in
// pickle order; when a key repeats, the later entry wins for every consumer), set, global (module, name),
// persistent ids, tensors, and placeholder objects.
//
// Only these globals are given meaning (a whitelist): torch._utils._rebuild_tensor_v2 over a
// persistent-id storage ('storage', <storage type>, key, location, numel) becomes a tensor;
// torch._utils._rebuild_parameter / _rebuild_parameter_with_state and torch._tensor._rebuild_from_type_v2
// return the tensor they wrap; collections.OrderedDict() an empty dict; builtins.set / frozenset a set;
// _codecs.encode(str, "latin1") and builtins.bytes() the bytes protocol 2 writes them as. Storage types
// are tags: torch.FloatStorage ... torch.BoolStorage, torch.UntypedStorage, torch.storage.TypedStorage /
// UntypedStorage, and dtypes (torch.float32, ...). Every other REDUCE / NEWOBJ / NEWOBJ_EX makes a
// placeholder object {class, args, state}; BUILD only records state.
//
// Refused with trenchcoat::Error "<file>: <what>: byte <offset>: ...": text-protocol opcodes (INT, LONG,
// FLOAT, STRING, UNICODE, PERSID, GET, PUT, INST, OBJ), extension registry (EXT1/2/4), out-of-band
// buffers (NEXT_BUFFER, READONLY_BUFFER), unknown opcodes (named by value), protocols above 5, stack
// underflow, a missing STOP, lengths past the end of the data, invalid UTF-8, memo indexes never set,
// malformed tensor arguments. Guards: the values (2^21), the stack, the mark stack and the memo are
// bounded, so a hostile data.pkl costs at most a few hundred MB; no recursion
// while reading; to_json bounds depth and total size and reports cycles.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trenchcoat/neural/weight_store.hpp"

namespace trenchcoat::neural::pickle {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

enum class Kind : std::uint8_t {
  none,
  boolean,
  integer,
  big_integer,
  floating,
  string,
  bytes,
  list,
  tuple,
  dict,
  set,
  global,
  object,
  persistent_id,
  tensor
};
const char* kind_name(Kind kind);

// A tensor rebuilt by torch._utils._rebuild_tensor_v2.
struct TensorRef {
  std::string storage_key;          // the archive entry data/<key>
  std::string storage_type;         // "torch.FloatStorage", "torch.float32", ...
  std::int64_t storage_numel = 0;   // elements of the storage, as recorded in the persistent id
  std::int64_t storage_offset = 0;  // in elements
  std::vector<std::int64_t> shape, stride;
  bool requires_grad = false;
};

struct Node {
  Kind kind = Kind::none;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0;                                 // floating; big_integer (approximation)
  std::string text;                                // string, bytes; global: module
  std::string name;                                // global: name
  std::vector<NodeId> items;                       // list, tuple, set; object: appended items
  std::vector<std::pair<NodeId, NodeId>> entries;  // dict; object: items set with SETITEM(S)
  NodeId cls = kNoNode;                            // object: the callable / class
  NodeId args = kNoNode;                           // object: the argument tuple; persistent_id: the id value
  NodeId kwargs = kNoNode;                         // object (NEWOBJ_EX)
  NodeId state = kNoNode;                          // object, dict: what BUILD gave
  std::uint32_t tensor = 0;                        // tensor: index into Document::tensors()
};

// Maps a storage type tag (qualified name) to its dtype; nullopt for unknown tags.
std::optional<DType> storage_dtype(std::string_view qualified_name);

class Document {
 public:
  // Reads `bytes` (a complete pickle). `file` and `what` (e.g. "archive/data.pkl") start error messages.
  static Document parse(std::span<const std::byte> bytes, const std::string& file, const std::string& what);

  NodeId root() const { return root_; }
  const Node& node(NodeId id) const { return nodes_.at(id); }
  const TensorRef& tensor(const Node& n) const { return tensors_.at(n.tensor); }
  std::size_t size() const { return nodes_.size(); }

  // The value of `key` (a str key) in dict `dict`, the last one when repeated; kNoNode when absent.
  NodeId dict_get(NodeId dict, std::string_view key) const;

  // JSON form of a value: None null, bool, int, float (big integers as float), str, bytes
  // {"__bytes__": "<hex>"}, list / tuple / set arrays, dict objects (non-str keys written as their JSON
  // text; str keys as is), global {"__global__": "module.name"}, tensor
  // {"__tensor__": {"dtype": "float32", "shape": [...]}}, persistent id {"__persistent_id__": value},
  // placeholder {"__class__": "module.Name", "args": [...], "kwargs": ..., "state": ..., "items": [...],
  // "entries": {...}} (the last four only when present). Throws Error for a cycle, nesting deeper than
  // 256 or more than 1,000,000 values in all.
  nlohmann::json to_json(NodeId id) const;

 private:
  std::string file_, what_;
  std::vector<Node> nodes_;
  std::vector<TensorRef> tensors_;
  NodeId root_ = kNoNode;
};

}  // namespace trenchcoat::neural::pickle
