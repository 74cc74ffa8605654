// The arguments of one gkctl command, parsed against the flags that command
// accepts:
// `--name value`, `--name=value`, value-less switches (`--from-start`), and
// positional arguments; `--` ends the flags and `-` is a positional argument
// (standard input). An unknown flag, a missing value or a value given to a
// switch is a usage error, so a typo never silently changes what a command
// does.
//
//   absl::StatusOr<CommandLine> line = CommandLine::Parse(
//       args, {{"data-dir", true}, {"from-start", false}});
//   if (line.ok() && line->Has("from-start")) ...
#ifndef GATEKEEPER_TOOLS_GKCTL_COMMAND_LINE_H_
#define GATEKEEPER_TOOLS_GKCTL_COMMAND_LINE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace gatekeeper::gkctl {

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
};

class CommandLine {
 public:
  // InvalidArgument with a sentence for the user on any usage error.
  static absl::StatusOr<CommandLine> Parse(const std::vector<std::string>& args,
                                           const std::vector<FlagSpec>& specs);

  bool Has(const std::string& name) const { return values_.contains(name); }
  // The flag's value, or nullopt when it was not given (the last one wins when
  // repeated).
  std::optional<std::string> Value(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // The flag's value as an integer in [min, max]; `fallback` when absent.
  absl::StatusOr<int64_t> IntValue(const std::string& name, int64_t fallback, int64_t min,
                                   int64_t max) const;
  // The flag's value as a number in [min, max]; `fallback` when absent.
  absl::StatusOr<double> DoubleValue(const std::string& name, double fallback, double min,
                                     double max) const;

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace gatekeeper::gkctl

#endif  // GATEKEEPER_TOOLS_GKCTL_COMMAND_LINE_H_
