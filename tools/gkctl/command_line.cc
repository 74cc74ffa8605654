#include "tools/gkctl/command_line.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::gkctl {
namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, const std::string& name) {
  auto found = std::find_if(specs.begin(), specs.end(),
                            [&](const FlagSpec& spec) { return spec.name == name; });
  return found == specs.end() ? nullptr : &*found;
}

}  // namespace

absl::StatusOr<CommandLine> CommandLine::Parse(const std::vector<std::string>& args,
                                               const std::vector<FlagSpec>& specs) {
  CommandLine line;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      line.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(2, equals == std::string::npos ? arg.npos : equals - 2);
    const FlagSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    if (!spec->takes_value) {
      if (equals != std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " takes no value"));
      }
      line.values_[name] = "";
    } else if (equals != std::string::npos) {
      line.values_[name] = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      line.values_[name] = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
    }
  }
  return line;
}

std::optional<std::string> CommandLine::Value(const std::string& name) const {
  auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

absl::StatusOr<int64_t> CommandLine::IntValue(const std::string& name, int64_t fallback,
                                              int64_t min, int64_t max) const {
  std::optional<std::string> text = Value(name);
  if (!text.has_value()) return fallback;
  int64_t value = 0;
  if (!absl::SimpleAtoi(*text, &value) || value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, " must be a whole number from ", min,
                                                   " to ", max, ", not \"", *text, "\""));
  }
  return value;
}

absl::StatusOr<double> CommandLine::DoubleValue(const std::string& name, double fallback,
                                                double min, double max) const {
  std::optional<std::string> text = Value(name);
  if (!text.has_value()) return fallback;
  double value = 0;
  if (!absl::SimpleAtod(*text, &value) || !(value >= min && value <= max)) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, " must be a number from ", min,
                                                   " to ", max, ", not \"", *text, "\""));
  }
  return value;
}

}  // namespace gatekeeper::gkctl
