#include "neural/pickle_reader.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural::pickle {

namespace {

// A torch.save state dict needs ~15 values per tensor (a 24-layer XLM-R-large .ckpt: ~6,000); these
// bounds are ~300 times that, and cap the memory of a hostile data.pkl at a few hundred MB.
constexpr std::size_t kMaxStack = std::size_t{1} << 21;
constexpr std::size_t kMaxMarks = std::size_t{1} << 20;
constexpr std::size_t kMaxMemo = std::size_t{1} << 21;
constexpr std::size_t kMaxNodes = std::size_t{1} << 21;
constexpr std::size_t kMaxContained = std::size_t{1} << 24;  // items + entries of all containers
constexpr std::size_t kMaxLine = 4096;                       // GLOBAL module / name lines
constexpr int kMaxJsonDepth = 256;
constexpr std::size_t kMaxJsonValues = 1'000'000;

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    unsigned code;
    if ((c & 0xE0) == 0xC0) n = 1, code = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 2, code = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 3, code = c & 0x07;
    else return false;
    if (s.size() - i <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 1 && code < 0x80) || (n == 2 && code < 0x800) || (n == 3 && code < 0x10000)) return false;  // overlong
    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// Latin-1 bytes of a str whose code points are all below 256 (what _codecs.encode(s, "latin1") gives).
