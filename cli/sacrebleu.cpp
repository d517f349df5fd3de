// trenchcoat sacrebleu: placeholder until the full command line lands.
#include "subcommands.hpp"
namespace trenchcoat::cli {
int run_sacrebleu(int, char**) { return 0; }
}  // namespace trenchcoat::cli
