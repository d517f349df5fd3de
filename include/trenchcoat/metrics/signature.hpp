#pragma once
// A reproducibility signature in sacreBLEU's form: "key:value|key:value|...|version:X", with a short
// form that uses abbreviated keys ("#:2|c:mixed|...|v:X"). The version field always comes last.
#include <string>
#include <vector>

namespace trenchcoat::metrics {

struct SignatureField {
  std::string key;        // long name, e.g. "nrefs"
  std::string short_key;  // abbreviation, e.g. "#"
  std::string value;
};

class Signature {
 public:
  void add(std::string key, std::string short_key, std::string value);
  const std::vector<SignatureField>& fields() const { return fields_; }
  // With the version field appended last.
  std::string format(bool short_form) const;

 private:
  std::vector<SignatureField> fields_;
};

// The value of the version field. By default "2.6.0+trenchcoat.X.Y.Z": sacreBLEU's version that the
// numbers match, with trenchcoat's own as a local label, so that tools that parse sacreBLEU signatures
// keep working. The environment variable TRENCHCOAT_SIGNATURE_VERSION overrides it.
std::string signature_version();

// "yes" / "no", as sacreBLEU writes booleans in signatures.
inline std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace trenchcoat::metrics
