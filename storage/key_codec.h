// Builds and parses the keys described in storage/schema.h.
//
//   std::string key = LineKey("NL-DU-2025-000123", 1);   // "NL-DU-2025-000123\0\0\0\0\1"
//   std::optional<LineKeyParts> parts = ParseLineKey(key);
//
// Guarantees: bytewise order of keys is (text part, then number) order, numbers compared
// numerically, for every non-negative line and item number; a Parse function accepts exactly
// what the matching builder produces and returns nullopt for anything else. Text parts must
// not contain a 0 byte (HasNoSeparator checks; the store refuses such ids before building).
#ifndef GATEKEEPER_STORAGE_KEY_CODEC_H_
#define GATEKEEPER_STORAGE_KEY_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatekeeper::storage {

// True when `text` can be a text part of a key.
bool HasNoSeparator(std::string_view text);

// outputs: sequence(8 BE).
std::string SequenceKey(uint64_t sequence);
std::optional<uint64_t> ParseSequenceKey(std::string_view key);

// lines: licenceId 0 lineNo(4 BE). REQUIRES: line_no >= 0.
std::string LineKey(std::string_view licence_id, int32_t line_no);
// Every lines key (and usage_by_licence key) of one licence starts with this.
std::string LicencePrefix(std::string_view licence_id);
struct LineKeyParts {
  std::string_view licence_id;
  int32_t line_no = 0;
};
// The views point into `key`.
std::optional<LineKeyParts> ParseLineKey(std::string_view key);

// attributions: LineKey 0 mrn 0 itemNo(4 BE) 0 index(4 BE).
// REQUIRES: line_no >= 0, item_no >= 0.
std::string AttributionKey(std::string_view licence_id, int32_t line_no, std::string_view mrn,
                           int32_t item_no, uint32_t index);
// Every attributions key of one licence line starts with this.
std::string AttributionLinePrefix(std::string_view licence_id, int32_t line_no);
struct AttributionKeyParts {
  std::string_view licence_id;
  int32_t line_no = 0;
  std::string_view mrn;
  int32_t item_no = 0;
  uint32_t index = 0;
};
std::optional<AttributionKeyParts> ParseAttributionKey(std::string_view key);

// usage_by_licence: licenceId 0 sequence(8 BE).
std::string UsageKey(std::string_view licence_id, uint64_t sequence);
struct UsageKeyParts {
  std::string_view licence_id;
  uint64_t sequence = 0;
};
std::optional<UsageKeyParts> ParseUsageKey(std::string_view key);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_KEY_CODEC_H_
