#pragma once
// Progress of a long run (permutation tests, bootstraps), told to whoever shows it: the command line
// draws a bar on a terminal, a Python caller may ignore it. The default does nothing.
#include <cstddef>
#include <string>

namespace trenchcoat::runs {

class Progress {
 public:
  virtual ~Progress() = default;
  // A stage of `total` units (e.g. "permutations", N, "resamples") begins.
  virtual void start(const std::string& /*name*/, std::size_t /*total*/, const std::string& /*unit*/) {}
  // Units done so far in the current stage; called from any thread.
  virtual void set(std::size_t /*done*/) {}
  // The current stage is over.
  virtual void finish() {}
};

// The Progress that shows nothing.
inline Progress& no_progress() {
  static Progress none;
  return none;
}

}  // namespace trenchcoat::runs
