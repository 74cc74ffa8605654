// libFuzzer target: the request messages of the gRPC services (proto/gatekeeper/v1/
// services.proto) as the gateway receives them, through what it does with each before the
// engine or the store. The first byte picks the method, the rest is the request's bytes:
//   Submit(Event), Apply(Event) (ApplyStream admits each message the same way),
//   Dispose(Disposition)          -> parse, AdmitEvent for the method's role, ToGrpcStatus
//   ListDeclarations(request)     -> DeclarationIndex::List over a fixed index (page size,
//                                    lodgedFrom/lodgedUntil, page token), then the pages after
//   ListUsage(request)            -> ResolvePageSize, DecodeUsagePageToken
//   GetDecision, GetLicence, WatchDecisions, WatchHolds, WatchUsage -> parse only (their
//                                    fields go to the store or a filter as they are)
//   a bare page token             -> both token decoders
// Properties:
//   * a refusal is InvalidArgument with a one-line message and maps to INVALID_ARGUMENT;
//   * an event is admitted by at most one role, its payload's, and an admitted event passes
//     the codec's structural check and size limit;
//   * the gRPC door and the Kafka door agree: the same bytes are admitted by the payload's
//     role exactly when DecodeEventBinary accepts them (one admission rule for every door),
//     save the one wire-only rule (IsWireOnlyRule);
//   * a listed page holds at most the page size, only entries that match the filter, in
//     (lodgedAt, MRN) order, and its next-page token leads strictly past its last entry;
//   * a page token that decodes re-encodes to a token that decodes to the same position;
//   * no crash, leak, or undefined behaviour (ASan, UBSan).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/services.pb.h"
#include "gateway/access_policy.h"
#include "gateway/declaration_index.h"
#include "gateway/event_admission.h"
#include "gateway/page_token.h"
#include "gateway/status_conversion.h"
#include "google/protobuf/stubs/logging.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::fuzz {
namespace {

using gateway::Role;

[[noreturn]] void Violated(const char* property, const std::string& detail) {
  std::fprintf(stderr, "fuzz property violated: %s: %s\n", property, detail.c_str());
  std::abort();
}

void CheckRefusal(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) {
    Violated("a refused request is InvalidArgument", status.ToString());
  }
  const std::string message(status.message());
  if (message.empty() || message.find('\n') != std::string::npos) {
    Violated("a refusal says why in one line", status.ToString());
  }
  const grpc::Status answered = gateway::ToGrpcStatus(status);
  if (answered.error_code() != grpc::StatusCode::INVALID_ARGUMENT ||
      answered.error_message() != message) {
    Violated("a refusal is answered INVALID_ARGUMENT with its message",
             std::to_string(answered.error_code()) + " " + answered.error_message());
  }
}

Role OwnerOf(const v1::Event& event) {
  switch (event.payload_case()) {
    case v1::Event::kDeclaration:
    case v1::Event::kInvalidation:
      return Role::kCustoms;
    case v1::Event::kDisposition:
      return Role::kOfficer;
    default:
      return Role::kLicensing;
  }
}

// The one rule only the Kafka door can apply, found by this target (docs/FUZZING.md, finding
// 1): two members of one oneof on the wire. The protobuf parser that gRPC runs keeps the last
// one, so the gateway never sees the first; the Kafka door reads the wire and refuses.
bool IsWireOnlyRule(absl::string_view refusal) {
  return absl::StrContains(refusal, "more than one member set") ||
         absl::StrContains(refusal, " set; expected exactly one");
}

// Every role's method is tried with `event`, so the one that received it is among them;
// `wire` is its bytes as a Kafka record would carry them (nullopt when the gateway built the
// event, as Dispose builds one from a Disposition).
void CheckEvent(const v1::Event& event, std::optional<std::string_view> wire) {
  bool owner_admits = false;
  for (Role candidate : {Role::kCustoms, Role::kOfficer, Role::kLicensing}) {
    const absl::Status admitted = gateway::AdmitEvent(event, candidate);
    if (!admitted.ok()) {
      CheckRefusal(admitted);
      continue;
    }
    if (event.payload_case() == v1::Event::PAYLOAD_NOT_SET || candidate != OwnerOf(event)) {
      Violated("only the payload's role admits an event", event.ShortDebugString());
    }
    if (!CheckEventStructure(event).ok() || event.ByteSizeLong() > kMaxEventBytes) {
      Violated("an admitted event passes the structural check", event.ShortDebugString());
    }
    owner_admits = true;
  }
  if (!wire.has_value() || event.payload_case() == v1::Event::PAYLOAD_NOT_SET) return;
  const absl::StatusOr<v1::Event> kafka = DecodeEventBinary(*wire);
  if (!kafka.ok() && owner_admits && IsWireOnlyRule(kafka.status().message())) return;
  if (kafka.ok() != owner_admits) {
    Violated(
        "the gRPC and Kafka doors admit the same events",
        std::string(owner_admits
                        ? "gRPC admits, Kafka refuses: " + std::string(kafka.status().message())
                        : "Kafka admits, gRPC refuses: " +
                              std::string(gateway::AdmitEvent(event, OwnerOf(event)).message())));
  }
}

