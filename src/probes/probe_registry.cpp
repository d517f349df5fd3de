// The probes by name, the checks they share, and the item seeds (see probe.hpp).
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "probe_factories.hpp"
#include "probe_text.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/probes/probe.hpp"
#include "trenchcoat/text/utf8.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::probes {
namespace {

struct Entry {
  std::string_view name;
  std::unique_ptr<Probe> (*make)();
};

constexpr std::array<Entry, 11> kProbes{{
    {"truncation", detail::make_truncation_probe},
    {"word-shuffle", detail::make_word_shuffle_probe},
    {"sentence-repetition", detail::make_sentence_repetition_probe},
    {"fluff", detail::make_fluff_probe},
    {"negation", detail::make_negation_probe},
    {"number-change", detail::make_number_change_probe},
    {"entity-swap", detail::make_entity_swap_probe},
    {"source-copy", detail::make_source_copy_probe},
    {"sycophancy", detail::make_sycophancy_probe},
    {"format-only", detail::make_format_only_probe},
    {"empty", detail::make_empty_probe},
}};

using text::join;

// The checks every probe shares, around the probe's own rule: the input must be valid UTF-8, not
// blank, in a supported language; the variant must be valid UTF-8 and differ from the original.
class CheckedProbe final : public Probe {
 public:
  explicit CheckedProbe(std::unique_ptr<Probe> probe) : probe_(std::move(probe)) {}
  const ProbeInfo& info() const override { return probe_->info(); }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const ProbeInfo& probe_info = probe_->info();
    if (text::find_invalid_utf8(input.candidate)) return detail::skip("the candidate is not valid UTF-8");
    if (text::find_invalid_utf8(input.source)) return detail::skip("the source is not valid UTF-8");
    if (detail::is_blank(input.candidate)) return detail::skip("the candidate is empty or whitespace-only");
    if (!probe_info.languages.empty()) {
      const std::string code = detail::language_code(input.language);
      const auto& supported = probe_info.languages;
      if (code.empty()) return detail::skip("unknown language (rules for " + join(supported) + ")");
      if (std::find(supported.begin(), supported.end(), code) == supported.end())
        return detail::skip("no rules for language '" + code + "' (only " + join(supported) + ")");
    }
    ProbeOutcome outcome = probe_->apply(input, seed);
    if (!outcome.variant) return outcome;
    if (*outcome.variant == input.candidate) return detail::skip("the variant would equal the original");
    if (text::find_invalid_utf8(*outcome.variant)) return detail::skip("the variant is not valid UTF-8");
    return outcome;
  }

 private:
  std::unique_ptr<Probe> probe_;
};

}  // namespace

std::vector<std::string> probe_names() {
  std::vector<std::string> names;
  for (const Entry& entry : kProbes) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<Probe> make_probe(std::string_view name) {
  for (const Entry& entry : kProbes)
    if (entry.name == name) return std::make_unique<CheckedProbe>(entry.make());
  throw Error("unknown probe '" + std::string(name) + "' (known probes: " + join(probe_names()) + ")");
}

std::uint64_t probe_item_seed(std::uint64_t run_seed, std::string_view probe_name, std::uint64_t index) {
  // XXH3-64 seeded with the run seed over the name's bytes, a 0 byte, then the index as 8
  // little-endian bytes: a fixed encoding, so the seeds are the same on every platform.
  std::string bytes(probe_name);
  bytes += '\0';
  for (int i = 0; i < 8; ++i) bytes += static_cast<char>((index >> (8 * i)) & 0xFF);
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), run_seed);
}

}  // namespace trenchcoat::probes
