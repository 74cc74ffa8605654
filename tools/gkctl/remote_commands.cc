#include "tools/gkctl/remote_commands.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "gatekeeper/v1/services.grpc.pb.h"
#include "gateway/client_channel.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "services/codec/event_codec.h"
#include "tools/gkctl/command_line.h"
#include "tools/gkctl/commands.h"
#include "tools/gkctl/resuming_watch.h"

namespace gatekeeper::gkctl {
namespace {

constexpr char kRemoteUsage[] = R"(usage: gkctl REMOTE-COMMAND --server HOST:PORT [TLS FLAGS] ...

Commands against a running gatekeeper server (gatekeeperd --grpc-listen, or gk-grpc-server);
docs/GATEWAY.md says who may call what.

  gkctl holds watch [--office OFFICE] [--after-sequence N] [--json] [--max N]   (officer)
                    [--give-up-after DURATION]
      Prints held declarations as they come, with their reasons, and every later change
      of their status (released, refused, invalidated). Starts after sequence N (default
      0: everything the server holds). When the server goes away it reconnects (100ms,
      doubling to 5s apart) and resumes after the last decision printed, with one line
      on stderr when the connection is lost and one when it is back; it gives up after
      an outage of DURATION (e.g. 30s, 10m; default: never). --max N: stop after N.
  gkctl dispose MRN (--release | --refuse) [--note TEXT] [--version N]        (officer)
      Releases or refuses a held declaration; prints the new decision.
  gkctl decision show MRN --server ...                                         (officer)
  gkctl submit FILE                                                            (customs)
      Submits JSON-lines events (declarations, invalidations) one by one; prints each
      decision once it is durable. Refused lines are reported on stderr (exit 2).
  gkctl licence apply FILE   |   gkctl licence import FILE                    (licensing)
      Streams JSON-lines licensing events (licences, statuses, rules, parties) in order;
      prints the summary. Refused events are listed (exit 2).
  gkctl licence show ID --server ...                                         (licensing)
      The licence with per-line balances.
  gkctl usage ID [--page-size N]                                             (licensing)
      Every usage record of a licence, one JSON object a line, in sequence order.

TLS flags:
  --ca FILE            the gatekeeper CA certificate (PEM)
  --cert FILE --key FILE   your certificate and key; its OU is your role
  --server-name NAME   the name in the server's certificate, if not the --server host
  --insecure           plaintext, for a development server started with --insecure
FILE may be "-" for standard input.
)";

constexpr int kDeadlineSeconds = 30;

std::vector<FlagSpec> ConnectionFlags(std::vector<FlagSpec> extra) {
  std::vector<FlagSpec> flags = {{"server", true}, {"ca", true},          {"cert", true},
                                 {"key", true},    {"server-name", true}, {"insecure", false}};
  flags.insert(flags.end(), extra.begin(), extra.end());
  return flags;
}

int RemoteUsageError(const std::string& command, absl::string_view problem) {
  std::cerr << "gkctl " << command << ": " << problem << "\n\n" << kRemoteUsage;
  return kExitUsage;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Connect(const CommandLine& line,
                                                       bool own_connection = false) {
  if (!line.Has("server")) return absl::InvalidArgumentError("--server HOST:PORT is required");
  gateway::ClientConnection connection;
  connection.server = *line.Value("server");
  connection.insecure = line.Has("insecure");
  connection.ca_file = line.Value("ca").value_or("");
  connection.cert_file = line.Value("cert").value_or("");
  connection.key_file = line.Value("key").value_or("");
  connection.server_name_override = line.Value("server-name").value_or("");
  connection.own_connection = own_connection;
  return gateway::MakeClientChannel(connection);
}

std::unique_ptr<grpc::ClientContext> UnaryContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(kDeadlineSeconds));
  return context;
}

// Calls `fn(line_no, event)` for every non-blank line of FILE ("-" = stdin); lines that
// are not events are reported and counted in `*bad_lines`.
template <typename Fn>
absl::Status ForEachEventLine(const std::string& path, const std::string& command, int* bad_lines,
                              Fn&& fn) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    in = &file;
  }
  std::string text;
  for (int line_no = 1; std::getline(*in, text); ++line_no) {
    if (absl::StripAsciiWhitespace(text).empty()) continue;
    absl::StatusOr<v1::Event> event = DecodeEventJson(text);
    if (!event.ok()) {
      std::cerr << "gkctl " << command << ": line " << line_no << ": " << event.status().message()
                << "\n";
      ++*bad_lines;
      continue;
    }
    if (!fn(line_no, *std::move(event))) break;
  }
  return absl::OkStatus();
}

