#pragma once
// Probes: deterministic generators that turn a good output into a worse variant whose expected
// preference is known: the original should score better than the variant. `trenchcoat probe` scores
// both with each scorer; a scorer that gives the variant at least the original's score fails the probe.
//
// The probes (names as on the command line, in this order), with their exact rules. "Units" are the
// whitespace tokens of the text; for zh, ja, th (by the primary subtag: "zh-CN" is zh), or a text
// with no whitespace at all, its characters (non-whitespace code points, each with the combining
// marks, variation selectors, skin-tone modifiers and zero-width-joined code points after it).
// "Sentences" end after . ! ? … (and closing quotes/brackets) followed by whitespace or the end,
// after 。！？, and at every line break; they are stripped of surrounding whitespace.
//   truncation           the text cut after the first floor(n/2) of its n units: a proper prefix of
//                        the original ending at a unit boundary (so no trailing whitespace). Skip: n < 2.
//   word-shuffle         the units in a seeded Fisher-Yates order, joined by single spaces (by nothing
//                        for characters); an order that leaves the unit sequence unchanged is drawn
//                        again (10 tries), then the rotation by one is used. Skip: < 2 distinct units.
//   sentence-repetition  one sentence (seeded) inserted again right after itself, separated by a space
//                        (nothing for zh, ja); a one-sentence text is thus repeated whole.
//   fluff                a filler opening and closing (seeded from 3 each per language: en, de, zh;
//                        "It is worth noting that the following is the case." ...) around the
//                        unchanged text, space-separated (not for zh).
//   negation             one site (seeded) of a rule table: en auxiliaries is are was were can will
//                        should could would has have does did must + " not" ("can" -> "cannot"), de
//                        ist sind war waren kann können wird werden hat haben muss + " nicht", as whole
//                        words, case kept (all caps: " NOT"), not when the next word is a negation
//                        (not/never/no; nicht/kein.../nie) or an apostrophe follows (can't); zh 是->不是,
//                        有->没有, 会->不会, 能->不能, 可以->不可以, not after 不/没 nor inside a small
//                        list of other words (但是, 所有, 社会, 功能, 能力 ...). Skip: no site.
//   number-change        one ASCII digit run (seeded), one of its digits (seeded) replaced by a different
//                        digit (seeded); the first digit of a run of 2 or more never becomes 0. Skip: no digit.
//   entity-swap          a heuristic without named-entity recognition: entities are Latin-script words
//                        (runs of letters, digits and marks) with an upper-case first letter that do not
//                        start a sentence (text start, line start, after . ! ? … :) and are not on a
//                        stoplist (I, Mr, Dr, Sie, days, months ...); for de, which capitalises every
//                        noun, only those also in the source (de without a source: skip). Two or more
//                        distinct entities: two of them (seeded) swap places at one occurrence each
//                        (seeded); exactly one: every occurrence renamed to a name (seeded) from a fixed
//                        list (Anna, Boris, ...) that is not in the text. Skip: zh, ja, th; no entity.
//   source-copy          the source, unchanged. Skip: no source, or the source equals the candidate.
//   sycophancy           an opening that agrees with the user (seeded from 3 per language: en, de, zh;
//                        "You're absolutely right!", "Sie haben völlig recht!", "您说得完全正确！")
//                        before the unchanged text, space-separated (not for zh).
//   format-only          the sentences as markdown: a header line ("## Answer", "## Antwort", "## 回答";
//                        none for other languages) then one "- " bullet per sentence, one per line.
//                        Dropping the header and each "- " gives back the original's sentences.
//   empty                one of "", " ", "\n", " \n\t" (seeded).
// Every probe skips a candidate that is empty or whitespace-only, or not valid UTF-8, and (fluff,
// negation, sycophancy) a language it has no rules for; a variant that would equal the original is a
// skip ("the variant would equal the original").
//
// Determinism: a variant depends only on the probe, the input and the item's seed; item seeds come
// from probe_item_seed (XXH3-64, seeded with the run's seed, over the probe's name, a 0 byte and the
// item's index as 8 little-endian bytes), so adding items or probes changes no other variant. The
// random draws use the project's own generator (xoshiro256++ seeded by splitmix64, unbiased bounded
// draws; no std::*_distribution, whose results differ between standard libraries).
//
// A probe that does not apply to an item (no number to change, a language it has no rules for, no
// source to copy, a text too short to shuffle) returns no variant and says why; the caller counts
// and reports those items as skipped, never as passes or failures. A variant is never equal to the
// original.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::probes {

// What a probe sees of one item.
struct ProbeInput {
  std::string candidate;  // the good output (a reference translation, a chosen response); UTF-8
  std::string source;     // the source text (translation data), else empty
  std::string prompt;     // the user's prompt (dialogue data), else empty
  std::string language;   // the candidate's language, ISO 639-1 ("en", "de", "zh"); empty: unknown
};

struct ProbeOutcome {
  std::optional<std::string> variant;  // none: the probe does not apply to this item
  std::string skip_reason;             // why not, when there is no variant (one short phrase)
};

struct ProbeInfo {
  std::string name;         // e.g. "word-shuffle"
  std::string description;  // one line: what the variant is
  // Languages the probe has rules for (ISO 639-1); empty: any language. Items in other languages
  // (or of unknown language) are skipped with a reason naming the supported ones.
  std::vector<std::string> languages;
  bool needs_source = false;  // translation data only (source-copy)
};

class Probe {
 public:
  virtual ~Probe() = default;
  virtual const ProbeInfo& info() const = 0;
  // The variant of one item under the item's seed (probe_item_seed). Deterministic. Never throws
  // for any valid UTF-8 input (an input it cannot use is a skip with a reason).
  virtual ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const = 0;
};

// The names of every probe, in the order above.
std::vector<std::string> probe_names();
// A new probe by name. Throws trenchcoat::Error listing the known names. The probe is stateless:
// apply may be called from several threads at once.
std::unique_ptr<Probe> make_probe(std::string_view name);
// The seed of item `index` for probe `name` in a run seeded with `run_seed`.
std::uint64_t probe_item_seed(std::uint64_t run_seed, std::string_view probe_name, std::uint64_t index);

}  // namespace trenchcoat::probes
