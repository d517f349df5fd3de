#include "neural/gemm_threads.hpp"

#include <cblas.h>
#include <dlfcn.h>

namespace trenchcoat::neural {
namespace {

// The OpenMP runtime oneDNN was linked with, found at run time so that this library needs no OpenMP
// flags of its own; null functions when oneDNN uses no OpenMP.
struct OpenMp {
  using Set = void (*)(int);
  using Get = int (*)();
  Set set_num_threads = reinterpret_cast<Set>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  Get get_max_threads = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  bool available() const { return set_num_threads && get_max_threads; }
};

const OpenMp& open_mp() {
  static const OpenMp functions;
  return functions;
}

}  // namespace

void use_gemm_threads(int threads) {
  if (threads < 1) threads = 1;
  if (openblas_get_num_threads() != threads) openblas_set_num_threads(threads);
}

ScopedSingleThreadedBlas::ScopedSingleThreadedBlas() : previous_(openblas_get_num_threads()) {
  if (previous_ != 1) openblas_set_num_threads(1);
}

ScopedSingleThreadedBlas::~ScopedSingleThreadedBlas() {
  if (previous_ != 1) openblas_set_num_threads(previous_);
}

ScopedSingleThreadedOneDnn::ScopedSingleThreadedOneDnn() {
  const OpenMp& omp = open_mp();
  if (!omp.available()) return;
  previous_ = omp.get_max_threads();
  if (previous_ != 1) omp.set_num_threads(1);
}

ScopedSingleThreadedOneDnn::~ScopedSingleThreadedOneDnn() {
  const OpenMp& omp = open_mp();
  if (omp.available() && previous_ != 1) omp.set_num_threads(previous_);
}

}  // namespace trenchcoat::neural
