#include "trenchcoat/text/python_json.hpp"

#include <cstdio>

#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {
namespace {

void append_u_escape(std::string& out, unsigned code) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\u%04x", code);
  out += buffer;
}

void dump(const PyJson& v, int indent, bool ensure_ascii, int depth, std::string& out) {
  const auto newline = [&](int level) {
    out.push_back('\n');
    out.append(static_cast<std::size_t>(indent * level), ' ');
  };
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    out += python_json_string(*s, ensure_ascii);
  } else if (const auto* d = std::get_if<double>(&v.value)) {
    out += text::python_float_repr(*d);
  } else if (const auto* o = std::get_if<PyJson::Object>(&v.value)) {
    if (o->empty()) {
      out += "{}";
      return;
    }
    out.push_back('{');
    bool first = true;
    for (const auto& [key, item] : *o) {
      if (!first) out += indent >= 0 ? "," : ", ";
      first = false;
      if (indent >= 0) newline(depth + 1);
      out += python_json_string(key, ensure_ascii);
      out += ": ";
      dump(item, indent, ensure_ascii, depth + 1, out);
    }
    if (indent >= 0) newline(depth);
    out.push_back('}');
  } else if (const auto* a = std::get_if<PyJson::Array>(&v.value)) {
    if (a->empty()) {
      out += "[]";
      return;
    }
    out.push_back('[');
    bool first = true;
    for (const auto& item : *a) {
      if (!first) out += indent >= 0 ? "," : ", ";
      first = false;
      if (indent >= 0) newline(depth + 1);
      dump(item, indent, ensure_ascii, depth + 1, out);
    }
    if (indent >= 0) newline(depth);
    out.push_back(']');
  }
}

}  // namespace

std::string python_json_string(const std::string& s, bool ensure_ascii) {
  std::string out = "\"";
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t c = text::next_code_point(s, pos);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      append_u_escape(out, c);
    } else if (ensure_ascii && c > 0x7F) {
      if (c >= 0x10000) {  // surrogate pair
        const char32_t v = c - 0x10000;
        append_u_escape(out, 0xD800 + (v >> 10));
        append_u_escape(out, 0xDC00 + (v & 0x3FF));
      } else {
        append_u_escape(out, c);
      }
    } else {
      out.append(s, start, pos - start);
    }
  }
  out.push_back('"');
  return out;
}

std::string python_json_dumps(const PyJson& value, int indent, bool ensure_ascii) {
  std::string out;
  dump(value, indent, ensure_ascii, 0, out);
  return out;
}

}  // namespace trenchcoat::text
