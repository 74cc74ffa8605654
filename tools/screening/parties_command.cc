#include "tools/screening/parties_command.h"

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <iostream>
#include <istream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "gatekeeper/v1/event.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"
#include "storage/store.h"
#include "tools/screening/eu_fsf_importer.h"
#include "tools/screening/ofac_sdn_importer.h"
#include "tools/screening/party_delta.h"
#include "tools/screening/un_xml_importer.h"

namespace gatekeeper::screening {

const char kPartiesUsage[] = R"(Usage: gkctl parties COMMAND [FLAGS] [FILE...]

  gkctl parties import --format ofac-sdn [--previous EVENTS | --data-dir DIR] SDN_CSV [ALT_CSV]
  gkctl parties import --format un-xml [--previous EVENTS | --data-dir DIR]
                       [--un-low-quality-aliases] XML
  gkctl parties import --format eu-fsf [--previous EVENTS | --data-dir DIR]
                       [--eu-weak-aliases] XML
      Reads a published sanctions list (OFAC's sdn.csv and alt.csv; the UN consolidated
      list's XML; the EU financial-sanctions file, FSF XML) and prints one JSON Event a line on standard output: {"party": {...}} for
      every listed party. With --previous, EVENTS is the JSON-lines output of an earlier
      import (or any JSON-lines Events; party and partyRemoval events are applied in order,
      others ignored); with --data-dir, the parties a store holds (the store must exist and
      not be open in another process). Then only parties that are new or changed are
      printed, followed by {"partyRemoval": {"partyId": ...}} for each party of the same
      list (same source) that EVENTS or the store has and the new file does not. Apply the
      output with "gkctl replay --data-dir DIR". A malformed list prints nothing.
      --un-low-quality-aliases keeps the UN's "Low" quality aliases (nicknames, titles),
      which are left out by default; --eu-weak-aliases likewise the EU's strong="false"
      aliases.

  gkctl parties list [EVENTS...]
      Applies the party events of the files (standard input if none) in order and prints the
      resulting parties, one JSON ListedParty a line, by party id.

  gkctl parties screen --name NAME [--id ID] [--threshold T] [EVENTS...]
      Screens one declared party against the parties of the files (standard input if none),
      as the engine screens a consignee or end user, and prints the hits best first, one JSON
      object a line: {"partyId", "listedName", "declaredName", "score", "byIdentifier"}.
      T defaults to the engine's default threshold.

Exit status: 0 done (screen: with or without hits); 1 a file could not be read or parsed;
64 usage error.
)";

namespace {

// Lines longer than this in an events file are refused: a ListedParty with every alias of
// the longest OFAC entry is under 10 KB.
constexpr size_t kMaxEventLineBytes = 1 << 20;

struct Flags {
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;
};

// Parses "--flag VALUE", "--flag=VALUE" and the boolean flags in `switches`; anything else
// starting with "--" is an error.
absl::StatusOr<Flags> ParseFlags(const std::vector<std::string>& args,
                                 const std::vector<std::string>& valued,
                                 const std::vector<std::string>& switches) {
  Flags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      flags.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (const size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
      has_value = true;
    }
    if (std::find(switches.begin(), switches.end(), name) != switches.end() && !has_value) {
      flags.values[name] = "true";
      continue;
    }
    if (std::find(valued.begin(), valued.end(), name) == valued.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      }
      value = args[++i];
    }
    flags.values[name] = value;
  }
  return flags;
}

int Usage(std::ostream& err, absl::string_view problem) {
  err << "gkctl parties: " << problem << "\n\n" << kPartiesUsage;
  return kPartiesExitUsage;
}

int Failure(std::ostream& err, const absl::Status& status) {
  err << "gkctl parties: " << status.message() << "\n";
  return kPartiesExitFailure;
}

