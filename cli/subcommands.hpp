#pragma once
// The subcommands of the trenchcoat executable. Each parses its own arguments (argv[0] is the
// subcommand's name) and returns the process exit code; errors are reported by main().
namespace trenchcoat::cli {

int run_sacrebleu(int argc, char** argv);
int run_meta(int argc, char** argv);
int run_mtme(int argc, char** argv);
int run_probe(int argc, char** argv);
int run_score(int argc, char** argv);
int run_scorers(int argc, char** argv);

}  // namespace trenchcoat::cli
