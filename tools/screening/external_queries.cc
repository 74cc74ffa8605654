#include "tools/screening/external_queries.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tools/screening/file_contents.h"

namespace gatekeeper::screening {
namespace {

constexpr size_t kFieldCount = 4;

// Splits one line at unescaped tabs, removing the escapes.
std::vector<std::string> SplitFields(std::string_view line) {
  std::vector<std::string> fields(1);
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      fields.back().push_back(line[++i]);
    } else if (line[i] == '\t') {
      fields.emplace_back();
    } else {
      fields.back().push_back(line[i]);
    }
  }
  return fields;
}

// Whether the UTF-8 text holds a letter of the Cyrillic (U+0400..U+052F: lead bytes
// 0xD0..0xD4) or Arabic (U+0600..U+06FF: 0xD8..0xDB; U+0750..U+077F: 0xDD) blocks.
bool HasArabicOrCyrillic(std::string_view text) {
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if ((byte >= 0xD0 && byte <= 0xD4) || (byte >= 0xD8 && byte <= 0xDB) || byte == 0xDD) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<EvalQuery>> ReadExternalQueries(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileContents(path);
  if (!text.ok()) return text.status();
  std::vector<EvalQuery> queries;
  size_t line_number = 0;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    // A backslash before the newline escapes it: the line goes on.
    while (end < text->size() && end > start && (*text)[end - 1] == '\\') {
      end = text->find('\n', end + 1);
      if (end == std::string::npos) end = text->size();
    }
    const std::string_view line(text->data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty()) continue;
    std::vector<std::string> fields = SplitFields(line);
    if (fields.size() != kFieldCount || fields[2].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": expected kind, party id, declared name and source name"));
    }
    EvalQuery query;
    query.variation = std::move(fields[0]);
    query.expected_party_id = std::move(fields[1]);
    query.declared_name = std::move(fields[2]);
    query.listed_name = std::move(fields[3]);
    queries.push_back(std::move(query));
  }
  return queries;
}

bool IsExpectedParty(std::string_view expected, std::string_view party_id) {
  if (party_id.empty()) return false;
  while (true) {
    const size_t bar = expected.find('|');
    if (expected.substr(0, bar) == party_id) return true;
    if (bar == std::string_view::npos) return false;
    expected.remove_prefix(bar + 1);
  }
}

bool IsScriptKind(std::string_view kind) {
  constexpr std::string_view kSuffix = "-script";
  return kind.size() >= kSuffix.size() && kind.substr(kind.size() - kSuffix.size()) == kSuffix;
}

v1::ListedParty LatinNamesOnly(const v1::ListedParty& party) {
  v1::ListedParty latin = party;
  latin.clear_names();
  for (const std::string& name : party.names()) {
    if (!HasArabicOrCyrillic(name)) latin.add_names(name);
  }
  return latin;
}

}  // namespace gatekeeper::screening
