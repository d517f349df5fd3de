#pragma once
// The constructors of the probes, one per file of src/probes; make_probe (probe_registry.cpp) wraps
// each in the checks every probe shares. Internal to src/probes.
#include <memory>
#include <string>

#include "trenchcoat/probes/probe.hpp"

namespace trenchcoat::probes::detail {

std::unique_ptr<Probe> make_truncation_probe();
std::unique_ptr<Probe> make_word_shuffle_probe();
std::unique_ptr<Probe> make_sentence_repetition_probe();
std::unique_ptr<Probe> make_fluff_probe();
std::unique_ptr<Probe> make_negation_probe();
std::unique_ptr<Probe> make_number_change_probe();
std::unique_ptr<Probe> make_entity_swap_probe();
std::unique_ptr<Probe> make_source_copy_probe();
std::unique_ptr<Probe> make_sycophancy_probe();
std::unique_ptr<Probe> make_format_only_probe();
std::unique_ptr<Probe> make_empty_probe();

inline ProbeOutcome skip(std::string reason) { return ProbeOutcome{std::nullopt, std::move(reason)}; }
inline ProbeOutcome make_variant(std::string text) { return ProbeOutcome{std::move(text), {}}; }

}  // namespace trenchcoat::probes::detail
