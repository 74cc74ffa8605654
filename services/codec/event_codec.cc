#include "services/codec/event_codec.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/json_util.h"
#include "services/codec/number_text.h"
#include "services/codec/wire_precheck.h"

namespace gatekeeper {
namespace {

namespace pb = google::protobuf;

// How much of protobuf's own words the codec keeps: one log line, and the input
// text shown around a JSON syntax error.
constexpr size_t kMaxCapturedLogBytes = 512;
constexpr size_t kSnippetRadiusBytes = 24;
// The schema nests a handful of levels; anything deeper is a malformed binary
// input.
constexpr int kMaxNestingDepth = 32;
// Most names listed in an "expected one of ..." hint.
constexpr int kMaxHintNames = 24;

// Protobuf's log.
//
// Protobuf reports some failures only through its log (a binary string field
// that is not UTF-8). While a thread decodes or encodes, the first such line is
// kept for the error message and nothing reaches stderr; other threads, and
// fatal messages, go to the handler that was installed before.

thread_local std::string* t_log_capture = nullptr;
pb::LogHandler* g_previous_log_handler = nullptr;

void CapturingLogHandler(pb::LogLevel level, const char* filename, int line,
                         const std::string& message) {
  if (t_log_capture != nullptr && level != pb::LOGLEVEL_FATAL) {
    if (t_log_capture->empty()) {
      t_log_capture->assign(message, 0, kMaxCapturedLogBytes);
    }
    return;
  }
  if (g_previous_log_handler != nullptr) {
    g_previous_log_handler(level, filename, line, message);
  }
}

class ScopedLogCapture {
 public:
  ScopedLogCapture() : outer_(t_log_capture) {
    static absl::once_flag installed;
    absl::call_once(installed,
                    [] { g_previous_log_handler = pb::SetLogHandler(&CapturingLogHandler); });
    t_log_capture = &captured_;
  }
  ~ScopedLogCapture() { t_log_capture = outer_; }
  ScopedLogCapture(const ScopedLogCapture&) = delete;
  ScopedLogCapture& operator=(const ScopedLogCapture&) = delete;

  const std::string& captured() const { return captured_; }

 private:
  std::string* outer_;
  std::string captured_;
};

// Small text helpers.

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 when the bytes
// there are not one.
size_t Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  size_t length;
  uint32_t code_point;
  uint32_t smallest;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
    smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
    smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
    smallest = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  if (code_point < smallest || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// Offset of the first byte that is not part of well-formed UTF-8, or nullopt.
std::optional<size_t> FirstInvalidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

// Input text made safe for a one-line message: control characters and bytes
// that are not UTF-8 become \xNN; with `quoted`, '"' and '\' are escaped too.
std::string EscapeForMessage(absl::string_view text, bool quoted) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const size_t length = Utf8SequenceLength(text, i);
    if (quoted && (byte == '"' || byte == '\\')) {
      out.push_back('\\');
      out.push_back(static_cast<char>(byte));
    } else if (length == 0 || byte < 0x20 || byte == 0x7F) {
      absl::StrAppend(&out, "\\x", absl::Hex(byte, absl::kZeroPad2));
    } else {
      out.append(text.data() + i, length);
      i += length;
      continue;
    }
    ++i;
  }
  return out;
}

// The JSON names of a message's fields (or of a oneof's members), for hints.
std::string JsonNames(const pb::Descriptor& descriptor) {
  std::vector<std::string> names;
  for (int i = 0; i < descriptor.field_count() && i < kMaxHintNames; ++i) {
    names.push_back(descriptor.field(i)->json_name());
  }
  return absl::StrJoin(names, ", ");
}

std::string JsonNames(const pb::OneofDescriptor& oneof) {
  std::vector<std::string> names;
  for (int i = 0; i < oneof.field_count() && i < kMaxHintNames; ++i) {
    names.push_back(oneof.field(i)->json_name());
  }
  return absl::StrJoin(names, ", ");
}

// Enum value names without the zero "unspecified" value nobody should send.
std::string EnumNames(const pb::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count() && i < kMaxHintNames; ++i) {
    if (type.value(i)->number() != 0) names.push_back(type.value(i)->name());
  }
  return absl::StrJoin(names, ", ");
}

