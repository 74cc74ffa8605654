#include "services/common/check.h"

#include <cstdio>
#include <cstdlib>

namespace gatekeeper::check_internal {

CheckFailure::CheckFailure(const char* condition, const char* file, int line) {
  message_ << "gatekeeper: invariant violated at " << file << ":" << line << ": " << condition;
}

CheckFailure::~CheckFailure() {
  const std::string message = message_.str();
  // One write, unbuffered, so that the line is complete even if stderr is a pipe being read
  // while the process dies.
  std::fprintf(stderr, "%s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace gatekeeper::check_internal