// The index ListDeclarations reads: twelve decisions over three offices, six statuses and
// four lodging times (two declarations share each instant, so MRN breaks the tie).
struct IndexFixture {
  gateway::DeclarationIndex index;
  // MRN -> (office, status, lodgedAt in Unix ns, sequence)
  struct Entry {
    std::string office;
    v1::DeclarationStatus status;
    int64_t lodged_nanos;
    uint64_t sequence;
  };
  std::map<std::string, Entry> entries;

  IndexFixture() {
    constexpr const char* kOffices[] = {"NL000396", "NL000510", "DE000001"};
    constexpr v1::DeclarationStatus kStatuses[] = {v1::CLEARED, v1::HELD,        v1::RELEASED,
                                                   v1::REFUSED, v1::INVALIDATED, v1::REJECTED};
    constexpr const char* kLodged[] = {"2025-06-02T08:15:00Z", "2025-06-02T08:15:00.5Z",
                                       "2024-01-01T00:00:00+02:00", "2026-12-31T23:59:59Z"};
    std::vector<internal::OutputRecord> records;
    for (int i = 0; i < 12; ++i) {
      internal::OutputRecord& record = records.emplace_back();
      record.set_sequence(static_cast<uint64_t>(i + 1));
      v1::Decision& decision = *record.mutable_decision();
      decision.set_mrn("25NL4A7B9C2D1E3F" + std::string(1, static_cast<char>('A' + i)) + "0");
      decision.set_sequence(record.sequence());
      decision.set_office_of_export(kOffices[i % 3]);
      decision.set_status(kStatuses[i % 6]);
      decision.set_lodged_at(kLodged[i % 4]);
      absl::Time time;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, decision.lodged_at(), &time, &error)) std::abort();
      entries[decision.mrn()] = {decision.office_of_export(), decision.status(),
                                 absl::ToUnixNanos(time), record.sequence()};
    }
    index.Record(records);
  }
};