std::optional<std::string> latin1_bytes(std::string_view utf8) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  for (std::size_t i = 0; i < utf8.size();) {
    if (p[i] < 0x80) {
      out.push_back(static_cast<char>(p[i]));
      ++i;
    } else if ((p[i] & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      const unsigned code = ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
      if (code > 0xFF) return std::nullopt;
      out.push_back(static_cast<char>(code));
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

const char* opcode_name(unsigned op) {
  switch (op) {
    case 'I':
      return "INT";
    case 'L':
      return "LONG";
    case 'F':
      return "FLOAT";
    case 'S':
      return "STRING";
    case 'V':
      return "UNICODE";
    case 'P':
      return "PERSID";
    case 'g':
      return "GET";
    case 'p':
      return "PUT";
    case 'i':
      return "INST";
    case 'o':
      return "OBJ";
    case 0x82:
      return "EXT1";
    case 0x83:
      return "EXT2";
    case 0x84:
      return "EXT4";
    case 0x97:
      return "NEXT_BUFFER";
    case 0x98:
      return "READONLY_BUFFER";
    default:
      return nullptr;
  }
}

class Reader {
 public:
  Reader(std::span<const std::byte> bytes, const std::string& file, const std::string& what, std::vector<Node>& nodes,
         std::vector<TensorRef>& tensors)
      : bytes_(bytes), file_(file), what_(what), nodes_(nodes), tensors_(tensors) {}

  NodeId run();

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw Error(file_, 0, what_ + ": byte " + std::to_string(op_offset_) + ": " + message);
  }

  std::span<const std::byte> take(std::uint64_t n) {
    if (n > bytes_.size() - pos_)
      fail("needs " + std::to_string(n) + " bytes, only " + std::to_string(bytes_.size() - pos_) +
           " left (truncated pickle)");
    const auto out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t le(std::size_t n) {
    const auto b = take(n);
    std::uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | std::to_integer<std::uint64_t>(b[i]);
    return v;
  }
  std::string take_string(std::uint64_t n) {
    const auto b = take(n);
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
  }
  std::string take_line() {
    for (std::size_t i = pos_; i < bytes_.size() && i - pos_ <= kMaxLine; ++i) {
      if (bytes_[i] == std::byte{'\n'}) {
        std::string out(reinterpret_cast<const char*>(bytes_.data() + pos_), i - pos_);
        pos_ = i + 1;
        return out;
      }
    }
    fail("unterminated or overlong text line");
  }

  NodeId add(Node n) {
    if (nodes_.size() >= kMaxNodes)
      fail("more than " + std::to_string(kMaxNodes) + " values: not a torch.save state dict");
    nodes_.push_back(std::move(n));
    return static_cast<NodeId>(nodes_.size() - 1);
  }
  NodeId add_kind(Kind k) {
    Node n;
    n.kind = k;
    return add(std::move(n));
  }
  NodeId add_string(std::string s, bool must_be_text = true) {
    Node n;
    n.kind = Kind::string;
    if (!valid_utf8(s)) {
      if (must_be_text) fail("invalid UTF-8 in a str");
      n.kind = Kind::bytes;
    }
    n.text = std::move(s);
    return add(std::move(n));
  }
  NodeId add_bytes(std::string s) {
    Node n;
    n.kind = Kind::bytes;
    n.text = std::move(s);
    return add(std::move(n));
  }
  NodeId add_int(std::int64_t v) {
    Node n;
    n.kind = Kind::integer;
    n.integer = v;
    return add(std::move(n));
  }

  // Counts items about to be stored in containers (DUP + APPEND could otherwise grow them without bound).
  void contain(std::size_t n) {
    contained_ += n;
    if (contained_ > kMaxContained)
      fail("containers hold more than " + std::to_string(kMaxContained) + " items: not a torch.save state dict");
  }

  std::size_t base() const { return marks_.empty() ? 0 : marks_.back(); }
  void push(NodeId id) {
    if (stack_.size() >= kMaxStack) fail("pickle stack too deep");
    stack_.push_back(id);
  }
  NodeId pop() {
    if (stack_.size() <= base()) fail("stack underflow");
    const NodeId id = stack_.back();
    stack_.pop_back();
    return id;
  }
  NodeId& top() {
    if (stack_.size() <= base()) fail("stack underflow");
    return stack_.back();
  }
  std::vector<NodeId> pop_mark() {
    if (marks_.empty()) fail("no MARK to pop to");
    const std::size_t m = marks_.back();
    marks_.pop_back();
    std::vector<NodeId> out(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return out;
  }
  void memo_put(std::uint64_t index) {
    if (stack_.size() <= base()) fail("memo store with an empty stack");
    if (memo_.size() >= kMaxMemo && !memo_.count(index)) fail("memo too large");
    memo_[index] = stack_.back();
  }
  void memo_get(std::uint64_t index) {
    const auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo index " + std::to_string(index) + " was never set");
    push(it->second);
  }

  Node& at(NodeId id) { return nodes_[id]; }
  NodeId make_tuple(std::vector<NodeId> items) {
    Node n;
    n.kind = Kind::tuple;
    n.items = std::move(items);
    return add(std::move(n));
  }

  NodeId reduce(NodeId callable, NodeId args);
  NodeId rebuild_tensor(const std::vector<NodeId>& args);
  std::vector<std::int64_t> int_tuple(NodeId id, const char* what);

  std::span<const std::byte> bytes_;
  const std::string& file_;
  const std::string& what_;
  std::vector<Node>& nodes_;
  std::vector<TensorRef>& tensors_;
  std::size_t pos_ = 0, op_offset_ = 0, contained_ = 0;
  std::vector<NodeId> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, NodeId> memo_;
};

bool is_global(const Node& n, std::string_view module, std::string_view name) {
  return n.kind == Kind::global && n.text == module && n.name == name;
}

std::vector<std::int64_t> Reader::int_tuple(NodeId id, const char* what) {
  const Node& n = nodes_[id];
  if (n.kind != Kind::tuple && n.kind != Kind::list)
    fail(std::string("_rebuild_tensor_v2: ") + what + " is not a tuple");
  std::vector<std::int64_t> out;
  for (const NodeId item : n.items) {
    const Node& v = nodes_[item];
    if (v.kind != Kind::integer || v.integer < 0)
      fail(std::string("_rebuild_tensor_v2: ") + what + " holds something other than a non-negative int");
    out.push_back(v.integer);
  }
  return out;
}

NodeId Reader::rebuild_tensor(const std::vector<NodeId>& args) {
  if (args.size() < 6 || args.size() > 7)
    fail("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + std::to_string(args.size()));
  const Node& storage = nodes_[args[0]];
  if (storage.kind != Kind::persistent_id) fail("_rebuild_tensor_v2: argument 0 is not a persistent-id storage");
  const Node& pid = nodes_[storage.args];
  auto item = [&](std::size_t i) -> const Node& { return nodes_[pid.items[i]]; };
  if (pid.kind != Kind::tuple || pid.items.size() != 5 || item(0).kind != Kind::string || item(0).text != "storage" ||
      item(1).kind != Kind::global || item(2).kind != Kind::string || item(4).kind != Kind::integer ||
      item(4).integer < 0)
    fail("_rebuild_tensor_v2: storage id is not ('storage', <type>, key, location, numel)");
  TensorRef t;
  t.storage_type = item(1).text + "." + item(1).name;
  t.storage_key = item(2).text;
  t.storage_numel = item(4).integer;
  const Node& offset = nodes_[args[1]];
  if (offset.kind != Kind::integer || offset.integer < 0)
    fail("_rebuild_tensor_v2: storage offset is not a non-negative int");
  t.storage_offset = offset.integer;
  t.shape = int_tuple(args[2], "size");
  t.stride = int_tuple(args[3], "stride");
  if (t.shape.size() != t.stride.size()) fail("_rebuild_tensor_v2: size and stride differ in length");
  const Node& grad = nodes_[args[4]];
  t.requires_grad = grad.kind == Kind::boolean && grad.boolean;
  tensors_.push_back(std::move(t));
  Node n;
  n.kind = Kind::tensor;
  n.tensor = static_cast<std::uint32_t>(tensors_.size() - 1);
  return add(std::move(n));
}

NodeId Reader::reduce(NodeId callable, NodeId args_id) {
  const Node& f = nodes_[callable];
  const Node& a = nodes_[args_id];
  const std::vector<NodeId> args = a.kind == Kind::tuple ? a.items : std::vector<NodeId>{};
  if (a.kind == Kind::tuple && f.kind == Kind::global) {
    if (is_global(f, "torch._utils", "_rebuild_tensor_v2")) return rebuild_tensor(args);
    if ((is_global(f, "torch._utils", "_rebuild_parameter") ||
         is_global(f, "torch._utils", "_rebuild_parameter_with_state")) &&
        !args.empty() && nodes_[args[0]].kind == Kind::tensor)
      return args[0];
    if (is_global(f, "torch._tensor", "_rebuild_from_type_v2") && args.size() == 4 &&
        is_global(nodes_[args[0]], "torch._utils", "_rebuild_tensor_v2") && nodes_[args[2]].kind == Kind::tuple)
      return rebuild_tensor(std::vector<NodeId>(nodes_[args[2]].items));
    if (is_global(f, "collections", "OrderedDict") && args.empty()) return add_kind(Kind::dict);
    if ((is_global(f, "builtins", "set") || is_global(f, "builtins", "frozenset")) && args.size() <= 1) {
      if (args.empty()) return add_kind(Kind::set);
      const Node& src = nodes_[args[0]];
      if (src.kind == Kind::list || src.kind == Kind::tuple || src.kind == Kind::set) {
        contain(src.items.size());
        Node n;
        n.kind = Kind::set;
        n.items = src.items;
        return add(std::move(n));
      }
    }
    if (is_global(f, "builtins", "bytes") && args.empty()) return add_bytes("");
    if (is_global(f, "_codecs", "encode") && args.size() == 2 && nodes_[args[0]].kind == Kind::string &&
        nodes_[args[1]].kind == Kind::string &&
        (nodes_[args[1]].text == "latin1" || nodes_[args[1]].text == "latin-1")) {
      if (auto b = latin1_bytes(nodes_[args[0]].text)) return add_bytes(std::move(*b));
    }
  }
  Node n;
  n.kind = Kind::object;
  n.cls = callable;
  n.args = args_id;
  return add(std::move(n));
}

NodeId Reader::run() {
  while (true) {
    op_offset_ = pos_;
    if (pos_ >= bytes_.size()) fail("no STOP opcode (truncated pickle)");
    const unsigned op = std::to_integer<unsigned>(bytes_[pos_++]);
    switch (op) {
      case 0x80: {  // PROTO
        const auto v = le(1);
        if (v > 5) fail("unsupported pickle protocol " + std::to_string(v));
        break;
      }
      case 0x95: {  // FRAME: a length hint only
        const auto n = le(8);
        if (n > bytes_.size() - pos_)
          fail("frame of " + std::to_string(n) + " bytes runs past the end (truncated pickle)");
        break;
      }
      case '.':  // STOP
        return pop();
      case '(':  // MARK
        if (marks_.size() >= kMaxMarks) fail("too many nested MARKs");
        marks_.push_back(stack_.size());
        break;
      case '0':  // POP
        if (stack_.size() > base()) stack_.pop_back();
        else if (!marks_.empty()) pop_mark();
        else fail("stack underflow");
        break;
      case '1':  // POP_MARK
        pop_mark();
        break;
      case '2':  // DUP
        push(top());
        break;
      case 'N':
        push(add_kind(Kind::none));
        break;
      case 0x88:
      case 0x89: {  // NEWTRUE, NEWFALSE
        Node n;
        n.kind = Kind::boolean;
        n.boolean = op == 0x88;
        push(add(std::move(n)));
        break;
      }
      case 'J':
        push(add_int(static_cast<std::int32_t>(static_cast<std::uint32_t>(le(4)))));
        break;  // BININT
      case 'K':
        push(add_int(static_cast<std::int64_t>(le(1))));
        break;  // BININT1
      case 'M':
        push(add_int(static_cast<std::int64_t>(le(2))));
        break;  // BININT2
      case 0x8a:
      case 0x8b: {  // LONG1, LONG4: two's-complement little-endian
        std::uint64_t n = op == 0x8a ? le(1) : le(4);
        if (op == 0x8b && n > 0x7FFFFFFF) fail("negative LONG4 length");
        const auto b = take(n);
        if (n <= 8) {
          std::uint64_t v = 0;
          for (std::size_t i = n; i-- > 0;) v = (v << 8) | std::to_integer<std::uint64_t>(b[i]);
          if (n > 0 && n < 8 && (std::to_integer<unsigned>(b[n - 1]) & 0x80)) v |= ~std::uint64_t{0} << (8 * n);
          push(add_int(static_cast<std::int64_t>(v)));
        } else {
          const bool negative = (std::to_integer<unsigned>(b[n - 1]) & 0x80) != 0;
          double magnitude = 0;
          // |v| for negative v is (~v) + 1; approximate in double from the top bytes down.
          for (std::size_t i = n; i-- > 0;) {
            unsigned byte = std::to_integer<unsigned>(b[i]);
            if (negative) byte = ~byte & 0xFF;
            magnitude = magnitude * 256.0 + byte;
          }
          if (negative) magnitude += 1;
          Node node;
          node.kind = Kind::big_integer;
          node.real = negative ? -magnitude : magnitude;
          push(add(std::move(node)));
        }
        break;
      }
      case 'G': {  // BINFLOAT: big-endian double
        const auto b = take(8);
        std::uint64_t bits = 0;
        for (std::size_t i = 0; i < 8; ++i) bits = (bits << 8) | std::to_integer<std::uint64_t>(b[i]);
        Node n;
        n.kind = Kind::floating;
        n.real = std::bit_cast<double>(bits);
        push(add(std::move(n)));
        break;
      }
      case 'X':
        push(add_string(take_string(le(4))));
        break;  // BINUNICODE
      case 0x8c:
        push(add_string(take_string(le(1))));
        break;  // SHORT_BINUNICODE
      case 0x8d:
        push(add_string(take_string(le(8))));
        break;     // BINUNICODE8
      case 'T': {  // BINSTRING (signed length)
        const auto n = le(4);
        if (n > 0x7FFFFFFF) fail("negative BINSTRING length");
        push(add_string(take_string(n), false));
        break;
      }
      case 'U':
        push(add_string(take_string(le(1)), false));
        break;  // SHORT_BINSTRING
      case 'B':
        push(add_bytes(take_string(le(4))));
        break;  // BINBYTES
      case 'C':
        push(add_bytes(take_string(le(1))));
        break;    // SHORT_BINBYTES
      case 0x8e:  // BINBYTES8
      case 0x96:
        push(add_bytes(take_string(le(8))));
        break;  // BYTEARRAY8
      case ']':
        push(add_kind(Kind::list));
        break;  // EMPTY_LIST
      case ')':
        push(add_kind(Kind::tuple));
        break;  // EMPTY_TUPLE
      case '}':
        push(add_kind(Kind::dict));
        break;  // EMPTY_DICT
      case 0x8f:
        push(add_kind(Kind::set));
        break;     // EMPTY_SET
      case 'l': {  // LIST
        Node n;
        n.kind = Kind::list;
        n.items = pop_mark();
        contain(n.items.size());
        push(add(std::move(n)));
        break;
      }
      case 't': {  // TUPLE
        auto items = pop_mark();
        contain(items.size());
        push(make_tuple(std::move(items)));
        break;
      }
      case 0x91: {  // FROZENSET
        Node n;
        n.kind = Kind::set;
        n.items = pop_mark();
        contain(n.items.size());
        push(add(std::move(n)));
        break;
      }
      case 0x85:
      case 0x86:
      case 0x87: {  // TUPLE1..3
        const std::size_t k = op - 0x84;
        if (stack_.size() < base() + k) fail("stack underflow");
        std::vector<NodeId> items(stack_.end() - static_cast<std::ptrdiff_t>(k), stack_.end());
        stack_.resize(stack_.size() - k);
        contain(k);
        push(make_tuple(std::move(items)));
        break;
      }
      case 'd': {  // DICT
        auto items = pop_mark();
        if (items.size() % 2) fail("DICT with an odd number of items");
        contain(items.size());
        Node n;
        n.kind = Kind::dict;
        for (std::size_t i = 0; i < items.size(); i += 2) n.entries.emplace_back(items[i], items[i + 1]);
        push(add(std::move(n)));
        break;
      }
      case 'a': {  // APPEND
        const NodeId v = pop();
        contain(1);
        Node& target = at(top());
        if (target.kind != Kind::list && target.kind != Kind::object)
          fail(std::string("APPEND to a ") + kind_name(target.kind));
        target.items.push_back(v);
        break;
      }
      case 'e': {  // APPENDS
        auto items = pop_mark();
        contain(items.size());
        Node& target = at(top());
        if (target.kind != Kind::list && target.kind != Kind::object)
          fail(std::string("APPENDS to a ") + kind_name(target.kind));
        target.items.insert(target.items.end(), items.begin(), items.end());
        break;
      }
      case 0x90: {  // ADDITEMS
        auto items = pop_mark();
        contain(items.size());
        Node& target = at(top());
        if (target.kind != Kind::set) fail(std::string("ADDITEMS to a ") + kind_name(target.kind));
        target.items.insert(target.items.end(), items.begin(), items.end());
        break;
      }
      case 's': {  // SETITEM
        const NodeId v = pop();
        const NodeId k = pop();
        contain(2);
        Node& target = at(top());
        if (target.kind != Kind::dict && target.kind != Kind::object)
          fail(std::string("SETITEM on a ") + kind_name(target.kind));
        target.entries.emplace_back(k, v);
        break;
      }
      case 'u': {  // SETITEMS
        auto items = pop_mark();
        if (items.size() % 2) fail("SETITEMS with an odd number of items");
        contain(items.size());
        Node& target = at(top());
        if (target.kind != Kind::dict && target.kind != Kind::object)
          fail(std::string("SETITEMS on a ") + kind_name(target.kind));
        for (std::size_t i = 0; i < items.size(); i += 2) target.entries.emplace_back(items[i], items[i + 1]);
        break;
      }
      case 'c': {  // GLOBAL
        std::string module = take_line();
        std::string name = take_line();
        if (!valid_utf8(module) || !valid_utf8(name)) fail("invalid UTF-8 in a GLOBAL name");
        Node n;
        n.kind = Kind::global;
        n.text = std::move(module);
        n.name = std::move(name);
        push(add(std::move(n)));
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        const NodeId name = pop();
        const NodeId module = pop();
        if (nodes_[name].kind != Kind::string || nodes_[module].kind != Kind::string)
          fail("STACK_GLOBAL on non-str operands");
        Node n;
        n.kind = Kind::global;
        n.text = nodes_[module].text;
        n.name = nodes_[name].text;
        push(add(std::move(n)));
        break;
      }
      case 'Q': {  // BINPERSID
        Node n;
        n.kind = Kind::persistent_id;
        n.args = pop();
        push(add(std::move(n)));
        break;
      }
      case 'R': {  // REDUCE
        const NodeId args = pop();
        const NodeId callable = pop();
        push(reduce(callable, args));
        break;
      }
      case 0x81: {  // NEWOBJ
        const NodeId args = pop();
        const NodeId cls = pop();
        Node n;
        n.kind = Kind::object;
        n.cls = cls;
        n.args = args;
        push(add(std::move(n)));
        break;
      }
      case 0x92: {  // NEWOBJ_EX
        const NodeId kwargs = pop();
        const NodeId args = pop();
        const NodeId cls = pop();
        Node n;
        n.kind = Kind::object;
        n.cls = cls;
        n.args = args;
        n.kwargs = kwargs;
        push(add(std::move(n)));
        break;
      }
      case 'b': {  // BUILD: records the state, runs nothing
        const NodeId state = pop();
        Node& target = at(top());
        if (target.kind == Kind::object || target.kind == Kind::dict) target.state = state;
        else if (target.kind != Kind::tensor) fail(std::string("BUILD on a ") + kind_name(target.kind));
        break;
      }
      case 'q':
        memo_put(le(1));
        break;  // BINPUT
      case 'r':
        memo_put(le(4));
        break;  // LONG_BINPUT
      case 0x94:
        memo_put(memo_.size());
        break;  // MEMOIZE
      case 'h':
        memo_get(le(1));
        break;  // BINGET
      case 'j':
        memo_get(le(4));
        break;  // LONG_BINGET
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        if (const char* name = opcode_name(op))
          fail(std::string("pickle opcode ") + name + " (" + hex +
               ") is not supported (only protocols 2-5 as torch.save writes them)");
        fail(std::string("unknown pickle opcode ") + hex);
      }
    }
  }
}

void append_hex(std::string& out, std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  for (const char c : bytes) {
    out.push_back(digits[(static_cast<unsigned char>(c) >> 4) & 0xF]);
    out.push_back(digits[static_cast<unsigned char>(c) & 0xF]);
  }
}

}  // namespace

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::none:
      return "None";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::big_integer:
      return "int";
    case Kind::floating:
      return "float";
    case Kind::string:
      return "str";
    case Kind::bytes:
      return "bytes";
    case Kind::list:
      return "list";
    case Kind::tuple:
      return "tuple";
    case Kind::dict:
      return "dict";
    case Kind::set:
      return "set";
    case Kind::global:
      return "global";
    case Kind::object:
      return "object";
    case Kind::persistent_id:
      return "persistent id";
    case Kind::tensor:
      return "tensor";
  }
  return "value";
}

std::optional<DType> storage_dtype(std::string_view q) {
  struct Tag {
    std::string_view storage, dtype1, dtype2;
    DType dtype;
  };
  static constexpr Tag tags[] = {
      {"FloatStorage", "float32", "float", DType::f32}, {"HalfStorage", "float16", "half", DType::f16},
      {"BFloat16Storage", "bfloat16", "", DType::bf16}, {"DoubleStorage", "float64", "double", DType::f64},
      {"LongStorage", "int64", "long", DType::i64},     {"IntStorage", "int32", "int", DType::i32},
      {"ShortStorage", "int16", "short", DType::i16},   {"CharStorage", "int8", "", DType::i8},
      {"ByteStorage", "uint8", "", DType::u8},          {"BoolStorage", "bool", "", DType::boolean},
  };
  if (q == "torch.UntypedStorage" || q == "torch.storage.UntypedStorage") return DType::u8;
  if (!q.starts_with("torch.")) return std::nullopt;
  const std::string_view name = q.substr(6);
  for (const Tag& t : tags)
    if (name == t.storage || name == t.dtype1 || (!t.dtype2.empty() && name == t.dtype2)) return t.dtype;
  return std::nullopt;
}

Document Document::parse(std::span<const std::byte> bytes, const std::string& file, const std::string& what) {
  Document d;
  d.file_ = file;
  d.what_ = what;
  Reader reader(bytes, d.file_, d.what_, d.nodes_, d.tensors_);
  d.root_ = reader.run();
  return d;
}

NodeId Document::dict_get(NodeId dict, std::string_view key) const {
  const Node& d = node(dict);
  if (d.kind != Kind::dict) return kNoNode;
  for (auto it = d.entries.rbegin(); it != d.entries.rend(); ++it) {
    const Node& k = node(it->first);
    if (k.kind == Kind::string && k.text == key) return it->second;
  }
  return kNoNode;
}

nlohmann::json Document::to_json(NodeId root) const {
  std::vector<char> on_path(nodes_.size(), 0);
  std::size_t budget = kMaxJsonValues;
  auto fail = [&](const std::string& m) -> Error { return Error(file_, 0, what_ + ": " + m); };
  auto convert = [&](auto& self, NodeId id, int depth) -> nlohmann::json {
    if (id == kNoNode) return nullptr;
    if (depth > kMaxJsonDepth) throw fail("value nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (budget-- == 0) throw fail("value too large to convert to JSON");
    if (on_path[id]) throw fail("value contains itself (a cycle)");
    on_path[id] = 1;
    const Node& n = nodes_[id];
    nlohmann::json out;
    auto array_of = [&](const std::vector<NodeId>& items) {
      nlohmann::json a = nlohmann::json::array();
      for (const NodeId item : items) a.push_back(self(self, item, depth + 1));
      return a;
    };
    auto object_of = [&](const std::vector<std::pair<NodeId, NodeId>>& entries) {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [k, v] : entries) {
        const Node& key = nodes_[k];
        std::string name;
        if (key.kind == Kind::string) name = key.text;
        else if (key.kind == Kind::integer) name = std::to_string(key.integer);
        else name = self(self, k, depth + 1).dump();
        o[name] = self(self, v, depth + 1);
      }
      return o;
    };
    switch (n.kind) {
      case Kind::none:
        out = nullptr;
        break;
      case Kind::boolean:
        out = n.boolean;
        break;
      case Kind::integer:
        out = n.integer;
        break;
      case Kind::big_integer:
      case Kind::floating:
        out = n.real;
        break;
      case Kind::string:
        out = n.text;
        break;
      case Kind::bytes: {
        std::string hex;
        append_hex(hex, n.text);
        out = {{"__bytes__", hex}};
        break;
      }
      case Kind::list:
      case Kind::tuple:
      case Kind::set:
        out = array_of(n.items);
        break;
      case Kind::dict:
        out = object_of(n.entries);
        break;
      case Kind::global:
        out = {{"__global__", n.text + "." + n.name}};
        break;
      case Kind::persistent_id:
        out = {{"__persistent_id__", self(self, n.args, depth + 1)}};
        break;
      case Kind::tensor: {
        const TensorRef& t = tensors_[n.tensor];
        const auto dtype = storage_dtype(t.storage_type);
        out = {{"__tensor__", {{"dtype", dtype ? dtype_name(*dtype) : t.storage_type}, {"shape", t.shape}}}};
        break;
      }
      case Kind::object: {
        const Node& cls = nodes_[n.cls];
        out = nlohmann::json::object();
        out["__class__"] =
            cls.kind == Kind::global ? nlohmann::json(cls.text + "." + cls.name) : self(self, n.cls, depth + 1);
        out["args"] = self(self, n.args, depth + 1);
        if (n.kwargs != kNoNode) out["kwargs"] = self(self, n.kwargs, depth + 1);
        if (n.state != kNoNode) out["state"] = self(self, n.state, depth + 1);
        if (!n.items.empty()) out["items"] = array_of(n.items);
        if (!n.entries.empty()) out["entries"] = object_of(n.entries);
        break;
      }
    }
    on_path[id] = 0;
    return out;
  };
  return convert(convert, root, 0);
}

}  // namespace trenchcoat::neural::pickle
