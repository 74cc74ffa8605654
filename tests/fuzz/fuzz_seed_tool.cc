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
// Exit 1 when a seed does not decode: the corpus must stay valid events.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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
  if (args.size() == 2 && args[0] == "dictionary") {
    return gatekeeper::WriteDictionary(args[1]);
  }
  std::cerr << "usage: fuzz_seed_tool binary SEED_DIR OUT_DIR | event-file SEED_DIR OUT_DIR | "
               "dictionary OUT_FILE\n";
  return 64;
}
