#include "tools/screening/xml_reader.h"

#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/screening/utf8.h"

namespace gatekeeper::screening {
namespace {

bool IsNameChar(char c) {
  return absl::ascii_isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class XmlParser {
 public:
  XmlParser(absl::string_view text, absl::string_view file_name)
      : text_(text), file_name_(file_name) {}

  absl::StatusOr<XmlElement> ParseDocument() {
    if (absl::Status status = SkipMisc(); !status.ok()) return status;
    if (AtEnd() || Peek() != '<') return Error("expected the root element");
    XmlElement root;
    if (absl::Status status = ParseElement(1, &root); !status.ok()) return status;
    if (absl::Status status = SkipMisc(); !status.ok()) return status;
    if (!AtEnd()) return Error("content after the root element");
    return root;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  bool LookingAt(absl::string_view s) const { return absl::StartsWith(text_.substr(pos_), s); }

  void Advance(size_t n) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  absl::Status Error(absl::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", line_, ": ", problem));
  }

  void SkipWhitespace() {
    while (!AtEnd() && absl::ascii_isspace(static_cast<unsigned char>(Peek()))) Advance(1);
  }

  // Skips up to and including `terminator`.
  absl::Status SkipPast(absl::string_view terminator, absl::string_view what) {
    const size_t found = text_.find(terminator, pos_);
    if (found == absl::string_view::npos) return Error(absl::StrCat("unterminated ", what));
    Advance(found + terminator.size() - pos_);
    return absl::OkStatus();
  }

  // White space, comments, processing instructions (the XML declaration among them) outside
  // the root element.
  absl::Status SkipMisc() {
    while (true) {
      SkipWhitespace();
      if (LookingAt("<?")) {
        if (absl::Status s = SkipPast("?>", "processing instruction"); !s.ok()) return s;
      } else if (LookingAt("<!--")) {
        if (absl::Status s = SkipPast("-->", "comment"); !s.ok()) return s;
      } else if (LookingAt("<!DOCTYPE")) {
        return Error("DOCTYPE declarations are not supported");
      } else {
        return absl::OkStatus();
      }
    }
  }

  absl::StatusOr<std::string> ParseName() {
    const size_t start = pos_;
    while (!AtEnd() && IsNameChar(Peek())) Advance(1);
    if (pos_ == start) return Error("expected a name");
    return std::string(text_.substr(start, pos_ - start));
  }

  // Reads `&...;` at pos_ and appends what it stands for.
  absl::Status ParseReference(std::string* out) {
    const size_t end = text_.find(';', pos_);
    if (end == absl::string_view::npos || end - pos_ > 12) return Error("unterminated '&'");
    const absl::string_view entity = text_.substr(pos_ + 1, end - pos_ - 1);
    if (entity == "amp") {
      out->push_back('&');
    } else if (entity == "lt") {
      out->push_back('<');
    } else if (entity == "gt") {
      out->push_back('>');
    } else if (entity == "quot") {
      out->push_back('"');
    } else if (entity == "apos") {
      out->push_back('\'');
    } else if (absl::StartsWith(entity, "#")) {
      uint32_t code_point = 0;
      const bool hex = absl::StartsWith(entity, "#x");
      const absl::string_view digits = entity.substr(hex ? 2 : 1);
      const bool parsed =
          hex ? absl::SimpleHexAtoi(digits, &code_point) : absl::SimpleAtoi(digits, &code_point);
      if (!parsed || code_point == 0 || code_point > 0x10FFFF) {
        return Error(absl::StrCat("bad character reference &", entity, ";"));
      }
      AppendUtf8(static_cast<char32_t>(code_point), out);
    } else {
      return Error(absl::StrCat("unknown entity &", entity, ";"));
    }
    Advance(end + 1 - pos_);
    return absl::OkStatus();
  }

  // Reads the attributes (values with their references decoded) up to the end of the start
  // tag.
  absl::Status ParseAttributes(XmlElement* element, bool* self_closing) {
    while (true) {
      SkipWhitespace();
      if (AtEnd()) return Error("unterminated start tag");
      if (LookingAt("/>")) {
        Advance(2);
        *self_closing = true;
        return absl::OkStatus();
      }
      if (Peek() == '>') {
        Advance(1);
        *self_closing = false;
        return absl::OkStatus();
      }
      absl::StatusOr<std::string> attribute = ParseName();
      if (!attribute.ok()) return attribute.status();
      SkipWhitespace();
      if (AtEnd() || Peek() != '=')
        return Error(absl::StrCat("attribute ", *attribute, ": expected '='"));
      Advance(1);
      SkipWhitespace();
      if (AtEnd() || (Peek() != '"' && Peek() != '\'')) {
        return Error(absl::StrCat("attribute ", *attribute, ": expected a quoted value"));
      }
      const char quote = Peek();
      Advance(1);
      const size_t end = text_.find(quote, pos_);
      if (end == absl::string_view::npos) return Error("unterminated attribute value");
      std::string value;
      while (pos_ < end) {
        if (Peek() == '<') return Error(absl::StrCat("attribute ", *attribute, ": '<' in value"));
        if (Peek() == '&') {
          if (absl::Status s = ParseReference(&value); !s.ok()) return s;
          if (pos_ > end) return Error("unterminated attribute value");
        } else {
          value.push_back(Peek());
          Advance(1);
        }
      }
      Advance(1);
      element->attributes.emplace_back(*std::move(attribute), std::move(value));
    }
  }

  // REQUIRES: Peek() == '<' at a start tag.
  absl::Status ParseElement(size_t depth, XmlElement* element) {
    if (depth > kMaxXmlDepth) {
      return Error(absl::StrCat("elements nested deeper than ", kMaxXmlDepth));
    }
    element->line = line_;
    Advance(1);
    absl::StatusOr<std::string> name = ParseName();
    if (!name.ok()) return name.status();
    element->name = *std::move(name);
    bool self_closing = false;
    if (absl::Status s = ParseAttributes(element, &self_closing); !s.ok()) return s;
    if (self_closing) return absl::OkStatus();
    while (true) {
      if (AtEnd()) {
        return Error(absl::StrCat("element ", element->name, " opened on line ", element->line,
                                  " is not closed"));
      }
      if (LookingAt("</")) {
        Advance(2);
        absl::StatusOr<std::string> end_name = ParseName();
        if (!end_name.ok()) return end_name.status();
        if (*end_name != element->name) {
          return Error(absl::StrCat("end tag </", *end_name, "> does not match <", element->name,
                                    "> opened on line ", element->line));
        }
        SkipWhitespace();
        if (AtEnd() || Peek() != '>') return Error("expected '>'");
        Advance(1);
        return absl::OkStatus();
      }
      if (LookingAt("<!--")) {
        if (absl::Status s = SkipPast("-->", "comment"); !s.ok()) return s;
      } else if (LookingAt("<![CDATA[")) {
        Advance(9);
        const size_t end = text_.find("]]>", pos_);
        if (end == absl::string_view::npos) return Error("unterminated CDATA section");
        absl::StrAppend(&element->text, text_.substr(pos_, end - pos_));
        Advance(end + 3 - pos_);
      } else if (LookingAt("<?")) {
        if (absl::Status s = SkipPast("?>", "processing instruction"); !s.ok()) return s;
      } else if (Peek() == '<') {
        XmlElement& child = element->children.emplace_back();
        if (absl::Status s = ParseElement(depth + 1, &child); !s.ok()) return s;
      } else if (Peek() == '&') {
        if (absl::Status s = ParseReference(&element->text); !s.ok()) return s;
      } else {
        const size_t end = text_.find_first_of("<&", pos_);
        const size_t stop = end == absl::string_view::npos ? text_.size() : end;
        absl::StrAppend(&element->text, text_.substr(pos_, stop - pos_));
        Advance(stop - pos_);
      }
    }
  }

  absl::string_view text_;
  absl::string_view file_name_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

}  // namespace

const XmlElement* XmlElement::FirstChild(absl::string_view child_name) const {
  for (const XmlElement& child : children) {
    if (child.name == child_name) return &child;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::Children(absl::string_view child_name) const {
  std::vector<const XmlElement*> found;
  for (const XmlElement& child : children) {
    if (child.name == child_name) found.push_back(&child);
  }
  return found;
}

std::string XmlElement::ChildText(absl::string_view child_name) const {
  const XmlElement* child = FirstChild(child_name);
  return child == nullptr ? std::string() : CollapseWhitespace(child->text);
}

std::string XmlElement::Attribute(absl::string_view attribute_name) const {
  for (const auto& [name, value] : attributes) {
    if (name == attribute_name) return value;
  }
  return std::string();
}

std::string CollapseWhitespace(absl::string_view text) {
  std::string collapsed;
  collapsed.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = !collapsed.empty();
      continue;
    }
    if (pending_space) collapsed.push_back(' ');
    pending_space = false;
    collapsed.push_back(c);
  }
  return collapsed;
}

absl::StatusOr<XmlElement> ParseXml(absl::string_view text, absl::string_view file_name) {
  return XmlParser(text, file_name).ParseDocument();
}

}  // namespace gatekeeper::screening
