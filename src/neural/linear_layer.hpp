#pragma once
// A linear layer y = x W^T + b over all rows of a packed batch. A layer may
// stack several checkpoint layers that read the same input (the attention's query, key and value):
// their outputs are side by side in y, in the order given.
//   * fp32 (Float32LinearLayer): the checkpoint's weights [out, in] are used in place (no copy) through
//     OpenBLAS cblas_sgemm (row-major, NoTrans x Trans), one call per part; the bias is written into y
//     first (beta = 1).
//   * int8 (QuantizedLinearLayer, quantized_linear_layer.hpp): dynamic quantisation through oneDNN; the
//     parts become one quantised matrix, so the input is quantised once and one GEMM runs.
// The weight and bias spans must outlive the layer (they point into the WeightStore).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "trenchcoat/neural/encoder.hpp"

namespace trenchcoat::neural {

class ThreadPool;

// Buffers a layer may need per call, owned by the caller (one per forward) and grown on demand.
struct LinearWorkspace {
  std::vector<std::uint8_t> quantized_rows;
  std::vector<float> row_scales;
  std::vector<std::int32_t> accumulators;
};

// One checkpoint linear layer: weight [out_features x in_features] row-major, bias [out_features].
struct LinearPart {
  std::span<const float> weight, bias;
  int out_features = 0;
};

class LinearLayer {
 public:
  static std::unique_ptr<LinearLayer> create(std::vector<LinearPart> parts, int in_features, Precision precision);
  virtual ~LinearLayer() = default;

  int in_features() const { return in_; }
  int out_features() const { return out_; }
  // y[rows x out] = x[rows x in] W^T + b, rows of x contiguous, rows of y `y_stride` (>= out) apart.
  // The GEMM library uses its own threads (gemm_threads.hpp); `pool` runs the element-wise parts.
  virtual void apply(const float* x, std::size_t rows, float* y, std::size_t y_stride, ThreadPool& pool,
                     LinearWorkspace& workspace) const = 0;
  void apply(const float* x, std::size_t rows, float* y, ThreadPool& pool, LinearWorkspace& workspace) const {
    apply(x, rows, y, static_cast<std::size_t>(out_), pool, workspace);
  }

 protected:
  LinearLayer(int out_features, int in_features) : out_(out_features), in_(in_features) {}
  int out_ = 0, in_ = 0;
};

class Float32LinearLayer final : public LinearLayer {
 public:
  Float32LinearLayer(std::vector<LinearPart> parts, int in_features);
  using LinearLayer::apply;
  void apply(const float* x, std::size_t rows, float* y, std::size_t y_stride, ThreadPool& pool,
             LinearWorkspace& workspace) const override;

 private:
  std::vector<LinearPart> parts_;
};

}  // namespace trenchcoat::neural
