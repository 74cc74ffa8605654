#include "storage/key_codec.h"

#include <cstddef>

#include "services/common/check.h"

namespace gatekeeper::storage {
namespace {

constexpr char kSeparator = '\0';
constexpr size_t kU32Bytes = 4;
constexpr size_t kU64Bytes = 8;

void AppendU32(uint32_t value, std::string& out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void AppendU64(uint64_t value, std::string& out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

// Reads a text part ended by the separator at the front of `rest`, and advances past both.
std::optional<std::string_view> TakeText(std::string_view& rest) {
  size_t end = rest.find(kSeparator);
  if (end == std::string_view::npos || end == 0) return std::nullopt;
  std::string_view text = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return text;
}

// Reads a 4-byte big-endian number that must fit a non-negative int32.
std::optional<int32_t> TakeNonNegative32(std::string_view& rest) {
  if (rest.size() < kU32Bytes) return std::nullopt;
  uint64_t value = ReadBigEndian(rest.substr(0, kU32Bytes));
  if (value > static_cast<uint64_t>(INT32_MAX)) return std::nullopt;
  rest.remove_prefix(kU32Bytes);
  return static_cast<int32_t>(value);
}

}  // namespace

bool HasNoSeparator(std::string_view text) {
  return text.find(kSeparator) == std::string_view::npos;
}

std::string SequenceKey(uint64_t sequence) {
  std::string key;
  key.reserve(kU64Bytes);
  AppendU64(sequence, key);
  return key;
}

std::optional<uint64_t> ParseSequenceKey(std::string_view key) {
  if (key.size() != kU64Bytes) return std::nullopt;
  return ReadBigEndian(key);
}

std::string LicencePrefix(std::string_view licence_id) {
  GK_CHECK(HasNoSeparator(licence_id));
  std::string prefix;
  prefix.reserve(licence_id.size() + 1);
  prefix.append(licence_id);
  prefix.push_back(kSeparator);
  return prefix;
}

std::string LineKey(std::string_view licence_id, int32_t line_no) {
  GK_CHECK(line_no >= 0);
  std::string key = LicencePrefix(licence_id);
  AppendU32(static_cast<uint32_t>(line_no), key);
  return key;
}

std::optional<LineKeyParts> ParseLineKey(std::string_view key) {
  std::string_view rest = key;
  std::optional<std::string_view> licence_id = TakeText(rest);
  if (!licence_id.has_value()) return std::nullopt;
  std::optional<int32_t> line_no = TakeNonNegative32(rest);
  if (!line_no.has_value() || !rest.empty()) return std::nullopt;
  return LineKeyParts{*licence_id, *line_no};
}

std::string AttributionLinePrefix(std::string_view licence_id, int32_t line_no) {
  std::string prefix = LineKey(licence_id, line_no);
  prefix.push_back(kSeparator);
  return prefix;
}

std::string AttributionKey(std::string_view licence_id, int32_t line_no, std::string_view mrn,
                           int32_t item_no, uint32_t index) {
  GK_CHECK(HasNoSeparator(mrn));
  GK_CHECK(item_no >= 0);
  std::string key = AttributionLinePrefix(licence_id, line_no);
  key.append(mrn);
  key.push_back(kSeparator);
  AppendU32(static_cast<uint32_t>(item_no), key);
  key.push_back(kSeparator);
  AppendU32(index, key);
  return key;
}

std::optional<AttributionKeyParts> ParseAttributionKey(std::string_view key) {
  AttributionKeyParts parts;
  std::string_view rest = key;
  std::optional<std::string_view> licence_id = TakeText(rest);
  if (!licence_id.has_value()) return std::nullopt;
  parts.licence_id = *licence_id;
  std::optional<int32_t> line_no = TakeNonNegative32(rest);
  if (!line_no.has_value() || rest.empty() || rest.front() != kSeparator) return std::nullopt;
  parts.line_no = *line_no;
  rest.remove_prefix(1);
  std::optional<std::string_view> mrn = TakeText(rest);
  if (!mrn.has_value()) return std::nullopt;
  parts.mrn = *mrn;
  std::optional<int32_t> item_no = TakeNonNegative32(rest);
  if (!item_no.has_value() || rest.size() != 1 + kU32Bytes || rest.front() != kSeparator) {
    return std::nullopt;
  }
  parts.item_no = *item_no;
  parts.index = static_cast<uint32_t>(ReadBigEndian(rest.substr(1)));
  return parts;
}

std::string UsageKey(std::string_view licence_id, uint64_t sequence) {
  std::string key = LicencePrefix(licence_id);
  AppendU64(sequence, key);
  return key;
}

std::optional<UsageKeyParts> ParseUsageKey(std::string_view key) {
  std::string_view rest = key;
  std::optional<std::string_view> licence_id = TakeText(rest);
  if (!licence_id.has_value() || rest.size() != kU64Bytes) return std::nullopt;
  return UsageKeyParts{*licence_id, ReadBigEndian(rest)};
}

}  // namespace gatekeeper::storage
