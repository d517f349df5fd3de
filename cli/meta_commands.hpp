#pragma once
// The commands of `trenchcoat meta` (argv[0] is the command's name; errors are reported by main()).
namespace trenchcoat::cli {

int run_meta_corr(int argc, char** argv);     // meta_corr.cpp
int run_meta_pairs(int argc, char** argv);    // meta_pairs.cpp
int run_meta_calib(int argc, char** argv);    // meta_calib.cpp
int run_meta_bon(int argc, char** argv);      // meta_bon.cpp
int run_meta_winrate(int argc, char** argv);  // meta_winrate.cpp

}  // namespace trenchcoat::cli