// lodgedFrom / lodgedUntil as the index reads them, or the open end.
int64_t Bound(const std::string& text, int64_t if_empty) {
  absl::Time time;
  std::string error;
  if (text.empty() || !absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return if_empty;
  return absl::ToUnixNanos(time);
}

void ListDeclarations(const v1::ListDeclarationsRequest& request) {
  static const IndexFixture* const fixture = new IndexFixture();
  v1::PageRequest page = request.page();
  std::pair<int64_t, std::string> after{std::numeric_limits<int64_t>::min(), ""};
  bool have_after = false;
  for (int round = 0; round < 4; ++round) {
    absl::StatusOr<gateway::DeclarationIndex::Page> listed =
        fixture->index.List(request.filter(), page);
    if (!listed.ok()) {
      CheckRefusal(listed.status());
      if (round > 0) Violated("a next-page token is accepted", listed.status().ToString());
      return;
    }
    absl::StatusOr<size_t> page_size = gateway::ResolvePageSize(page);
    if (!page_size.ok() || *page_size < 1 || *page_size > gateway::kMaxPageSize ||
        listed->entries.size() > *page_size) {
      Violated("a page holds at most its page size", request.ShortDebugString());
    }
    const v1::DeclarationFilter& filter = request.filter();
    const int64_t from = Bound(filter.lodged_from(), std::numeric_limits<int64_t>::min());
    const int64_t until = Bound(filter.lodged_until(), std::numeric_limits<int64_t>::max());
    for (const auto& [mrn, sequence] : listed->entries) {
      auto entry = fixture->entries.find(mrn);
      if (entry == fixture->entries.end() || entry->second.sequence != sequence) {
        Violated("a page lists indexed declarations at their sequence", mrn);
      }
      const IndexFixture::Entry& e = entry->second;
      bool status_matches = filter.statuses().empty();
      for (int status : filter.statuses()) status_matches |= status == e.status;
      if (!status_matches ||
          (!filter.office_of_export().empty() && filter.office_of_export() != e.office) ||
          e.lodged_nanos < from || e.lodged_nanos >= until) {
        Violated("a page lists only what matches its filter",
                 mrn + " for " + request.ShortDebugString());
      }
      std::pair<int64_t, std::string> key{e.lodged_nanos, mrn};
      if (have_after && !(after < key)) {
        Violated("pages list in (lodgedAt, MRN) order, each after the last", mrn);
      }
      after = std::move(key);
      have_after = true;
    }
    if (listed->next_page_token.empty()) return;
    if (!gateway::DecodeDeclarationPageToken(listed->next_page_token).ok()) {
      Violated("a next-page token decodes", listed->next_page_token);
    }
    page.set_page_token(listed->next_page_token);
  }
}

void ListUsage(const v1::ListUsageRequest& request) {
  if (absl::StatusOr<size_t> size = gateway::ResolvePageSize(request.page()); !size.ok()) {
    CheckRefusal(size.status());
  } else if (*size < 1 || *size > gateway::kMaxPageSize) {
    Violated("a page size is 1..kMaxPageSize", std::to_string(*size));
  }
  if (request.page().page_token().empty()) return;
  if (absl::StatusOr<uint64_t> after = gateway::DecodeUsagePageToken(request.page().page_token());
      !after.ok()) {
    CheckRefusal(after.status());
  }
}

// A token that decodes encodes back to one that decodes to the same position.
void PageTokens(absl::string_view token) {
  if (absl::StatusOr<uint64_t> usage = gateway::DecodeUsagePageToken(token); usage.ok()) {
    absl::StatusOr<uint64_t> again =
        gateway::DecodeUsagePageToken(gateway::EncodeUsagePageToken(*usage));
    if (!again.ok() || *again != *usage) Violated("a usage token round-trips", std::string(token));
  } else {
    CheckRefusal(usage.status());
  }
  if (absl::StatusOr<gateway::DeclarationPosition> position =
          gateway::DecodeDeclarationPageToken(token);
      position.ok()) {
    absl::StatusOr<gateway::DeclarationPosition> again =
        gateway::DecodeDeclarationPageToken(gateway::EncodeDeclarationPageToken(*position));
    if (!again.ok() || again->lodged_at_unix_nanos != position->lodged_at_unix_nanos ||
        again->mrn != position->mrn) {
      Violated("a declaration token round-trips", std::string(token));
    }
  } else {
    CheckRefusal(position.status());
  }
}

// Methods, by the first input byte (the corpus files are named after them).
enum Method : uint8_t {
  kSubmit = 0,
  kApply = 1,
  kDispose = 2,
  kListDeclarations = 3,
  kListUsage = 4,
  kGetDecision = 5,
  kGetLicence = 6,
  kWatchDecisions = 7,
  kWatchHolds = 8,
  kWatchUsage = 9,
  kPageToken = 10,
  kMethodCount = 11,
};

template <typename Request>
bool Parse(std::string_view bytes, Request& request) {
  return request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

void Run(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % kMethodCount) {
    case kSubmit:
    case kApply: {
      v1::Event event;
      if (Parse(bytes, event)) {
        CheckEvent(event, bytes);
      }
      break;
    }
    case kDispose: {
      v1::Event event;
      if (Parse(bytes, *event.mutable_disposition())) CheckEvent(event, std::nullopt);
      break;
    }
    case kListDeclarations: {
      v1::ListDeclarationsRequest request;
      if (Parse(bytes, request)) ListDeclarations(request);
      break;
    }
    case kListUsage: {
      v1::ListUsageRequest request;
      if (Parse(bytes, request)) ListUsage(request);
      break;
    }
    case kGetDecision: {
      v1::GetDecisionRequest request;
      Parse(bytes, request);
      break;
    }
    case kGetLicence: {
      v1::GetLicenceRequest request;
      Parse(bytes, request);
      break;
    }
    case kWatchDecisions: {
      v1::WatchDecisionsRequest request;
      Parse(bytes, request);
      break;
    }
    case kWatchHolds: {
      v1::WatchHoldsRequest request;
      Parse(bytes, request);
      break;
    }
    case kWatchUsage: {
      v1::WatchUsageRequest request;
      Parse(bytes, request);
      break;
    }
    case kPageToken:
      PageTokens(absl::string_view(bytes.data(), bytes.size()));
      break;
  }
}

}  // namespace
}  // namespace gatekeeper::fuzz

// Parsing invalid UTF-8 makes protobuf log an error per input; the refusal is what counts.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gatekeeper::fuzz::Run(data, size);
  return 0;
}
