// The flags of one gk-loadgen subcommand: `--name value` or `--name=value`
// pairs, read by name with a default, so each subcommand states its own flags
// where it uses them.
#ifndef GATEKEEPER_TOOLS_LOADGEN_COMMAND_FLAGS_H_
#define GATEKEEPER_TOOLS_LOADGEN_COMMAND_FLAGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gatekeeper::loadgen {

class CommandFlags {
 public:
  // Every argument must be a --flag with a value.
  static absl::StatusOr<CommandFlags> Parse(
      const std::vector<std::string>& args);

  std::string String(const std::string& name, const std::string& fallback);
  absl::StatusOr<int64_t> Int(const std::string& name, int64_t fallback);
  absl::StatusOr<double> Double(const std::string& name, double fallback);
  // InvalidArgument naming any flag that no String/Int/Double call asked for: a
  // typo.
  absl::Status CheckAllUsed() const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> used_;
};

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_COMMAND_FLAGS_H_