// Party state after applying the party events of one JSON-lines stream in order.
absl::Status ApplyPartyEvents(std::istream& in, absl::string_view stream_name,
                              std::map<std::string, v1::ListedParty>* parties) {
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.size() > kMaxEventLineBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          stream_name, ":", line_number, ": line longer than ", kMaxEventLineBytes, " bytes"));
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    v1::Event event;
    const auto status = google::protobuf::util::JsonStringToMessage(line, &event);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          stream_name, ":", line_number, ": not a valid Event: ", std::string(status.message())));
    }
    if (event.has_party()) {
      (*parties)[event.party().party_id()] = event.party();
    } else if (event.has_party_removal()) {
      parties->erase(event.party_removal().party_id());
    }
  }
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat(stream_name, ": read failed"));
  }
  return absl::OkStatus();
}

// Applies every file in order, or standard input when there are none.
absl::StatusOr<std::map<std::string, v1::ListedParty>> ReadPartyEvents(
    const std::vector<std::string>& paths, std::istream& in) {
  std::map<std::string, v1::ListedParty> parties;
  if (paths.empty()) {
    if (absl::Status status = ApplyPartyEvents(in, "<stdin>", &parties); !status.ok()) {
      return status;
    }
    return parties;
  }
  for (const std::string& path : paths) {
    std::ifstream file(path);
    if (!file) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
    if (absl::Status status = ApplyPartyEvents(file, path, &parties); !status.ok()) {
      return status;
    }
  }
  return parties;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  // Our own messages always print; a failure here is a bug, caught by the tests.
  const auto status = google::protobuf::util::MessageToJsonString(message, &json);
  (void)status;
  return json;
}

// A JSON string literal.
std::string JsonQuote(absl::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          quoted += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          quoted.push_back(c);
        }
    }
  }
  quoted += "\"";
  return quoted;
}

// The parties of one source that the store in `data_dir` holds. The store is closed again
// before anything is printed, so that the output can be replayed into it.
absl::StatusOr<std::vector<v1::ListedParty>> StoredParties(const std::string& data_dir,
                                                           const std::string& source) {
  storage::StoreOptions options;
  options.data_dir = data_dir;
  options.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::Store::Open(options);
  if (!store.ok()) {
    return absl::Status(store.status().code(),
                        absl::StrCat(data_dir, ": ", store.status().message()));
  }
  return (*store)->ListParties(source);
}

int RunImport(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err) {
  absl::StatusOr<Flags> flags = ParseFlags(args, {"format", "previous", "data-dir"},
                                           {"un-low-quality-aliases", "eu-weak-aliases"});
  if (!flags.ok()) return Usage(err, flags.status().message());
  const std::string format = flags->values["format"];
  const std::vector<std::string>& files = flags->positional;
  absl::StatusOr<std::vector<v1::ListedParty>> parties;
  std::string source;
  if (format == "ofac-sdn") {
    if (files.empty() || files.size() > 2) {
      return Usage(err, "import --format ofac-sdn takes SDN_CSV and optionally ALT_CSV");
    }
    parties = ImportOfacSdn(files[0], files.size() > 1 ? files[1] : std::string());
    source = kOfacSdnSource;
  } else if (format == "un-xml") {
    if (files.size() != 1) return Usage(err, "import --format un-xml takes one XML file");
    UnImportOptions options;
    options.include_low_quality_aliases = flags->values.count("un-low-quality-aliases") > 0;
    parties = ImportUnConsolidatedXml(files[0], options);
    source = kUnSecurityCouncilSource;
  } else if (format == "eu-fsf") {
    if (files.size() != 1) return Usage(err, "import --format eu-fsf takes one XML file");
    EuFsfImportOptions options;
    options.include_weak_aliases = flags->values.count("eu-weak-aliases") > 0;
    parties = ImportEuFsfXml(files[0], options);
    source = kEuFsfSource;
  } else {
    return Usage(err, "import needs --format ofac-sdn, un-xml or eu-fsf");
  }
  if (!parties.ok()) return Failure(err, parties.status());

  std::vector<v1::ListedParty> previous_of_source;
  if (flags->values.count("previous") > 0 && flags->values.count("data-dir") > 0) {
    return Usage(err, "import takes --previous or --data-dir, not both");
  }
  if (auto data_dir = flags->values.find("data-dir"); data_dir != flags->values.end()) {
    absl::StatusOr<std::vector<v1::ListedParty>> stored = StoredParties(data_dir->second, source);
    if (!stored.ok()) return Failure(err, stored.status());
    previous_of_source = *std::move(stored);
  }
  if (auto previous = flags->values.find("previous"); previous != flags->values.end()) {
    absl::StatusOr<std::map<std::string, v1::ListedParty>> previous_parties =
        ReadPartyEvents({previous->second}, in);
    if (!previous_parties.ok()) return Failure(err, previous_parties.status());
    for (auto& [id, party] : *previous_parties) {
      if (party.source() == source) previous_of_source.push_back(std::move(party));
    }
  }
  const PartyDelta delta = ComputeDelta(previous_of_source, *parties);
  for (const v1::ListedParty& party : delta.puts) {
    v1::Event event;
    *event.mutable_party() = party;
    out << ToJson(event) << "\n";
  }
  for (const std::string& party_id : delta.removals) {
    v1::Event event;
    event.mutable_party_removal()->set_party_id(party_id);
    out << ToJson(event) << "\n";
  }
  err << "gkctl parties import: " << parties->size() << " parties read, " << delta.puts.size()
      << " new or changed, " << delta.removals.size() << " removed\n";
  return kPartiesExitOk;
}

