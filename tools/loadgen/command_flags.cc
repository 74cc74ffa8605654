#include "tools/loadgen/command_flags.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::loadgen {

absl::StatusOr<CommandFlags> CommandFlags::Parse(
    const std::vector<std::string>& args) {
  CommandFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!absl::StartsWith(args[i], "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument \"", args[i], "\""));
    }
    std::string name = args[i].substr(2);
    std::string value;
    if (size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " needs a value"));
    }
    flags.values_[name] = value;
  }
  return flags;
}

std::string CommandFlags::String(const std::string& name,
                                 const std::string& fallback) {
  used_.insert(name);
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

absl::StatusOr<int64_t> CommandFlags::Int(const std::string& name,
                                          int64_t fallback) {
  used_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  int64_t value;
  if (!absl::SimpleAtoi(it->second, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", name, ": expected a whole number, got \"", it->second, "\""));
  }
  return value;
}

absl::StatusOr<double> CommandFlags::Double(const std::string& name,
                                            double fallback) {
  used_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  double value;
  if (!absl::SimpleAtod(it->second, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", name, ": expected a number, got \"", it->second, "\""));
  }
  return value;
}

absl::Status CommandFlags::CheckAllUsed() const {
  for (const auto& [name, value] : values_) {
    if (!used_.contains(name))
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
  }
  return absl::OkStatus();
}

}  // namespace gatekeeper::loadgen
