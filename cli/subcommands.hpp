#pragma once
// The subcommands of the trenchcoat executable. Each parses its own arguments (argv[0] is the
// subcommand's name) and returns the process exit code; errors are reported by main(), prefixed with
// the full subcommand name (see run_command in exit_error.hpp).
#include <span>
#include <string>

namespace trenchcoat::cli {

int run_sacrebleu(int argc, char** argv);
int run_cite(int argc, char** argv);
int run_merge(int argc, char** argv);
int run_meta(int argc, char** argv);
int run_mtme(int argc, char** argv);
int run_probe(int argc, char** argv);
int run_report(int argc, char** argv);
int run_reproduce(int argc, char** argv);
int run_score(int argc, char** argv);
int run_scorers(int argc, char** argv);

// A command of a group (`trenchcoat meta pairs`, `trenchcoat mtme score`): its name within the group,
// its one-line description for --help, and the function that runs it.
struct GroupCommand {
  const char* name;
  const char* summary;
  int (*run)(int, char**);
};

// The commands of `trenchcoat meta`, `mtme` and `reproduce`, in --help order; top-level --help lists them
// too, so that it names every command.
std::span<const GroupCommand> meta_commands();
std::span<const GroupCommand> mtme_commands();
std::span<const GroupCommand> reproduce_commands();

// Runs `trenchcoat GROUP COMMAND ...` (argv[0] is the group's name): the command named by argv[1], its
// errors prefixed with the full command name; without a command, or with -h/--help, the group's usage
// (`intro`, when not empty, is a paragraph ending in an empty line before the command list). An unknown
// command exits 2 naming the known ones.
int run_command_group(const std::string& group, const std::string& intro, std::span<const GroupCommand> commands,
                      int argc, char** argv);

}  // namespace trenchcoat::cli
