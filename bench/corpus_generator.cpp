#include "corpus_generator.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace trenchcoat::bench {

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  x += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotate_left(std::uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const std::uint64_t shifted = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= shifted;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

double Rng::unit() {
  // Top 53 bits -> exactly representable double in [0, 1).
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::size_t Rng::below(std::size_t bound) {
  // Plain modulo: the bias for bounds this small is irrelevant for test data.
  return static_cast<std::size_t>(next() % bound);
}

bool Rng::chance(double probability) { return unit() < probability; }

namespace {

template <typename T, std::size_t N>
const T& pick(Rng& rng, const std::array<T, N>& items) {
  return items[rng.below(N)];
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

// Frequent English function words take the top ranks so that the Zipf head
// looks like real text (and gives BLEU plenty of matching unigrams).
constexpr std::array<std::string_view, 60> kFunctionWords = {
    "the",  "of",   "and", "to",    "a",    "in",    "is",    "that",  "for",   "it",   "on",    "with",
    "as",   "was",  "be",  "by",    "this", "are",   "at",    "from",  "or",    "an",   "which", "not",
    "have", "has",  "but", "they",  "he",   "she",   "we",    "will",  "would", "can",  "their", "there",
    "been", "more", "its", "were",  "said", "also",  "after", "about", "into",  "over", "than",  "when",
    "who",  "all",  "new", "don't", "it's", "we're", "could", "other", "first", "some", "these", "only"};

constexpr std::array<std::string_view, 31> kOnsets = {"",   "b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",  "l",  "m",
                                                      "n",  "p",  "r",  "s",  "t",  "v",  "w",  "z",  "br", "ch", "cl",
                                                      "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"};
constexpr std::array<std::string_view, 12> kNuclei = {"a", "e", "i", "o", "u", "a", "e", "ai", "ea", "ou", "ie", "y"};
constexpr std::array<std::string_view, 12> kCodas = {"", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "ck"};

// Letters that turn an ASCII pseudo-word into a Latin-1-ish one.
constexpr std::array<std::string_view, 8> kAccented = {"é", "ü", "ö", "à", "ñ", "ç", "è", "ä"};

constexpr std::array<std::string_view, 24> kCjk = {"東", "京", "数", "据", "世", "界", "学", "生",
                                                   "中", "国", "语", "言", "翻", "译", "模", "型",
                                                   "日", "本", "新", "闻", "市", "场", "电", "脑"};

// Concatenates pieces with append() only; GCC 12 reports false -Wrestrict
// warnings for some `literal + std::string` forms.
std::string join(std::initializer_list<std::string_view> pieces) {
  std::string text;
  for (auto piece : pieces) text.append(piece);
  return text;
}

std::string make_syllable_word(Rng& rng, std::size_t syllables) {
  std::string word;
  for (std::size_t i = 0; i < syllables; ++i) {
    word += pick(rng, kOnsets);
    word += pick(rng, kNuclei);
    if (i + 1 == syllables ? rng.chance(0.7) : rng.chance(0.15)) word += pick(rng, kCodas);
  }
  return word;
}

std::string make_cjk_word(Rng& rng) {
  std::string word;
  const std::size_t characters = 2 + rng.below(3);
  for (std::size_t i = 0; i < characters; ++i) word += pick(rng, kCjk);
  return word;
}

// Swaps one vowel for an accented letter, or an "s" for "ß".
std::string add_diacritic(Rng& rng, const std::string& word) {
  const std::string_view text = word;
  const auto sharp_s = text.find('s', 1);
  if (sharp_s != std::string_view::npos && rng.chance(0.3)) {
    return join({text.substr(0, sharp_s), "ß", text.substr(sharp_s + 1)});
  }
  const auto vowel = text.find_first_of("aeiou");
  if (vowel == std::string_view::npos) return join({text, pick(rng, kAccented)});
  return join({text.substr(0, vowel), pick(rng, kAccented), text.substr(vowel + 1)});
}

void capitalise_first_ascii(std::string& word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
}

// Frequent words are short, rare words longer, as in natural language.
std::size_t syllables_for_rank(Rng& rng, std::size_t rank) {
  if (rank < 2000) return 1 + rng.below(2);
  if (rank < 10000) return 2;
  return 2 + rng.below(2);
}

std::string make_content_word(Rng& rng, std::size_t rank) {
  const double kind = rng.unit();
  if (kind < 0.004) return make_cjk_word(rng);
  std::string word = make_syllable_word(rng, syllables_for_rank(rng, rank));
  if (kind < 0.03) {
    word = add_diacritic(rng, word);
  } else if (kind < 0.05) {
    word += '-';
    word += make_syllable_word(rng, 1 + rng.below(2));
  }
  if (rng.chance(0.08)) capitalise_first_ascii(word);  // proper nouns
  return word;
}

}  // namespace

Vocabulary::Vocabulary(std::size_t size, std::uint64_t seed) {
  Rng rng(seed ^ 0x766f636162756c61ULL);
  std::unordered_set<std::string> seen;
  for (auto word : kFunctionWords) {
    if (words_.size() == size) break;
    words_.emplace_back(word);
    seen.emplace(word);
  }
  while (words_.size() < size) {
    std::string word = make_content_word(rng, words_.size());
    if (seen.insert(word).second) words_.push_back(std::move(word));
  }
  // Zipf with a small offset (Zipf-Mandelbrot) so the very top is not absurdly dominant.
  cumulative_weight_.reserve(words_.size());
  double total = 0.0;
  for (std::size_t rank = 0; rank < words_.size(); ++rank) {
    total += 1.0 / (static_cast<double>(rank) + 2.7);
    cumulative_weight_.push_back(total);
  }
}

const std::string& Vocabulary::draw(Rng& rng) const {
  const double target = rng.unit() * cumulative_weight_.back();
  auto it = std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), target);
  if (it == cumulative_weight_.end()) --it;
  return words_[static_cast<std::size_t>(it - cumulative_weight_.begin())];
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

namespace {

// How a token is joined to its neighbours when the line is rendered.
enum class Glue {
  kNone,        // a space on both sides (ordinary words)
  kToPrevious,  // no space before: , . ; : ! ? ) closing quotes
  kToNext,      // no space after: ( opening quotes
};

struct Token {
  std::string text;
  Glue glue = Glue::kNone;
  bool is_word() const { return glue == Glue::kNone; }
};

using Sentence = std::vector<Token>;

std::string make_number(Rng& rng) {
  switch (rng.below(7)) {
    case 0:
      return join({std::to_string(rng.below(10)), ".", std::to_string(10 + rng.below(90))});  // 3.14
    case 1:
      return join({std::to_string(1 + rng.below(99)), ",", std::to_string(100 + rng.below(900))});  // 1,000
    case 2:
      return join({std::to_string(1 + rng.below(20)), "-"});  // 5-
    case 3:
      return std::to_string(1900 + rng.below(130));
    case 4:
      return join({std::to_string(rng.below(100)), "%"});
    case 5:
      return join({"$", std::to_string(1 + rng.below(500))});
    default:
      return std::to_string(rng.below(1000));
  }
}

// A quote or parenthesis span that has been opened and must be closed.
struct OpenSpan {
  std::string closer;
  std::size_t words_left = 0;
};

std::size_t draw_length(Rng& rng, double mean_words) {
  // Triangular around the mean, spanning 0.4x .. 1.6x.
  const double spread = (rng.unit() + rng.unit()) / 2.0;
  const auto length = static_cast<std::size_t>(std::lround(mean_words * (0.4 + 1.2 * spread)));
  return std::max<std::size_t>(length, 3);
}

void maybe_open_span(Rng& rng, Sentence& sentence, OpenSpan& span, std::size_t words_remaining) {
  if (!span.closer.empty() || words_remaining < 3) return;
  // Cumulative probability of opening each kind of span before a word.
  struct SpanKind {
    double below;
    std::string_view opener, closer;
  };
  static constexpr std::array<SpanKind, 4> kSpans = {
      {{0.015, "\"", "\""}, {0.025, "(", ")"}, {0.030, "“", "”"}, {0.033, "'", "'"}}};
  const double kind = rng.unit();
  for (const auto& candidate : kSpans) {
    if (kind >= candidate.below) continue;
    span.closer = std::string(candidate.closer);
    span.words_left = 1 + rng.below(std::min<std::size_t>(4, words_remaining - 1));
    sentence.push_back({std::string(candidate.opener), Glue::kToNext});
    return;
  }
}

void maybe_close_span(Sentence& sentence, OpenSpan& span) {
  if (span.closer.empty() || --span.words_left > 0) return;
  sentence.push_back({std::move(span.closer), Glue::kToPrevious});
  span.closer.clear();
}

void maybe_add_inner_punctuation(Rng& rng, Sentence& sentence) {
  const double kind = rng.unit();
  if (kind < 0.06) sentence.push_back({",", Glue::kToPrevious});
  else if (kind < 0.07) sentence.push_back({";", Glue::kToPrevious});
  else if (kind < 0.08) sentence.push_back({":", Glue::kToPrevious});
}

void add_final_punctuation(Rng& rng, Sentence& sentence) {
  const double kind = rng.unit();
  if (kind < 0.85) sentence.push_back({".", Glue::kToPrevious});
  else if (kind < 0.93) sentence.push_back({"?", Glue::kToPrevious});
  else if (kind < 0.98) sentence.push_back({"!", Glue::kToPrevious});
}

Sentence make_sentence(Rng& rng, const Vocabulary& vocabulary, double mean_words) {
  const std::size_t length = draw_length(rng, mean_words);
  Sentence sentence;
  sentence.reserve(length + 8);
  OpenSpan span;
  for (std::size_t i = 0; i < length; ++i) {
    maybe_open_span(rng, sentence, span, length - i);
    std::string word = rng.chance(0.03) ? make_number(rng) : vocabulary.draw(rng);
    sentence.push_back({std::move(word), Glue::kNone});
    maybe_close_span(sentence, span);
    if (i + 1 < length && span.closer.empty()) maybe_add_inner_punctuation(rng, sentence);
  }
  if (!span.closer.empty()) sentence.push_back({std::move(span.closer), Glue::kToPrevious});
  add_final_punctuation(rng, sentence);
  return sentence;
}

// Word-level noise, roughly what a mediocre MT system does to a reference.
Sentence make_noisy_copy(Rng& rng, const Sentence& reference, const Vocabulary& vocabulary,
                         const NoisyCorpusSpec& spec) {
  Sentence hypothesis;
  hypothesis.reserve(reference.size() + 8);
  for (const Token& token : reference) {
    if (token.is_word() && rng.chance(spec.drop)) continue;
    if (token.is_word() && rng.chance(spec.substitute)) {
      hypothesis.push_back({vocabulary.draw(rng), Glue::kNone});
    } else {
      hypothesis.push_back(token);
    }
    if (rng.chance(spec.insert)) hypothesis.push_back({vocabulary.draw(rng), Glue::kNone});
  }
  for (std::size_t i = 0; i + 1 < hypothesis.size(); ++i) {
    if (hypothesis[i].is_word() && hypothesis[i + 1].is_word() && rng.chance(spec.swap_neighbours)) {
      std::swap(hypothesis[i], hypothesis[i + 1]);
      ++i;  // do not drag the same word further along
    }
  }
  if (hypothesis.empty()) hypothesis.push_back({vocabulary.draw(rng), Glue::kNone});
  return hypothesis;
}

// Joins tokens with single spaces, honouring glue, and capitalises the first word.
std::string render(const Sentence& sentence) {
  std::string line;
  bool glue_next = true;  // nothing before the first token
  bool capitalised = false;
  for (const Token& token : sentence) {
    if (!glue_next && token.glue != Glue::kToPrevious) line += ' ';
    if (token.is_word() && !capitalised) {
      std::string first_word = token.text;
      capitalise_first_ascii(first_word);
      line += first_word;
      capitalised = true;
    } else {
      line += token.text;
    }
    glue_next = token.glue == Glue::kToNext;
  }
  return line;
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// A write-only file with a large buffer that reports errors by file name.
class LineWriter {
 public:
  explicit LineWriter(std::string path) : path_(std::move(path)), file_(std::fopen(path_.c_str(), "wb")) {
    if (!file_) fail("cannot create");
    std::setvbuf(file_.get(), nullptr, _IOFBF, 1 << 20);
  }

  void write_line(const std::string& line) {
    if (std::fwrite(line.data(), 1, line.size(), file_.get()) != line.size() || std::fputc('\n', file_.get()) == EOF) {
      fail("cannot write");
    }
  }

  void close() {
    if (std::fclose(file_.release()) != 0) fail("cannot finish writing");
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(std::string(what) + " " + path_ + ": " + std::strerror(errno));
  }

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
};

CorpusFiles corpus_paths(const std::string& directory, const std::string& stem) {
  CorpusFiles files;
  files.hypothesis = directory + "/" + stem + ".hyp";
  files.reference = directory + "/" + stem + ".ref";
  return files;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& word : words) {
    if (!line.empty()) line += ' ';
    line += word;
  }
  return line;
}

// Each corpus gets its own random stream, so changing one corpus' size does
// not change the content of the others.
std::uint64_t stream_seed(std::uint64_t seed, std::string_view stem) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (char c : stem) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return seed ^ hash;
}

}  // namespace

CorpusFiles write_noisy_corpus(const std::string& directory, const std::string& stem, const NoisyCorpusSpec& spec,
                               const Vocabulary& vocabulary, std::uint64_t seed) {
  CorpusFiles files = corpus_paths(directory, stem);
  LineWriter hypothesis_out(files.hypothesis);
  LineWriter reference_out(files.reference);
  Rng rng(stream_seed(seed, stem));
  for (std::size_t i = 0; i < spec.segments; ++i) {
    const Sentence reference = make_sentence(rng, vocabulary, spec.mean_words);
    reference_out.write_line(render(reference));
    hypothesis_out.write_line(render(make_noisy_copy(rng, reference, vocabulary, spec)));
  }
  hypothesis_out.close();
  reference_out.close();
  files.segments = spec.segments;
  return files;
}

CorpusFiles write_shuffled_corpus(const std::string& directory, const std::string& stem, const ShuffledCorpusSpec& spec,
                                  const Vocabulary& vocabulary, std::uint64_t seed) {
  CorpusFiles files = corpus_paths(directory, stem);
  LineWriter hypothesis_out(files.hypothesis);
  LineWriter reference_out(files.reference);
  Rng rng(stream_seed(seed, stem));
  for (std::size_t i = 0; i < spec.segments; ++i) {
    std::vector<std::string> words;
    words.reserve(spec.words_per_segment);
    for (std::size_t w = 0; w < spec.words_per_segment; ++w) words.push_back(vocabulary.draw(rng));
    if (!words.empty()) {
      capitalise_first_ascii(words.front());
      words.back() += '.';
    }
    const std::string reference_line = join_words(words);
    // Fisher-Yates with our own generator, so the shuffle is reproducible.
    for (std::size_t w = words.size(); w > 1; --w) std::swap(words[w - 1], words[rng.below(w)]);
    reference_out.write_line(reference_line);
    hypothesis_out.write_line(join_words(words));
  }
  hypothesis_out.close();
  reference_out.close();
  files.segments = spec.segments;
  return files;
}

namespace {

std::size_t copy_first_lines(const std::string& from, const std::string& to, std::size_t count) {
  std::ifstream in(from, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + from + ": " + std::strerror(errno));
  LineWriter out(to);
  std::string line;
  std::size_t copied = 0;
  while (copied < count && std::getline(in, line)) {
    out.write_line(line);
    ++copied;
  }
  out.close();
  return copied;
}

}  // namespace

CorpusFiles write_corpus_prefix(const CorpusFiles& source, const std::string& directory, const std::string& stem,
                                std::size_t segments) {
  CorpusFiles files = corpus_paths(directory, stem);
  const std::size_t hypothesis_lines = copy_first_lines(source.hypothesis, files.hypothesis, segments);
  const std::size_t reference_lines = copy_first_lines(source.reference, files.reference, segments);
  files.segments = std::min(hypothesis_lines, reference_lines);
  return files;
}

}  // namespace trenchcoat::bench