std::string PayloadNames() {
  return JsonNames(*v1::Event::descriptor()->FindOneofByName("payload"));
}

absl::Status Invalid(absl::string_view path, absl::string_view problem) {
  if (path.empty()) return absl::InvalidArgumentError(problem);
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", problem));
}

void AppendFieldName(std::string& path, absl::string_view name) {
  if (!path.empty()) path.push_back('.');
  path.append(name.data(), name.size());
}

std::string TooLarge(size_t size_bytes) {
  return absl::StrCat("event is ", WithThousands(size_bytes), " bytes, the limit is ",
                      WithThousands(kMaxEventBytes));
}

// The structural check.

absl::Status CheckMessage(const pb::Message& message, std::string& path, int depth);

absl::Status CheckValue(const pb::Message& message, const pb::FieldDescriptor& field, int index,
                        std::string& path, int depth) {
  const pb::Reflection& reflection = *message.GetReflection();
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          index < 0 ? reflection.GetStringReference(message, &field, &scratch)
                    : reflection.GetRepeatedStringReference(message, &field, index, &scratch);
      if (text.size() > kMaxStringFieldBytes) {
        return absl::InvalidArgumentError(absl::StrCat(path, " is ", WithThousands(text.size()),
                                                       " bytes; the limit is ",
                                                       WithThousands(kMaxStringFieldBytes)));
      }
      if (field.type() == pb::FieldDescriptor::TYPE_STRING) {
        if (std::optional<size_t> bad = FirstInvalidUtf8(text)) {
          return absl::InvalidArgumentError(
              absl::StrCat(path, " is not valid UTF-8 (at byte ", *bad, ")"));
        }
      }
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const int number = index < 0 ? reflection.GetEnumValue(message, &field)
                                   : reflection.GetRepeatedEnumValue(message, &field, index);
      if (field.enum_type()->FindValueByNumber(number) == nullptr) {
        return Invalid(path, absl::StrCat("unknown enum value ", number, "; expected one of ",
                                          EnumNames(*field.enum_type())));
      }
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      const pb::Message& child = index < 0 ? reflection.GetMessage(message, &field)
                                           : reflection.GetRepeatedMessage(message, &field, index);
      return CheckMessage(child, path, depth + 1);
    }
    default:
      return absl::OkStatus();
  }
}

absl::Status CheckMessage(const pb::Message& message, std::string& path, int depth) {
  if (depth > kMaxNestingDepth) return Invalid(path, "nested too deeply");
  const pb::Reflection& reflection = *message.GetReflection();
  const pb::UnknownFieldSet& unknown = reflection.GetUnknownFields(message);
  if (!unknown.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path.empty() ? "event" : path, " has a field the schema does not know (field number ",
        unknown.field(0).number(), "); known fields: ", JsonNames(*message.GetDescriptor())));
  }
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    const size_t parent_length = path.size();
    AppendFieldName(path, field->json_name());
    if (field->is_repeated()) {
      const int count = reflection.FieldSize(message, field);
      if (static_cast<size_t>(count) > kMaxRepeatedEntries) {
        return absl::InvalidArgumentError(absl::StrCat(path, " has ", WithThousands(count),
                                                       " entries; the limit is ",
                                                       WithThousands(kMaxRepeatedEntries)));
      }
      const size_t list_length = path.size();
      for (int i = 0; i < count; ++i) {
        absl::StrAppend(&path, "[", i, "]");
        if (absl::Status status = CheckValue(message, *field, i, path, depth); !status.ok()) {
          return status;
        }
        path.resize(list_length);
      }
    } else if (absl::Status status = CheckValue(message, *field, -1, path, depth); !status.ok()) {
      return status;
    }
    path.resize(parent_length);
  }
  return absl::OkStatus();
}

