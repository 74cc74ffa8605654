// Prepares what the fuzzers start from, from the schema and the JSON seed
// corpus, so neither is maintained by hand in a second form:
//   fuzz_seed_tool binary SEED_DIR OUT_DIR   every SEED_DIR/*.json as a binary
//                                            Event in OUT_DIR/<name>.pb
//   fuzz_seed_tool event-file SEED_DIR OUT_DIR
//                                            each seed as a one-event binary event
//                                            file (services/codec/binary_event_file.h)
//                                            in OUT_DIR/<name>.gkev, and all of them in
//                                            OUT_DIR/all.gkev
//   fuzz_seed_tool dictionary OUT_FILE       a libFuzzer dictionary of the JSON
//                                            tokens of the schema: field names
//                                            (both styles) and enum names
//   fuzz_seed_tool grpc SEED_DIR OUT_DIR     grpc_request_fuzzer seeds: each seed event
//                                            as a request of the method that takes it
//                                            (Submit, Apply, Dispose), and requests of
//                                            every other method, with valid page tokens
// The outputs are checked in under tests/fuzz/corpus/<target>/; rerun after a schema change.
// Exit 1 when a seed does not decode: the corpus must stay valid events.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gatekeeper/v1/services.pb.h"
#include "google/protobuf/descriptor.h"
#include "services/codec/binary_event_file.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {
namespace {

namespace pb = google::protobuf;

// The seeds of `seed_dir`, decoded; empty (after a message) when one does not decode.
std::vector<std::pair<std::filesystem::path, v1::Event>> ReadSeeds(
    const std::filesystem::path& seed_dir) {
  std::vector<std::pair<std::filesystem::path, v1::Event>> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(seed_dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<v1::Event> event = DecodeEventJson(text.str());
    if (!event.ok()) {
      std::cerr << entry.path().string() << ": " << event.status().message() << "\n";
      return {};
    }
    seeds.emplace_back(entry.path(), std::move(*event));
  }
  if (seeds.empty()) std::cerr << "no valid *.json seeds in " << seed_dir.string() << "\n";
  return seeds;
}

int WriteEventFileSeeds(const std::filesystem::path& seed_dir,
                        const std::filesystem::path& out_dir) {
  const auto seeds = ReadSeeds(seed_dir);
  if (seeds.empty()) return 1;
  std::filesystem::create_directories(out_dir);
  std::ofstream all(out_dir / "all.gkev", std::ios::binary);
  WriteBinaryEventFileHeader(all);
  for (const auto& [path, event] : seeds) {
    std::ofstream one(out_dir / path.filename().replace_extension(".gkev"), std::ios::binary);
    WriteBinaryEventFileHeader(one);
    if (!AppendBinaryEvent(one, event).ok() || !AppendBinaryEvent(all, event).ok()) return 1;
  }
  return all ? 0 : 1;
}

int WriteBinarySeeds(const std::filesystem::path& seed_dir, const std::filesystem::path& out_dir) {
  const auto seeds = ReadSeeds(seed_dir);
  if (seeds.empty()) return 1;
  std::filesystem::create_directories(out_dir);
  for (const auto& [path, event] : seeds) {
    std::ofstream(out_dir / path.filename().replace_extension(".pb"), std::ios::binary)
        << event.SerializeAsString();
  }
  return 0;
}

// One grpc_request_fuzzer input: the method's selector byte, then the request's bytes.
// Selectors as in grpc_request_fuzzer.cc.
void WriteRequest(const std::filesystem::path& file, char method, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << method << bytes;
}

int WriteGrpcSeeds(const std::filesystem::path& seed_dir, const std::filesystem::path& out_dir) {
  const auto seeds = ReadSeeds(seed_dir);
  if (seeds.empty()) return 1;
  std::filesystem::create_directories(out_dir);
  for (const auto& [path, event] : seeds) {
    const std::string name = path.stem().string();
    if (event.has_disposition()) {
      WriteRequest(out_dir / ("dispose-" + name), 2, event.disposition().SerializeAsString());
    } else {
      const bool customs = event.has_declaration() || event.has_invalidation();
      WriteRequest(out_dir / ((customs ? "submit-" : "apply-") + name), customs ? 0 : 1,
                   event.SerializeAsString());
    }
  }
  const std::string declaration_token =
      absl::WebSafeBase64Escape(absl::StrCat("d1:", 1748852100000000000, ":25NL4A7B9C2D1E3FA0"));
  const std::string usage_token = absl::WebSafeBase64Escape("u1:41");
  v1::ListDeclarationsRequest list;
  WriteRequest(out_dir / "list-declarations-all", 3, list.SerializeAsString());
  list.mutable_filter()->set_office_of_export("NL000396");
  list.mutable_filter()->add_statuses(v1::HELD);
  list.mutable_filter()->add_statuses(v1::CLEARED);
  list.mutable_filter()->set_lodged_from("2025-01-01T00:00:00Z");
  list.mutable_filter()->set_lodged_until("2026-01-01T00:00:00+01:00");
  list.mutable_page()->set_page_size(2);
  WriteRequest(out_dir / "list-declarations-filtered", 3, list.SerializeAsString());
  list.clear_filter();
  list.mutable_page()->set_page_size(1);
  list.mutable_page()->set_page_token(declaration_token);
  WriteRequest(out_dir / "list-declarations-next-page", 3, list.SerializeAsString());
  v1::ListUsageRequest usage;
  usage.set_licence_id("NL-DU-2025-000123");
  usage.mutable_page()->set_page_size(500);
  usage.mutable_page()->set_page_token(usage_token);
  WriteRequest(out_dir / "list-usage", 4, usage.SerializeAsString());
  v1::GetDecisionRequest get_decision;
  get_decision.set_mrn("25NL4A7B9C2D1E3F5G");
  WriteRequest(out_dir / "get-decision", 5, get_decision.SerializeAsString());
  v1::GetLicenceRequest get_licence;
  get_licence.set_licence_id("NL-DU-2025-000123");
  WriteRequest(out_dir / "get-licence", 6, get_licence.SerializeAsString());
  v1::WatchDecisionsRequest watch_decisions;
  watch_decisions.set_after_sequence(42);
  watch_decisions.set_office_of_export("NL000396");
  WriteRequest(out_dir / "watch-decisions", 7, watch_decisions.SerializeAsString());
  v1::WatchHoldsRequest watch_holds;
  watch_holds.set_after_sequence(7);
  WriteRequest(out_dir / "watch-holds", 8, watch_holds.SerializeAsString());
  v1::WatchUsageRequest watch_usage;
  watch_usage.set_licence_id("EU001");
  WriteRequest(out_dir / "watch-usage", 9, watch_usage.SerializeAsString());
  WriteRequest(out_dir / "page-token-declarations", 10, declaration_token);
  WriteRequest(out_dir / "page-token-usage", 10, usage_token);
  return 0;
}

void CollectTokens(const pb::Descriptor& message, std::set<std::string>& tokens,
                   std::set<const pb::Descriptor*>& seen) {
  if (!seen.insert(&message).second) return;
  for (int i = 0; i < message.field_count(); ++i) {
    const pb::FieldDescriptor& field = *message.field(i);
    tokens.insert(field.json_name());
    tokens.insert(field.name());
    if (const pb::EnumDescriptor* type = field.enum_type()) {
      for (int v = 0; v < type->value_count(); ++v) {
        tokens.insert(type->value(v)->name());
      }
    }
    if (const pb::Descriptor* child = field.message_type()) {
      CollectTokens(*child, tokens, seen);
    }
  }
}

int WriteDictionary(const std::filesystem::path& out_file) {
  std::set<std::string> tokens;
  std::set<const pb::Descriptor*> seen;
  CollectTokens(*v1::Event::descriptor(), tokens, seen);
  std::ofstream out(out_file);
  // Every token as a quoted JSON string: libFuzzer's syntax escapes '"' as \".
  for (const std::string& token : tokens) out << "\"\\\"" << token << "\\\"\"\n";
  return out ? 0 : 1;
}

}  // namespace
}  // namespace gatekeeper

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "binary") {
    return gatekeeper::WriteBinarySeeds(args[1], args[2]);
  }
  if (args.size() == 3 && args[0] == "event-file") {
    return gatekeeper::WriteEventFileSeeds(args[1], args[2]);
  }
  if (args.size() == 3 && args[0] == "grpc") {
    return gatekeeper::WriteGrpcSeeds(args[1], args[2]);
  }
  if (args.size() == 2 && args[0] == "dictionary") {
    return gatekeeper::WriteDictionary(args[1]);
  }
  std::cerr << "usage: fuzz_seed_tool binary SEED_DIR OUT_DIR | event-file SEED_DIR OUT_DIR | "
               "dictionary OUT_FILE | grpc SEED_DIR OUT_DIR\n";
  return 64;
}
