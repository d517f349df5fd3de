#include "neural/linear_layer.hpp"

#include <cblas.h>

#include <cstring>

#include "neural/quantized_linear_layer.hpp"
#include "neural/thread_pool.hpp"

namespace trenchcoat::neural {

std::unique_ptr<LinearLayer> LinearLayer::create(std::vector<LinearPart> parts, int in_features, Precision precision) {
  if (precision == Precision::int8) return std::make_unique<QuantizedLinearLayer>(std::move(parts), in_features);
  return std::make_unique<Float32LinearLayer>(std::move(parts), in_features);
}

namespace {
int total_out(const std::vector<LinearPart>& parts) {
  int total = 0;
  for (const auto& part : parts) total += part.out_features;
  return total;
}
}  // namespace

Float32LinearLayer::Float32LinearLayer(std::vector<LinearPart> parts, int in_features)
    : LinearLayer(total_out(parts), in_features), parts_(std::move(parts)) {}

void Float32LinearLayer::apply(const float* x, std::size_t rows, float* y, std::size_t y_stride, ThreadPool& pool,
                               LinearWorkspace& /*workspace*/) const {
  if (rows == 0) return;
  pool.parallel_for(rows, 64, [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      float* row = y + r * y_stride;
      for (const auto& part : parts_) {
        std::memcpy(row, part.bias.data(), static_cast<std::size_t>(part.out_features) * sizeof(float));
        row += part.out_features;
      }
    }
  });
  float* column = y;
  for (const auto& part : parts_) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), part.out_features, in_, 1.0f, x, in_,
                part.weight.data(), in_, 1.0f, column, static_cast<int>(y_stride));
    column += part.out_features;
  }
}

}  // namespace trenchcoat::neural
