#include "tools/screening/ofac_csv.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::screening {
namespace {

constexpr char kDosEndOfFile = '\x1A';
constexpr absl::string_view kOfacEmptyField = "-0-";

bool IsPadding(char c) { return c == ' ' || c == '\t'; }

bool EndsRecord(char c) { return c == '\n' || c == '\r'; }

absl::string_view Trim(absl::string_view s) {
  while (!s.empty() && IsPadding(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsPadding(s.back())) s.remove_suffix(1);
  return s;
}

class CsvParser {
 public:
  CsvParser(absl::string_view text, absl::string_view file_name)
      : text_(text), file_name_(file_name) {}

  absl::StatusOr<std::vector<CsvRecord>> Parse() {
    std::vector<CsvRecord> records;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
        continue;
      }
      if (c == '\r' || c == kDosEndOfFile) {
        ++pos_;
        continue;
      }
      CsvRecord record;
      record.line = line_;
      if (absl::Status status = ParseRecord(&record); !status.ok()) return status;
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  absl::Status Error(size_t line, absl::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", line, ": ", problem));
  }

  absl::Status ParseRecord(CsvRecord* record) {
    while (true) {
      while (pos_ < text_.size() && IsPadding(text_[pos_])) ++pos_;
      std::string field;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        if (absl::Status status = ParseQuoted(&field); !status.ok()) return status;
      } else {
        const size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ',' && !EndsRecord(text_[pos_])) ++pos_;
        field = std::string(Trim(text_.substr(start, pos_ - start)));
      }
      if (field == kOfacEmptyField) field.clear();
      if (record->fields.size() == kMaxCsvFields) {
        return Error(record->line, absl::StrCat("more than ", kMaxCsvFields, " fields"));
      }
      record->fields.push_back(std::move(field));
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      return absl::OkStatus();  // at a line end or the end of the text
    }
  }

  // REQUIRES: text_[pos_] == '"'.
  absl::Status ParseQuoted(std::string* field) {
    const size_t start_line = line_;
    ++pos_;
    while (true) {
      if (pos_ >= text_.size()) {
        return Error(start_line, "quoted field is not closed before the end of the file");
      }
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field->push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field->push_back(c);
    }
    while (pos_ < text_.size() && IsPadding(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != ',' && !EndsRecord(text_[pos_])) {
      return Error(line_, "text after a closing quote; a quote inside a field must be doubled");
    }
    return absl::OkStatus();
  }

  absl::string_view text_;
  absl::string_view file_name_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

}  // namespace

absl::StatusOr<std::vector<CsvRecord>> ParseOfacCsv(absl::string_view text,
                                                    absl::string_view file_name) {
  return CsvParser(text, file_name).Parse();
}

}  // namespace gatekeeper::screening