// Binary input can set two members of one oneof (the parser silently keeps the
// last); the sender meant something we cannot know, so it is refused. Walks the
// wire format generically, descending into known message fields.
absl::Status CheckWireOneofs(const pb::Descriptor& descriptor, absl::string_view bytes,
                             std::string& path, int depth) {
  if (depth > kMaxNestingDepth) return Invalid(path, "nested too deeply");
  pb::UnknownFieldSet wire;
  if (!wire.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Invalid(path, "the protobuf wire format is malformed");
  }
  std::vector<const pb::FieldDescriptor*> members_set;
  // A singular message field may occur several times; the parser merges the
  // occurrences, which on the wire is their concatenation.
  std::vector<std::pair<const pb::FieldDescriptor*, std::string>> singular;
  std::vector<std::pair<const pb::FieldDescriptor*, int>> list_sizes;
  for (int i = 0; i < wire.field_count(); ++i) {
    const pb::UnknownField& entry = wire.field(i);
    const pb::FieldDescriptor* field = descriptor.FindFieldByNumber(entry.number());
    if (field == nullptr) continue;  // reported by the structural check
    if (const pb::OneofDescriptor* oneof = field->real_containing_oneof()) {
      for (const pb::FieldDescriptor* other : members_set) {
        if (other->real_containing_oneof() == oneof && other != field) {
          const std::string both = absl::StrCat(other->json_name(), " and ", field->json_name());
          if (path.empty()) {
            return absl::InvalidArgumentError(
                absl::StrCat("event has more than one member set: ", both,
                             "; expected exactly one of ", JsonNames(*oneof)));
          }
          return absl::InvalidArgumentError(
              absl::StrCat(path, " has both ", both, " set; expected exactly one"));
        }
      }
      members_set.push_back(field);
    }
    if (field->type() != pb::FieldDescriptor::TYPE_MESSAGE ||
        entry.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    if (!field->is_repeated()) {
      auto merged = std::find_if(singular.begin(), singular.end(),
                                 [&](const auto& s) { return s.first == field; });
      if (merged == singular.end()) {
        singular.emplace_back(field, entry.length_delimited());
      } else {
        merged->second.append(entry.length_delimited());
      }
      continue;
    }
    auto list = std::find_if(list_sizes.begin(), list_sizes.end(),
                             [&](const auto& l) { return l.first == field; });
    if (list == list_sizes.end()) {
      list = list_sizes.insert(list_sizes.end(), {field, 0});
    }
    const size_t parent_length = path.size();
    AppendFieldName(path, field->json_name());
    absl::StrAppend(&path, "[", list->second++, "]");
    if (absl::Status status =
            CheckWireOneofs(*field->message_type(), entry.length_delimited(), path, depth + 1);
        !status.ok()) {
      return status;
    }
    path.resize(parent_length);
  }
  for (const auto& [field, merged_bytes] : singular) {
    const size_t parent_length = path.size();
    AppendFieldName(path, field->json_name());
    if (absl::Status status =
            CheckWireOneofs(*field->message_type(), merged_bytes, path, depth + 1);
        !status.ok()) {
      return status;
    }
    path.resize(parent_length);
  }
  return absl::OkStatus();
}

// Readable JSON parse errors.
//
// Protobuf's JSON parser (3.21) words its errors for its own developers:
//   "(declaration.items[0].item_no): invalid value \"abc\" for type TYPE_INT32"
//   "(declaration.items[0]) writeOf: Cannot find field."
//   "Unexpected token.\n<text around the error>\n<caret under it>"
// They are reworded for the sender, with paths in JSON names.

std::string LowerCamel(absl::string_view proto_name) {
  std::string out;
  bool upper_next = false;
  for (char c : proto_name) {
    if (c == '_') {
      upper_next = true;
    } else {
      out.push_back(upper_next ? absl::ascii_toupper(c) : c);
      upper_next = false;
    }
  }
  return out;
}

// A path in proto names ("declaration.items[0].item_no") resolved against the
// Event schema.
struct ResolvedPath {
  std::string json_path;                       // "declaration.items[0].itemNo"
  std::string last_name;                       // "itemNo"
  const pb::FieldDescriptor* field = nullptr;  // the last field, when known
  const pb::Descriptor* message = nullptr;     // the message the path points into
};

ResolvedPath ResolveProtoPath(absl::string_view proto_path) {
  ResolvedPath resolved;
  resolved.message = v1::Event::descriptor();
  if (proto_path.empty()) return resolved;
  for (absl::string_view segment : absl::StrSplit(proto_path, '.')) {
    const size_t bracket = segment.find('[');
    const absl::string_view name = segment.substr(0, bracket);
    const absl::string_view index =
        bracket == absl::string_view::npos ? absl::string_view() : segment.substr(bracket);
    const pb::FieldDescriptor* field = resolved.message == nullptr
                                           ? nullptr
                                           : resolved.message->FindFieldByName(std::string(name));
    resolved.last_name = field != nullptr ? field->json_name() : LowerCamel(name);
    AppendFieldName(resolved.json_path, resolved.last_name);
    resolved.json_path.append(index.data(), index.size());
    resolved.field = field;
    resolved.message = field != nullptr ? field->message_type() : nullptr;
  }
  return resolved;
}

absl::string_view ExpectedForType(absl::string_view type) {
  if (type == "TYPE_INT32" || type == "TYPE_SINT32" || type == "TYPE_SFIXED32") {
    return "a 32-bit integer";
  }
  if (type == "TYPE_UINT32" || type == "TYPE_FIXED32") return "a non-negative 32-bit integer";
  if (type == "TYPE_INT64" || type == "TYPE_SINT64" || type == "TYPE_SFIXED64") {
    return "a 64-bit integer";
  }
  if (type == "TYPE_UINT64" || type == "TYPE_FIXED64") return "a non-negative 64-bit integer";
  if (type == "TYPE_DOUBLE" || type == "TYPE_FLOAT") return "a number";
  if (type == "TYPE_BOOL") return "true or false";
  if (type == "TYPE_STRING") return "a string";
  if (type == "TYPE_BYTES") return "base64 text";
  return type;
}

std::string QuotedBetween(absl::string_view text, absl::string_view after) {
  const size_t start = text.find(after);
  if (start == absl::string_view::npos) return "";
  const absl::string_view rest = text.substr(start + after.size());
  return std::string(rest.substr(0, rest.find('\'')));
}

// "invalid value V for type T" at `path`.
std::string InvalidValueMessage(const ResolvedPath& at, absl::string_view value,
                                absl::string_view type) {
  if (type == "oneof") {
    const std::string oneof_name = QuotedBetween(value, "oneof field '");
    const std::string member = LowerCamel(QuotedBetween(value, "Cannot set '"));
    const pb::OneofDescriptor* oneof =
        at.message == nullptr ? nullptr : at.message->FindOneofByName(oneof_name);
    const std::string names = oneof == nullptr ? oneof_name : JsonNames(*oneof);
    if (at.json_path.empty()) {
      return absl::StrCat("event has more than one member set (\"", member,
                          "\" and another); expected exactly one of ", names);
    }
    return absl::StrCat(at.json_path, ": more than one of ", names,
                        " is set; expected exactly one");
  }
  if (absl::ConsumePrefix(&type, "type.googleapis.com/")) {
    if (const pb::EnumDescriptor* enum_type =
            pb::DescriptorPool::generated_pool()->FindEnumTypeByName(std::string(type))) {
      if (absl::StartsWith(value, "\"")) {
        return absl::StrCat(at.json_path, ": unknown enum name ", value, " for field \"",
                            at.last_name, "\"; expected one of ", EnumNames(*enum_type));
      }
      return absl::StrCat(at.json_path, ": invalid value ", value,
                          "; expected an enum name, one of ", EnumNames(*enum_type));
    }
    return absl::StrCat(at.json_path, ": invalid value ", value, "; expected a JSON object");
  }
  return absl::StrCat(at.json_path, ": invalid value ", value, "; expected ",
                      ExpectedForType(type));
}

// The input around a syntax error, from the context and caret lines protobuf
// adds.
std::string Snippet(absl::string_view context, absl::string_view caret_line) {
  if (context.empty()) return "";
  size_t caret = caret_line.find('^');
  if (caret == absl::string_view::npos || caret > context.size()) caret = 0;
  const size_t start = caret > kSnippetRadiusBytes ? caret - kSnippetRadiusBytes : 0;
  const absl::string_view around = context.substr(start, 2 * kSnippetRadiusBytes);
  return absl::StrCat(" at \"", EscapeForMessage(around, /*quoted=*/true), "\"");
}

std::string RewordJsonError(absl::string_view raw) {
  // Errors about the content carry no snippet, and the names and values they
  // quote may themselves hold newlines (from JSON escapes); only syntax errors
  // come as three lines.
  const bool about_content = absl::StartsWith(raw, "(") || absl::StartsWith(raw, ": ") ||
                             absl::EndsWith(raw, ": Cannot find field.");
  std::vector<absl::string_view> lines;
  if (about_content) {
    lines.push_back(raw);
  } else {
    lines = absl::StrSplit(raw, absl::MaxSplits('\n', 2));
  }
  const absl::string_view head = lines[0];
  const absl::string_view context = lines.size() > 1 ? lines[1] : absl::string_view();
  const absl::string_view caret = lines.size() > 2 ? lines[2] : absl::string_view();

  absl::string_view rest = head;
  absl::string_view proto_path;
  if (absl::ConsumePrefix(&rest, "(")) {
    const size_t close = rest.find(')');
    if (close != absl::string_view::npos) {
      proto_path = rest.substr(0, close);
      rest.remove_prefix(close + 1);
    }
  }
  const ResolvedPath at = ResolveProtoPath(proto_path);

  if (absl::string_view name = absl::StripAsciiWhitespace(rest);
      absl::ConsumeSuffix(&name, ": Cannot find field.")) {
    const std::string known =
        at.message == nullptr ? "" : absl::StrCat(" (known: ", JsonNames(*at.message), ")");
    if (at.json_path.empty()) {
      return absl::StrCat("unknown field \"", name, "\" in the event; expected one of ",
                          PayloadNames());
    }
    return absl::StrCat(at.json_path, ": unknown field \"", name, "\"", known);
  }
  if (absl::ConsumePrefix(&rest, ": ")) {
    if (absl::ConsumePrefix(&rest, "invalid value ")) {
      const size_t for_type = rest.rfind(" for type ");
      if (for_type != absl::string_view::npos) {
        return InvalidValueMessage(at, rest.substr(0, for_type),
                                   rest.substr(for_type + absl::string_view(" for type ").size()));
      }
    }
    if (absl::StartsWith(rest, "Root element must be a message")) {
      return "an event must be a JSON object";
    }
    return std::string(at.json_path.empty() ? rest : absl::StrCat(at.json_path, ": ", rest));
  }

  std::string problem(absl::StripSuffix(head, "."));
  if (absl::StartsWith(problem, "Encountered non UTF-8")) {
    problem = "text that is not valid UTF-8";
  } else if (absl::StartsWith(problem, "Parsing terminated before end of input")) {
    problem = "more text after the event object";
  } else if (!problem.empty()) {
    problem[0] = absl::ascii_tolower(problem[0]);
  }
  return absl::StrCat("malformed JSON: ", problem, Snippet(context, caret));
}

std::string ReadableJsonError(absl::string_view raw) {
  return EscapeForMessage(RewordJsonError(raw), /*quoted=*/false);
}

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string PrintJson(const pb::Message& message, bool print_defaults) {
  pb::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = print_defaults;
  options.always_print_enums_as_ints = false;
  options.preserve_proto_field_names = false;
  std::string json;
  ScopedLogCapture capture;
  const auto status = pb::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    // Only Any fields with unknown types fail here, and no gatekeeper message
    // has one; still the caller gets one JSON object on one line that says what
    // went wrong.
    return absl::StrCat(
        "{\"jsonEncodingError\":",
        JsonQuote(absl::StrCat(message.GetTypeName(), ": ", std::string(status.message()))), "}");
  }
  return json;
}

}  // namespace

