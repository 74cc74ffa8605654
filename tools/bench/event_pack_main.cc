// gk-event-pack: writes a binary event file (services/codec/binary_event_file.h) from event
// files in either form, so that the tools of tools/bench/run that read the whole workload
// (gk-engine-bench, gk-loadgen, gk-pg-baseline) decode a million binary records instead of
// a million JSON lines each.
//
//   gk-event-pack --output FILE [SELECT:]INPUT...
//
// Inputs are read in order, each JSON lines or binary; SELECT is `all` (the default),
// `authority` (licences, licence status changes, rules, parties and their removals) or
// `customs` (declarations, invalidations, dispositions), in file order. The same input may
// be named twice with different selections. An input event that does not decode stops the
// tool (exit 1, with its line or record): the packed workload must hold every event.
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "services/codec/binary_event_file.h"
#include "services/codec/event_kind.h"
#include "services/codec/event_stream_reader.h"

namespace gatekeeper::bench {
namespace {

constexpr char kUsage[] = "usage: gk-event-pack --output FILE [all:|authority:|customs:]INPUT...\n";

enum class Select { kAll, kAuthority, kCustoms };

bool Selected(Select select, const v1::Event& event) {
  switch (select) {
    case Select::kAll:
      return true;
    case Select::kAuthority:
      return !IsCustomsEvent(event);
    case Select::kCustoms:
      return IsCustomsEvent(event);
  }
  return false;
}

// Copies the selected events of `path` to `out`; the count written into *written.
absl::Status Pack(const std::string& path, Select select, std::ostream& out, uint64_t* written) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  EventStreamReader reader(&in);
  while (true) {
    absl::StatusOr<std::optional<EventStreamReader::Item>> item = reader.Next();
    if (!item.ok()) return absl::DataLossError(absl::StrCat(path, ": ", item.status().message()));
    if (!item->has_value()) return absl::OkStatus();
    if (!(*item)->event.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", (*item)->where, ": ", (*item)->event.status().message()));
    }
    if (!Selected(select, *(*item)->event)) continue;
    if (absl::Status appended = AppendBinaryEvent(out, *(*item)->event); !appended.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", (*item)->where, ": ", appended.message()));
    }
    ++*written;
  }
}

int Main(int argc, char** argv) {
  std::string output;
  std::vector<std::pair<Select, std::string>> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--output" && i + 1 < argc) {
      output = argv[++i];
      continue;
    }
    if (arg.empty() || arg[0] == '-') {
      std::fputs(kUsage, stderr);
      return 64;
    }
    Select select = Select::kAll;
    std::string_view path = arg;
    for (const auto& [prefix, value] :
         {std::pair{std::string_view("all:"), Select::kAll},
          std::pair{std::string_view("authority:"), Select::kAuthority},
          std::pair{std::string_view("customs:"), Select::kCustoms}}) {
      if (path.substr(0, prefix.size()) == prefix) {
        select = value;
        path.remove_prefix(prefix.size());
        break;
      }
    }
    inputs.emplace_back(select, std::string(path));
  }
  if (output.empty() || inputs.empty()) {
    std::fputs(kUsage, stderr);
    return 64;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::fprintf(stderr, "gk-event-pack: cannot write %s\n", output.c_str());
    return 1;
  }
  WriteBinaryEventFileHeader(out);
  uint64_t written = 0;
  for (const auto& [select, path] : inputs) {
    if (absl::Status packed = Pack(path, select, out, &written); !packed.ok()) {
      std::fprintf(stderr, "gk-event-pack: %s\n", std::string(packed.message()).c_str());
      return 1;
    }
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "gk-event-pack: writing %s failed\n", output.c_str());
    return 1;
  }
  std::fprintf(stderr, "gk-event-pack: %llu events in %s\n",
               static_cast<unsigned long long>(written), output.c_str());
  return 0;
}

}  // namespace
}  // namespace gatekeeper::bench

int main(int argc, char** argv) { return gatekeeper::bench::Main(argc, argv); }
