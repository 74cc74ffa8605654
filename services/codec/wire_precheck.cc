#include "services/codec/wire_precheck.h"

#include <cstdint>

#include "google/protobuf/wire_format_lite.h"

namespace gatekeeper {
namespace {

namespace pb = google::protobuf;
using pb::internal::WireFormatLite;

bool ReadVarint(const char*& p, const char* end, uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p == end) return false;
    const auto byte = static_cast<uint8_t>(*p++);
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return false;  // more than ten bytes
}

// Distinct fields seen in one message. Gatekeeper's messages have at most a few dozen; a
// message with more distinct fields than this is left to the full checks.
constexpr int kMaxDistinctFields = 48;

struct SeenField {
  const pb::FieldDescriptor* field;
  size_t count;
};

bool Walk(const pb::Descriptor& descriptor, const char* p, const char* end,
          const WireLimits& limits, int depth) {
  if (depth > limits.max_depth) return false;
  SeenField seen[kMaxDistinctFields];
  int seen_count = 0;
  while (p < end) {
    uint64_t tag;
    if (!ReadVarint(p, end, &tag)) return false;
    const uint64_t number = tag >> 3;
    const auto wire_type = static_cast<WireFormatLite::WireType>(tag & 7);
    if (number == 0 || number > static_cast<uint64_t>(pb::FieldDescriptor::kMaxNumber)) {
      return false;
    }
    const pb::FieldDescriptor* field = descriptor.FindFieldByNumber(static_cast<int>(number));
    // An unknown number, or a known one with another wire type (which the parser keeps as
    // an unknown field), is refused by the full checks.
    if (field == nullptr) return false;
    if (WireFormatLite::WireTypeForFieldType(
            static_cast<WireFormatLite::FieldType>(field->type())) != wire_type) {
      return false;  // includes packed lists (length-delimited scalars)
    }

    SeenField* entry = nullptr;
    for (int i = 0; i < seen_count; ++i) {
      if (seen[i].field == field) {
        entry = &seen[i];
        break;
      }
    }
    if (entry == nullptr) {
      if (seen_count == kMaxDistinctFields) return false;
      if (const pb::OneofDescriptor* oneof = field->real_containing_oneof()) {
        for (int i = 0; i < seen_count; ++i) {
          if (seen[i].field->real_containing_oneof() == oneof) return false;
        }
      }
      entry = &seen[seen_count++];
      *entry = SeenField{field, 0};
    }
    ++entry->count;
    // A singular field given twice is merged (messages) or overwritten by the parser: the
    // full checks look at the merged value.
    if (!field->is_repeated() && entry->count > 1) return false;
    if (entry->count > limits.max_repeated_entries) return false;

    switch (wire_type) {
      case WireFormatLite::WIRETYPE_VARINT: {
        uint64_t value;
        if (!ReadVarint(p, end, &value)) return false;
        if (field->type() == pb::FieldDescriptor::TYPE_ENUM &&
            field->enum_type()->FindValueByNumber(static_cast<int>(value)) == nullptr) {
          return false;
        }
        break;
      }
      case WireFormatLite::WIRETYPE_FIXED64:
        if (end - p < 8) return false;
        p += 8;
        break;
      case WireFormatLite::WIRETYPE_FIXED32:
        if (end - p < 4) return false;
        p += 4;
        break;
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED: {
        uint64_t length;
        if (!ReadVarint(p, end, &length)) return false;
        if (length > static_cast<uint64_t>(end - p)) return false;
        const char* value_end = p + length;
        if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
          if (!Walk(*field->message_type(), p, value_end, limits, depth + 1)) return false;
        } else if (length > limits.max_string_bytes) {
          return false;
        }
        // UTF-8 of string fields is checked by the proto3 parser itself.
        p = value_end;
        break;
      }
      default:
        return false;  // groups
    }
  }
  return p == end;
}

}  // namespace

bool WireIsPlainlyValid(const pb::Descriptor& descriptor, std::string_view bytes,
                        const WireLimits& limits) {
  return Walk(descriptor, bytes.data(), bytes.data() + bytes.size(), limits, 0);
}

}  // namespace gatekeeper
