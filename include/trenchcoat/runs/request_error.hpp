#pragma once
// A request that cannot be run as asked (an option that does not apply to the chosen statistic, a
// value out of range): a usage error, which the command line reports with exit status 2.
#include "trenchcoat/error.hpp"

namespace trenchcoat::runs {

class RequestError : public Error {
 public:
  using Error::Error;
};

}  // namespace trenchcoat::runs
