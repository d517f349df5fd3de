// A corpus of real MT output for the sacreBLEU comparison benchmark: segments sampled (seeded) from
// WMT21 system outputs with their references, several language pairs mixed in one file pair.
//
// Sources, under the data directory (the layout of the shared reference data):
//   wmt21-news-systems/txt/system-outputs/newstest2021.<pair>.hyp.<system>.<lang>, each line paired
//     with the same line of wmt21-news-systems/txt/references/newstest2021.<pair>.ref.A.<lang>
//     (en-de and zh-en);
//   wmt-mqm-human-evaluation/ted/<pair>/mqm_ted_<pair>.tsv: every MT system's output of the WMT21 TED
//     talks, paired with the "ref" system's (the error-span marks <v>...</v> removed), en-de and zh-en.
// Every source contributes the same number of segments (as far as it has them), drawn without
// replacement; the mixed segments are then shuffled. The same seed writes the same files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "corpus_generator.hpp"

namespace trenchcoat::bench {

struct RealDataSource {
  std::string name;  // "newstest2021 en-de", "TED zh-en", ...
  std::size_t available = 0;
  std::size_t sampled = 0;
};

struct RealDataCorpus {
  CorpusFiles files;
  std::vector<RealDataSource> sources;
};

// True when `data_directory` holds at least one of the sources above.
bool has_real_data(const std::string& data_directory);

// Samples `segments` segments and writes `<directory>/<stem>.{hyp,ref}`. Throws BenchError when the
// directory holds no source or a file cannot be read or written.
RealDataCorpus write_real_data_corpus(const std::string& data_directory, const std::string& directory,
                                      const std::string& stem, std::size_t segments, std::uint64_t seed);

}  // namespace trenchcoat::bench