// "42 HELD 25NL... v1 office NL000396 exporter NL123456789 to CN" and one line per
// reason: what an officer needs to act on an alert.
void PrintHold(const v1::Decision& decision) {
  std::cout << decision.sequence() << " " << v1::DeclarationStatus_Name(decision.status()) << " "
            << decision.mrn() << " v" << decision.version() << " office "
            << decision.office_of_export() << " exporter " << decision.exporter_eori() << " to "
            << decision.destination_country() << "\n";
  for (const v1::ItemDecision& item : decision.items()) {
    for (const v1::Reason& reason : item.reasons()) {
      std::cout << "  item " << item.item_no() << ": " << v1::ReasonCode_Name(reason.code());
      if (!reason.licence_id().empty()) std::cout << " licence " << reason.licence_id();
      if (!reason.rule_id().empty()) std::cout << " rule " << reason.rule_id();
      if (!reason.party_id().empty()) std::cout << " party " << reason.party_id();
      std::cout << ": " << reason.detail() << "\n";
    }
  }
  if (decision.has_disposition() && !decision.disposition().officer_id().empty()) {
    std::cout << "  by " << decision.disposition().officer_id() << ": "
              << decision.disposition().note() << "\n";
  }
  std::cout << std::flush;
}

int HoldsWatch(const std::vector<std::string>& args) {
  const std::string command = "holds watch";
  absl::StatusOr<CommandLine> line =
      CommandLine::Parse(args, ConnectionFlags({{"office", true},
                                                {"after-sequence", true},
                                                {"json", false},
                                                {"max", true},
                                                {"give-up-after", true}}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (!line->positional().empty()) return RemoteUsageError(command, "takes no arguments");
  absl::StatusOr<int64_t> after = line->IntValue("after-sequence", 0, 0, INT64_MAX);
  absl::StatusOr<int64_t> max = line->IntValue("max", 0, 0, INT64_MAX);
  if (!after.ok()) return RemoteUsageError(command, after.status().message());
  if (!max.ok()) return RemoteUsageError(command, max.status().message());
  ReconnectPolicy policy;
  if (std::optional<std::string> give_up = line->Value("give-up-after"); give_up.has_value()) {
    if (!absl::ParseDuration(*give_up, &policy.give_up_after) ||
        policy.give_up_after < absl::ZeroDuration()) {
      return RemoteUsageError(command, absl::StrCat("--give-up-after: \"", *give_up,
                                                    "\" is not a duration such as 30s, 10m, 2h"));
    }
  }
  // A usage error in the connection flags shows now, not at the first reconnection.
  if (absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line); !channel.ok()) {
    return RemoteUsageError(command, channel.status().message());
  }

  v1::WatchHoldsRequest request;
  request.set_office_of_export(line->Value("office").value_or(""));
  request.set_after_sequence(static_cast<uint64_t>(*after));
  ResumingWatch watch([&] { return Connect(*line, /*own_connection=*/true); }, request, policy,
                      std::cerr);
  int64_t printed = 0;
  const bool json = line->Has("json");
  absl::Status ended = watch.Run([&](const v1::Decision& decision) {
    if (json) {
      std::cout << ToJsonLine(decision) << std::endl;
    } else {
      PrintHold(decision);
    }
    return *max == 0 || ++printed < *max;
  });
  if (!ended.ok()) return Failure(command, ended.message());
  return kExitOk;
}

int Dispose(const std::vector<std::string>& args) {
  const std::string command = "dispose";
  absl::StatusOr<CommandLine> line = CommandLine::Parse(args, ConnectionFlags({{"release", false},
                                                                               {"refuse", false},
                                                                               {"note", true},
                                                                               {"version", true},
                                                                               {"officer", true}}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (line->positional().size() != 1) return RemoteUsageError(command, "expected one MRN");
  if (line->Has("release") == line->Has("refuse")) {
    return RemoteUsageError(command, "give exactly one of --release and --refuse");
  }
  absl::StatusOr<int64_t> version = line->IntValue("version", 0, 0, UINT32_MAX);
  if (!version.ok()) return RemoteUsageError(command, version.status().message());
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line);
  if (!channel.ok()) return RemoteUsageError(command, channel.status().message());
  v1::Disposition disposition;
  disposition.set_mrn(line->positional()[0]);
  disposition.set_action(line->Has("release") ? v1::RELEASE : v1::REFUSE);
  disposition.set_note(line->Value("note").value_or(""));
  disposition.set_version(static_cast<uint32_t>(*version));
  // Empty: the server records the name in the caller's certificate.
  disposition.set_officer_id(line->Value("officer").value_or(""));
  v1::Decision decision;
  grpc::Status status =
      v1::OfficerService::NewStub(*channel)->Dispose(UnaryContext().get(), disposition, &decision);
  if (!status.ok()) return Failure(command, GrpcStatusText(status));
  std::cout << ToJsonLine(decision) << std::endl;
  return kExitOk;
}

int DecisionShow(const std::vector<std::string>& args) {
  const std::string command = "decision show";
  absl::StatusOr<CommandLine> line = CommandLine::Parse(args, ConnectionFlags({}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (line->positional().size() != 1) return RemoteUsageError(command, "expected one MRN");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line);
  if (!channel.ok()) return RemoteUsageError(command, channel.status().message());
  v1::GetDecisionRequest request;
  request.set_mrn(line->positional()[0]);
  v1::Decision decision;
  grpc::Status status =
      v1::OfficerService::NewStub(*channel)->GetDecision(UnaryContext().get(), request, &decision);
  if (!status.ok()) return Failure(command, GrpcStatusText(status));
  std::cout << ToJsonLine(decision) << std::endl;
  return kExitOk;
}

int Submit(const std::vector<std::string>& args) {
  const std::string command = "submit";
  absl::StatusOr<CommandLine> line = CommandLine::Parse(args, ConnectionFlags({}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (line->positional().size() != 1) return RemoteUsageError(command, "expected one FILE");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line);
  if (!channel.ok()) return RemoteUsageError(command, channel.status().message());
  auto stub = v1::CustomsService::NewStub(*channel);
  int refused = 0;
  std::optional<grpc::Status> fatal;
  absl::Status read = ForEachEventLine(
      line->positional()[0], command, &refused, [&](int line_no, const v1::Event& event) {
        v1::Decision decision;
        grpc::Status status = stub->Submit(UnaryContext().get(), event, &decision);
        if (status.ok()) {
          std::cout << ToJsonLine(decision) << std::endl;
          return true;
        }
        std::cerr << "gkctl submit: line " << line_no << ": " << GrpcStatusText(status) << "\n";
        // The server cannot take anything now: stop rather than skip events.
        if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
            status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
            status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
            status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          fatal = status;
          return false;
        }
        ++refused;
        return true;
      });
  if (!read.ok()) return Failure(command, read.message());
  if (fatal.has_value()) return kExitFailure;
  return refused > 0 ? kExitBadInput : kExitOk;
}

int LicenceApply(const std::string& command, const std::vector<std::string>& args) {
  absl::StatusOr<CommandLine> line = CommandLine::Parse(args, ConnectionFlags({}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (line->positional().size() != 1) return RemoteUsageError(command, "expected one FILE");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line);
  if (!channel.ok()) return RemoteUsageError(command, channel.status().message());
  auto stub = v1::LicensingService::NewStub(*channel);
  grpc::ClientContext context;
  v1::ApplyStreamSummary summary;
  std::unique_ptr<grpc::ClientWriter<v1::Event>> writer = stub->ApplyStream(&context, &summary);
  int bad_lines = 0;
  absl::Status read = ForEachEventLine(line->positional()[0], command, &bad_lines,
                                       [&](int, const v1::Event& event) {
                                         // false: the server ended the call; Finish says why.
                                         return writer->Write(event);
                                       });
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!read.ok()) return Failure(command, read.message());
  if (!status.ok()) return Failure(command, GrpcStatusText(status));
  std::cout << ToJsonLine(summary) << std::endl;
  for (const v1::ApplyError& error : summary.errors()) {
    std::cerr << "gkctl " << command << ": event " << error.index() << ": " << error.code() << ": "
              << error.message() << "\n";
  }
  return summary.refused() > 0 || bad_lines > 0 ? kExitBadInput : kExitOk;
}

int LicenceShow(const std::vector<std::string>& args) {
  const std::string command = "licence show";
  absl::StatusOr<CommandLine> line = CommandLine::Parse(args, ConnectionFlags({}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (line->positional().size() != 1) return RemoteUsageError(command, "expected one ID");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line);
  if (!channel.ok()) return RemoteUsageError(command, channel.status().message());
  v1::GetLicenceRequest request;
  request.set_licence_id(line->positional()[0]);
  v1::LicenceView view;
  grpc::Status status =
      v1::LicensingService::NewStub(*channel)->GetLicence(UnaryContext().get(), request, &view);
  if (!status.ok()) return Failure(command, GrpcStatusText(status));
  // The same form as the local `licence show`.
  std::string json = absl::StrCat(R"json({"licence":)json", ToJsonLine(view.licence()),
                                  R"json(,"balances":[)json");
  for (int i = 0; i < view.balances_size(); ++i) {
    absl::StrAppend(&json, i == 0 ? "" : ",", ToJsonLineSetFieldsOnly(view.balances(i)));
  }
  json.append("]}");
  std::cout << json << std::endl;
  return kExitOk;
}

int Usage(const std::vector<std::string>& args) {
  const std::string command = "usage";
  absl::StatusOr<CommandLine> line =
      CommandLine::Parse(args, ConnectionFlags({{"page-size", true}}));
  if (!line.ok()) return RemoteUsageError(command, line.status().message());
  if (line->positional().size() != 1) return RemoteUsageError(command, "expected one ID");
  absl::StatusOr<int64_t> page_size = line->IntValue("page-size", 500, 1, 500);
  if (!page_size.ok()) return RemoteUsageError(command, page_size.status().message());
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(*line);
  if (!channel.ok()) return RemoteUsageError(command, channel.status().message());
  auto stub = v1::LicensingService::NewStub(*channel);
  v1::ListUsageRequest request;
  request.set_licence_id(line->positional()[0]);
  request.mutable_page()->set_page_size(static_cast<int32_t>(*page_size));
  while (true) {
    v1::ListUsageResponse response;
    grpc::Status status = stub->ListUsage(UnaryContext().get(), request, &response);
    if (!status.ok()) return Failure(command, GrpcStatusText(status));
    for (const v1::UsageRecord& record : response.usage()) {
      std::cout << ToJsonLine(record) << "\n";
    }
    if (response.next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.next_page_token());
  }
  std::cout << std::flush;
  return kExitOk;
}

bool HasFlag(const std::vector<std::string>& args, const std::string& name) {
  return std::any_of(args.begin(), args.end(), [&](const std::string& arg) {
    return arg == "--" + name || arg.rfind("--" + name + "=", 0) == 0;
  });
}

}  // namespace

bool IsRemoteCommand(const std::vector<std::string>& args) {
  if (args.empty()) return false;
  const std::string& command = args[0];
  if (command == "holds" || command == "dispose" || command == "submit" || command == "usage") {
    return true;
  }
  if (command == "licence" && args.size() > 1 && (args[1] == "apply" || args[1] == "import")) {
    return true;
  }
  return (command == "licence" || command == "decision") && HasFlag(args, "server");
}

int RunRemoteCommand(const std::vector<std::string>& args) {
  const std::string& command = args[0];
  if (HasFlag(args, "help")) {
    std::cout << kRemoteUsage;
    return kExitOk;
  }
  if (command == "holds") {
    if (args.size() < 2 || args[1] != "watch") {
      return RemoteUsageError(command, "expected \"holds watch\"");
    }
    return HoldsWatch({args.begin() + 2, args.end()});
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "dispose") return Dispose(rest);
  if (command == "submit") return Submit(rest);
  if (command == "usage") return Usage(rest);
  if (rest.empty()) return RemoteUsageError(command, "expected a subcommand");
  const std::vector<std::string> sub(rest.begin() + 1, rest.end());
  if (command == "licence" && (rest[0] == "apply" || rest[0] == "import")) {
    return LicenceApply("licence " + rest[0], sub);
  }
  if (rest[0] != "show") return RemoteUsageError(command, "expected \"" + command + " show\"");
  return command == "licence" ? LicenceShow(sub) : DecisionShow(sub);
}

}  // namespace gatekeeper::gkctl
