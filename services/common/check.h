// GK_CHECK: an invariant that holds in every build, release included.
//
//   GK_CHECK(ledger.reserved_milli() >= 0) << "line " << ledger.line_no();
//
// `assert` is removed by NDEBUG, which the default RelWithDebInfo build defines, so the ledger
// arithmetic, sequence order and effects balance are checked with GK_CHECK instead. A failed
// check writes the condition, the file and line and the streamed message to stderr and aborts
// the process at once. The engine and the store check before anything is written, so a
// failed check never reaches the disk: on restart the process resumes from the last
// committed group, which was checked when it was staged. Keep `assert` only for checks too
// costly for production.
//
// The condition is evaluated exactly once; the message only when the check fails.
#ifndef GATEKEEPER_SERVICES_COMMON_CHECK_H_
#define GATEKEEPER_SERVICES_COMMON_CHECK_H_

#include <sstream>
#include <string>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"

namespace gatekeeper::check_internal {

// Collects the message of a failed check and aborts in its destructor.
class CheckFailure {
 public:
  CheckFailure(const char* condition, const char* file, int line);
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;
  [[noreturn]] ~CheckFailure();

  template <typename T>
  CheckFailure& operator<<(const T& value) {
    message_ << value;
    return *this;
  }

 private:
  std::ostringstream message_;
};

// Lets `GK_CHECK(c) << ...` be one expression of type void in both arms of the ternary.
struct Voidify {
  void operator&(const CheckFailure&) {}
};

}  // namespace gatekeeper::check_internal

#define GK_CHECK(condition)                                   \
  ABSL_PREDICT_TRUE(condition)                                \
  ? (void)0                                                   \
  : ::gatekeeper::check_internal::Voidify() &                 \
        ::gatekeeper::check_internal::CheckFailure(#condition, __FILE__, __LINE__)

#endif  // GATEKEEPER_SERVICES_COMMON_CHECK_H_
