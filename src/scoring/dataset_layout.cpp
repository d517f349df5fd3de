#include "trenchcoat/scoring/dataset_layout.hpp"

#include <algorithm>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::scoring {
namespace {

using text::join;

using ordered_json = nlohmann::ordered_json;

const std::map<std::string, std::string>& override_aliases() {
  static const std::map<std::string, std::string> aliases = {
      {"source", "source"},
      {"src", "source"},
      {"candidate", "candidate"},
      {"mt", "candidate"},
      {"hyp", "candidate"},
      {"hypothesis", "candidate"},
      {"response", "candidate"},
      {"references", "references"},
      {"ref", "references"},
      {"refs", "references"},
      {"reference", "references"},
      {"prompt", "prompt"},
      {"alternative", "alternative"},
      {"chosen", "chosen"},
      {"rejected", "rejected"},
      {"subset", "subset"},
      {"id", "id"},
      {"system", "system"},
  };
  return aliases;
}

std::vector<std::string> field_names(const io::Dataset& d) {
  if (!d.header.empty()) return d.header;
  std::vector<std::string> names;
  if (!d.rows.empty())
    for (const auto& [key, value] : d.rows.front().value.items()) names.push_back(key);
  return names;
}

bool has(const std::vector<std::string>& names, const std::string& n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

std::string first_present(const std::vector<std::string>& names, std::initializer_list<const char*> candidates) {
  for (const char* c : candidates)
    if (has(names, c)) return c;
  return "";
}

[[noreturn]] void row_error(const io::Dataset& d, const io::DatasetRow& row, const std::string& message) {
  throw Error(d.name, row.line, message);
}

const ordered_json* field(const io::DatasetRow& row, const std::string& column) {
  if (column.empty()) return nullptr;
  const auto it = row.value.find(column);
  return it == row.value.end() || it->is_null() ? nullptr : &*it;
}

std::string scalar_text(const io::Dataset& d, const io::DatasetRow& row, const std::string& column) {
  const ordered_json* v = field(row, column);
  if (!v) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  row_error(d, row, "'" + column + "' is not a text (it holds a JSON " + std::string(v->type_name()) + ")");
}

// The text of a message's content: a string, or a list of parts with "text" fields.
std::string content_text(const io::Dataset& d, const io::DatasetRow& row, const std::string& column,
                         const ordered_json& message) {
  if (!message.is_object())
    row_error(d, row, "'" + column + "' holds a message that is not an object with role and content");
  const auto it = message.find("content");
  if (it == message.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    std::string out;
    for (const auto& part : *it)
      if (part.is_object() && part.contains("text") && part["text"].is_string()) out += part["text"].get<std::string>();
    return out;
  }
  row_error(d, row, "'" + column + "' holds a message whose content is not a text");
}

std::string role_of(const ordered_json& message) {
  const auto it = message.find("role");
  return it != message.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string render_messages(const io::Dataset& d, const io::DatasetRow& row, const std::string& column,
                            const ordered_json& messages, std::size_t count) {
  if (count == 1) return content_text(d, row, column, messages[0]);
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += (i ? "\n\n" : "") + role_of(messages[i]) + ": " + content_text(d, row, column, messages[i]);
  return out;
}

std::string last_assistant_content(const io::Dataset& d, const io::DatasetRow& row, const std::string& column,
                                   const ordered_json& messages) {
  for (std::size_t i = messages.size(); i-- > 0;)
    if (messages[i].is_object() && role_of(messages[i]) == "assistant")
      return content_text(d, row, column, messages[i]);
  row_error(d, row, "'" + column + "' has no assistant message");
}

bool is_message_list(const ordered_json* v) { return v && v->is_array(); }

// A column the layout has that this row lacks or holds null.
bool missing_in(const io::DatasetRow& row, const std::string& column) { return !column.empty() && !field(row, column); }

std::vector<std::string> references_of(const io::Dataset& d, const io::DatasetRow& row, const std::string& column) {
  const ordered_json* v = field(row, column);
  if (!v) return {};
  if (v->is_string()) return {v->get<std::string>()};
  if (v->is_array()) {
    std::vector<std::string> out;
    for (const auto& r : *v) {
      if (!r.is_string()) row_error(d, row, "'" + column + "' holds a reference that is not a string");
      out.push_back(r.get<std::string>());
    }
    return out;
  }
  row_error(d, row, "'" + column + "' is neither a text nor a list of texts");
}

// TRL's prompt extraction for two strings: their longest shared prefix, cut back to a character
// boundary and to before a space it ends with.
std::size_t shared_prefix_length(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  const std::size_t limit = std::min(a.size(), b.size());
  while (n < limit && a[n] == b[n]) ++n;
  if (n == limit) return n == a.size() && n == b.size() ? 0 : n;  // one is a prefix of the other
  while (n > 0 && (static_cast<unsigned char>(a[n]) & 0xC0) == 0x80) --n;
  if (n > 0 && a[n - 1] == ' ') --n;
  return n;
}

constexpr std::string_view kAnthropicAssistant = "\n\nAssistant:";

}  // namespace

FieldOverrides parse_field_overrides(const std::string& spec) {
  FieldOverrides out;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = spec.find(',', start);
    const std::string entry = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!entry.empty()) {
      const std::size_t eq = entry.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
        throw Error("--fields: '" + entry + "' is not NAME=COLUMN (e.g. src=source,mt=hyp,ref=reference)");
      const std::string name = entry.substr(0, eq);
      const auto it = override_aliases().find(name);
      if (it == override_aliases().end()) {
        std::vector<std::string> names;
        for (const auto& [alias, canonical] : override_aliases()) names.push_back(alias);
        throw Error("--fields: unknown field '" + name + "' (known: " + join(names) + ")");
      }
      out[it->second] = entry.substr(eq + 1);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<std::string> DatasetLayout::available_fields() const {
  std::vector<std::string> out{"candidate"};
  if (is_preference()) {
    out.push_back("alternative");
    out.push_back("prompt");  // given or derived from the completions (possibly empty)
  } else {
    if (!prompt.empty()) out.push_back("prompt");
    if (!alternative.empty()) out.push_back("alternative");
  }
  if (!source.empty()) out.push_back("source");
  if (!references.empty()) out.push_back("references");
  return out;
}

std::string DatasetLayout::describe() const {
  std::vector<std::string> parts;
  auto add = [&](const std::string& role, const std::string& column) {
    if (column.empty()) return;
    parts.push_back(role == column ? column : role + "=" + column);
  };
  std::string kind_name;
  switch (kind) {
    case LayoutKind::pointwise:
      kind_name = "pointwise";
      add("candidate", candidate);
      add("source", source);
      add("references", references);
      add("prompt", prompt);
      add("alternative", alternative);
      break;
    case LayoutKind::preference:
      kind_name = "preference";
      add("prompt", prompt);
      add("chosen", chosen);
      add("rejected", rejected);
      add("source", source);
      add("references", references);
      break;
    case LayoutKind::llmbar:
      kind_name = "llmbar";
      add("prompt", prompt);
      parts.push_back(output_1);
      parts.push_back(output_2);
      parts.push_back(label);
      break;
  }
  add("subset", subset);
  add("id", id);
  return kind_name + " (" + join(parts) + ")";
}

DatasetLayout detect_layout(const io::Dataset& dataset, const FieldOverrides& overrides) {
  const std::vector<std::string> names = field_names(dataset);
  for (const auto& [name, column] : overrides)
    if (!has(names, column))
      throw Error(
          dataset.name, 0,
          "--fields " + name + "=" + column + ": there is no column '" + column + "' (columns: " + join(names) + ")");
  auto pick = [&](const std::string& name, std::initializer_list<const char*> candidates) {
    const auto it = overrides.find(name);
    return it != overrides.end() ? it->second : first_present(names, candidates);
  };
  DatasetLayout l;
  l.subset = pick("subset", {"subset"});
  l.id = pick("id", {"id"});
  l.system = pick("system", {"system"});
  l.source = pick("source", {"src", "source"});
  l.references = pick("references", {"ref", "refs", "reference", "references"});

  const bool preference_named = overrides.count("chosen") || overrides.count("rejected");
  const std::string chosen = pick("chosen", {"chosen"});
  const std::string rejected = pick("rejected", {"rejected"});
  if (preference_named || (!chosen.empty() && !rejected.empty())) {
    if (chosen.empty() || rejected.empty())
      throw Error(dataset.name, 0,
                  "preference rows need both a chosen and a rejected column (--fields chosen=COLUMN,rejected=COLUMN)");
    l.kind = LayoutKind::preference;
    l.chosen = chosen;
    l.rejected = rejected;
    l.prompt = pick("prompt", {"prompt", "question", "input"});
    return l;
  }
  if (!overrides.count("candidate") && has(names, "output_1") && has(names, "output_2") && has(names, "label")) {
    l.kind = LayoutKind::llmbar;
    l.output_1 = "output_1";
    l.output_2 = "output_2";
    l.label = "label";
    l.prompt = pick("prompt", {"input", "prompt"});
    return l;
  }
  l.kind = LayoutKind::pointwise;
  l.candidate = pick("candidate", {"mt", "hyp", "hypothesis", "candidate", "response", "output", "completion"});
  if (l.candidate.empty())
    throw Error(dataset.name, 0,
                "cannot tell which column holds the text to score: looked for mt, hyp, hypothesis, candidate, "
                "response, output, completion (or chosen and rejected for preference rows); the columns are " +
                    join(names) + "; name it with --fields mt=COLUMN");
  l.prompt = pick("prompt", {"prompt", "instruction", "question", "input"});
  l.alternative = pick("alternative", {});
  return l;
}

RowItems map_row(const io::Dataset& d, const io::DatasetRow& row, const DatasetLayout& l) {
  RowItems out;
  Item base;
  base.id = l.id.empty() ? std::to_string(row.line) : scalar_text(d, row, l.id);
  base.subset = scalar_text(d, row, l.subset);
  base.system = scalar_text(d, row, l.system);
  base.source = scalar_text(d, row, l.source);
  base.references = references_of(d, row, l.references);

  std::vector<std::string> shared_missing;  // fields missing for both items of the row
  if (missing_in(row, l.source)) shared_missing.push_back("source");
  if (missing_in(row, l.references)) shared_missing.push_back("references");

  if (l.kind == LayoutKind::pointwise) {
    out.chosen_missing = std::move(shared_missing);
    if (missing_in(row, l.candidate)) out.chosen_missing.push_back("candidate");
    if (missing_in(row, l.prompt)) out.chosen_missing.push_back("prompt");
    if (missing_in(row, l.alternative)) out.chosen_missing.push_back("alternative");
    out.chosen = std::move(base);
    out.chosen.candidate = scalar_text(d, row, l.candidate);
    out.chosen.prompt = scalar_text(d, row, l.prompt);
    out.chosen.alternative = scalar_text(d, row, l.alternative);
    return out;
  }

  std::string prompt, chosen, rejected;
  bool chosen_absent = false, rejected_absent = false;
  if (l.kind == LayoutKind::llmbar) {
    const ordered_json* label = field(row, l.label);
    int which = 0;
    if (label && label->is_number_integer()) which = label->get<int>();
    else if (label && label->is_string() && (*label == "1" || *label == "2"))
      which = label->get<std::string>() == "1" ? 1 : 2;
    if (which != 1 && which != 2) row_error(d, row, "'" + l.label + "' must be 1 or 2 (the better output)");
    const std::string first = scalar_text(d, row, l.output_1), second = scalar_text(d, row, l.output_2);
    chosen = which == 1 ? first : second;
    rejected = which == 1 ? second : first;
    prompt = scalar_text(d, row, l.prompt);
    chosen_absent = missing_in(row, which == 1 ? l.output_1 : l.output_2);
    rejected_absent = missing_in(row, which == 1 ? l.output_2 : l.output_1);
    if (missing_in(row, l.prompt)) shared_missing.push_back("prompt");
  } else {
    const ordered_json* c = field(row, l.chosen);
    const ordered_json* r = field(row, l.rejected);
    const ordered_json* p = field(row, l.prompt);
    chosen_absent = !c;
    rejected_absent = !r;  // a prompt the row lacks is derived from the completions, never missing
    if (is_message_list(c) != is_message_list(r) && c && r)
      row_error(d, row, "'" + l.chosen + "' and '" + l.rejected + "' must both be texts or both be message lists");
    if (p && p->is_array()) prompt = p->empty() ? "" : render_messages(d, row, l.prompt, *p, p->size());
    else prompt = scalar_text(d, row, l.prompt);
    if (is_message_list(c) || is_message_list(r)) {
      if (c) chosen = last_assistant_content(d, row, l.chosen, *c);
      if (r) rejected = last_assistant_content(d, row, l.rejected, *r);
      if (!p && c && r) {  // the prompt is the messages both lists begin with
        std::size_t shared = 0;
        while (shared < c->size() && shared < r->size() && (*c)[shared] == (*r)[shared]) ++shared;
        const std::size_t shortest = std::min(c->size(), r->size());
        if (shared == shortest && shared > 0) --shared;  // each completion keeps at least its last message
        if (shared > 0) prompt = render_messages(d, row, l.chosen, *c, shared);
      }
    } else {
      chosen = scalar_text(d, row, l.chosen);
      rejected = scalar_text(d, row, l.rejected);
      if (!p && !chosen.empty() && !rejected.empty()) {
        const std::size_t ca = chosen.rfind(kAnthropicAssistant), ra = rejected.rfind(kAnthropicAssistant);
        if (ca != std::string::npos && ra != std::string::npos) {
          prompt = chosen.substr(0, ca + kAnthropicAssistant.size());
          chosen.erase(0, ca + kAnthropicAssistant.size());
          rejected.erase(0, ra + kAnthropicAssistant.size());
        } else {
          const std::size_t n = shared_prefix_length(chosen, rejected);
          prompt = chosen.substr(0, n);
          chosen.erase(0, n);
          rejected.erase(0, n);
        }
      }
    }
  }
  out.chosen_missing = shared_missing;
  out.rejected_missing = std::move(shared_missing);
  if (chosen_absent) {
    out.chosen_missing.push_back("candidate");
    out.rejected_missing.push_back("alternative");
  }
  if (rejected_absent) {
    out.rejected_missing.push_back("candidate");
    out.chosen_missing.push_back("alternative");
  }
  out.chosen = base;
  out.chosen.prompt = prompt;
  out.chosen.candidate = chosen;
  out.chosen.alternative = rejected;
  out.rejected = std::move(base);
  out.rejected.prompt = std::move(prompt);
  out.rejected.candidate = std::move(rejected);
  out.rejected.alternative = std::move(chosen);
  return out;
}

bool has_text(const Item& item, const std::string& name) {
  if (name == "candidate") return !item.candidate.empty();
  if (name == "source") return !item.source.empty();
  if (name == "prompt") return !item.prompt.empty();
  if (name == "alternative") return !item.alternative.empty();
  if (name == "references")
    return std::any_of(item.references.begin(), item.references.end(), [](const std::string& r) { return !r.empty(); });
  return true;
}

}  // namespace trenchcoat::scoring
