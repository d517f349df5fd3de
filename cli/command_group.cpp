// How a command group (`trenchcoat meta`, `mtme`, `reproduce`) runs one of its commands, and its --help.
#include <algorithm>
#include <cstdio>
#include <string>

#include "exit_error.hpp"
#include "subcommands.hpp"

namespace trenchcoat::cli {

int run_command_group(const std::string& group, const std::string& intro, std::span<const GroupCommand> commands,
                      int argc, char** argv) {
  std::size_t width = 0;
  for (const auto& c : commands) width = std::max(width, std::string(c.name).size());
  std::string usage = "usage: trenchcoat " + group + " COMMAND [OPTIONS]\n\n" + intro + "commands:\n";
  std::string known;
  for (const auto& c : commands) {
    std::string name = c.name;
    name.resize(width + 1, ' ');
    usage += "  " + name + " " + c.summary + "\n";
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  usage += "\n`trenchcoat " + group + " COMMAND --help` describes each one.\n";
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(usage.c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  for (const auto& c : commands)
    if (command == c.name)
      return run_command("trenchcoat " + group + " " + command, [&] { return c.run(argc - 1, argv + 1); });
  throw ExitError(2, "unknown " + group + " command '" + command + "' (known: " + known + ")");
}

}  // namespace trenchcoat::cli
