#pragma once
// The commands of `trenchcoat reproduce` (argv[0] is the command's name; errors are reported by main()).
namespace trenchcoat::cli {

int run_reproduce_translation(int argc, char** argv);  // reproduce_translation.cpp
int run_reproduce_attribution(int argc, char** argv);  // reproduce_attribution.cpp

}  // namespace trenchcoat::cli
