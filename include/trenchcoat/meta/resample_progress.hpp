#pragma once
// How far a resampling procedure (permutation test, bootstrap) has come: told `done` of `total`
// resamples, after each resample or batch of resamples. The library never prints; a command shows the
// numbers (on a terminal, once a second). A test that stops early reports its last `done` below
// `total`. Calls for one procedure come one at a time, though possibly from a worker thread.
#include <cstddef>
#include <functional>

namespace trenchcoat::meta {

using ResampleProgress = std::function<void(std::size_t done, std::size_t total)>;

}  // namespace trenchcoat::meta
