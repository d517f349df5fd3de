#include "trenchcoat/metrics/signature.hpp"

#include <cstdlib>

#include "trenchcoat/version.hpp"

namespace trenchcoat::metrics {

void Signature::add(std::string key, std::string short_key, std::string value) {
  fields_.push_back({std::move(key), std::move(short_key), std::move(value)});
}

std::string Signature::format(bool short_form) const {
  std::string out;
  for (const auto& f : fields_) {
    out += short_form ? f.short_key : f.key;
    out += ':';
    out += f.value;
    out += '|';
  }
  out += short_form ? "v:" : "version:";
  out += signature_version();
  return out;
}

std::string signature_version() {
  if (const char* env = std::getenv("TRENCHCOAT_SIGNATURE_VERSION"); env && *env) return env;
  return std::string("2.6.0+trenchcoat.") + kVersion;
}

}  // namespace trenchcoat::metrics
