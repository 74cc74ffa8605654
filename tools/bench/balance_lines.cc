#include "tools/bench/balance_lines.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace gatekeeper::bench {

std::string FormatBalances(std::vector<internal::LineLedger> lines) {
  std::sort(lines.begin(), lines.end(),
            [](const internal::LineLedger& a, const internal::LineLedger& b) {
              if (a.licence_id() != b.licence_id()) return a.licence_id() < b.licence_id();
              return a.line_no() < b.line_no();
            });
  std::string out;
  for (const internal::LineLedger& line : lines) {
    absl::StrAppend(&out, line.licence_id(), " ", line.line_no(), " ", line.consumed_milli(), " ",
                    line.reserved_milli(), " ", line.remaining_milli(), " ", line.consumed_cents(),
                    " ", line.reserved_cents(), " ", line.remaining_cents(), "\n");
  }
  return out;
}

}  // namespace gatekeeper::bench