absl::Status CheckEventStructure(const v1::Event& event) {
  if (event.payload_case() == v1::Event::PAYLOAD_NOT_SET) {
    return absl::InvalidArgumentError(
        absl::StrCat("event has no member set: expected one of ", PayloadNames()));
  }
  std::string path;
  return CheckMessage(event, path, 0);
}

absl::StatusOr<v1::Event> DecodeEventJson(std::string_view json) {
  if (json.size() > kMaxEventBytes) return absl::InvalidArgumentError(TooLarge(json.size()));
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  options.case_insensitive_enum_parsing = false;
  v1::Event event;
  {
    ScopedLogCapture capture;
    const auto status =
        pb::util::JsonStringToMessage(pb::StringPiece(json.data(), json.size()), &event, options);
    if (!status.ok()) {
      return absl::InvalidArgumentError(ReadableJsonError(std::string(status.message())));
    }
  }
  if (absl::Status status = CheckEventStructure(event); !status.ok()) return status;
  return event;
}

absl::StatusOr<v1::Event> DecodeEventBinary(std::string_view bytes) {
  if (bytes.size() > kMaxEventBytes) return absl::InvalidArgumentError(TooLarge(bytes.size()));
  v1::Event event;
  {
    ScopedLogCapture capture;
    if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      const std::string field = QuotedBetween(capture.captured(), "String field '");
      if (absl::StrContains(capture.captured(), "invalid UTF-8") && !field.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "string field ", absl::StripPrefix(field, "gatekeeper.v1."), " is not valid UTF-8"));
      }
      return absl::InvalidArgumentError(
          "not a binary gatekeeper.v1.Event: the protobuf wire format is "
          "malformed "
          "(truncated or corrupt)");
    }
  }
  // Well-formed input (nearly all of it) is recognized in one pass over the bytes; anything
  // else gets the full checks, which name the problem.
  if (event.payload_case() != v1::Event::PAYLOAD_NOT_SET &&
      WireIsPlainlyValid(*v1::Event::descriptor(), bytes,
                         WireLimits{.max_string_bytes = kMaxStringFieldBytes,
                                    .max_repeated_entries = kMaxRepeatedEntries,
                                    .max_depth = kMaxNestingDepth})) {
    return event;
  }
  std::string path;
  if (absl::Status status = CheckWireOneofs(*v1::Event::descriptor(),
                                            absl::string_view(bytes.data(), bytes.size()), path, 0);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckEventStructure(event); !status.ok()) return status;
  return event;
}

absl::Status CheckEventWire(std::string_view bytes) {
  std::string path;
  return CheckWireOneofs(*v1::Event::descriptor(), absl::string_view(bytes.data(), bytes.size()),
                         path, 0);
}

std::string ToJsonLine(const google::protobuf::Message& message) {
  return PrintJson(message, /*print_defaults=*/true);
}

std::string ToJsonLineSetFieldsOnly(const google::protobuf::Message& message) {
  return PrintJson(message, /*print_defaults=*/false);
}

size_t JsonLineBytesBound(size_t binary_bytes, size_t message_count) {
  return binary_bytes * kJsonBytesPerBinaryByteMax + message_count * kJsonBytesPerMessageMax;
}

}  // namespace gatekeeper
