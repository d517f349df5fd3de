#pragma once
// Thread counts of the GEMM libraries the encoders call: OpenBLAS (fp32) and oneDNN (int8, which
// Debian builds on OpenMP).
//
// fp32: the big GEMMs run on OpenBLAS's own threads (use_gemm_threads at the start of every forward);
// while the encoder's pool runs the small per-(sequence, head) GEMMs, OpenBLAS is held at one thread
// (ScopedSingleThreadedBlas), so the two never run at the same time. OpenBLAS's count is process-wide:
// another user of OpenBLAS in the same process sees these settings.
// int8: every pool worker calls oneDNN on its own block of rows with OpenMP held at one thread for
// that call (ScopedSingleThreadedOneDnn; OpenMP's count is per calling thread and is restored
// afterwards), so no OpenMP team is started and none spins while the pool works.
namespace trenchcoat::neural {

void use_gemm_threads(int threads);  // OpenBLAS; threads >= 1

class ScopedSingleThreadedBlas {
 public:
  ScopedSingleThreadedBlas();
  ~ScopedSingleThreadedBlas();
  ScopedSingleThreadedBlas(const ScopedSingleThreadedBlas&) = delete;
  ScopedSingleThreadedBlas& operator=(const ScopedSingleThreadedBlas&) = delete;

 private:
  int previous_ = 1;
};

class ScopedSingleThreadedOneDnn {
 public:
  ScopedSingleThreadedOneDnn();
  ~ScopedSingleThreadedOneDnn();
  ScopedSingleThreadedOneDnn(const ScopedSingleThreadedOneDnn&) = delete;
  ScopedSingleThreadedOneDnn& operator=(const ScopedSingleThreadedOneDnn&) = delete;

 private:
  int previous_ = 1;
};

}  // namespace trenchcoat::neural