int RunList(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err) {
  absl::StatusOr<Flags> flags = ParseFlags(args, {}, {});
  if (!flags.ok()) return Usage(err, flags.status().message());
  absl::StatusOr<std::map<std::string, v1::ListedParty>> parties =
      ReadPartyEvents(flags->positional, in);
  if (!parties.ok()) return Failure(err, parties.status());
  for (const auto& [id, party] : *parties) out << ToJson(party) << "\n";
  return kPartiesExitOk;
}

int RunScreen(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err) {
  absl::StatusOr<Flags> flags = ParseFlags(args, {"name", "id", "threshold"}, {});
  if (!flags.ok()) return Usage(err, flags.status().message());
  const std::string name = flags->values["name"];
  const std::string id = flags->values["id"];
  if (name.empty() && id.empty()) return Usage(err, "screen needs --name or --id");
  double threshold = kDefaultScreeningThreshold;
  if (auto it = flags->values.find("threshold"); it != flags->values.end()) {
    if (!absl::SimpleAtod(it->second, &threshold) || threshold < 0 || threshold > 1) {
      return Usage(err, absl::StrCat("--threshold \"", it->second, "\" is not in 0..1"));
    }
  }
  absl::StatusOr<std::map<std::string, v1::ListedParty>> parties =
      ReadPartyEvents(flags->positional, in);
  if (!parties.ok()) return Failure(err, parties.status());
  ScreeningIndex index;
  for (const auto& [party_id, party] : *parties) index.Put(party);
  for (const ScreeningHit& hit : index.Screen(name, id, threshold)) {
    out << "{\"partyId\":" << JsonQuote(hit.party_id)
        << ",\"listedName\":" << JsonQuote(hit.listed_name)
        << ",\"declaredName\":" << JsonQuote(hit.declared_name)
        << ",\"score\":" << absl::StrFormat("%.4f", hit.score)
        << ",\"byIdentifier\":" << (hit.by_identifier ? "true" : "false") << "}\n";
  }
  return kPartiesExitOk;
}

}  // namespace

int RunParties(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err) {
  if (args.empty()) return Usage(err, "missing COMMAND");
  const std::string& command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    out << kPartiesUsage;
    return kPartiesExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
    out << kPartiesUsage;
    return kPartiesExitOk;
  }
  if (command == "import") return RunImport(rest, in, out, err);
  if (command == "list") return RunList(rest, in, out, err);
  if (command == "screen") return RunScreen(rest, in, out, err);
  return Usage(err, absl::StrCat("unknown command \"", command, "\""));
}

}  // namespace gatekeeper::screening

int RunPartiesCommand(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return gatekeeper::screening::RunParties(args, std::cin, std::cout, std::cerr);
}
