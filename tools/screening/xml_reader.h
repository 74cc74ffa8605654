// A small XML reader for data files such as the UN consolidated sanctions list and the EU
// financial-sanctions file: elements, attributes, text, the five predefined entities and numeric
// character references, CDATA sections, comments, processing instructions and the XML declaration.
// No DTDs, no namespaces (a prefix stays part of the name), no external entities: the UN
// file needs none of them, and each is a way for a file to make a parser misbehave.
//
//   absl::StatusOr<XmlElement> root = ParseXml(text, "consolidated.xml");
//   for (const XmlElement* individual : root->FirstChild("INDIVIDUALS")->Children("INDIVIDUAL"))
//     Use(individual->ChildText("FIRST_NAME"));
#ifndef GATEKEEPER_TOOLS_SCREENING_XML_READER_H_
#define GATEKEEPER_TOOLS_SCREENING_XML_READER_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gatekeeper::screening {

// Documents nested deeper than this are refused (the UN list nests 4 deep): the reader
// recurses once per level.
inline constexpr size_t kMaxXmlDepth = 32;

struct XmlElement {
  std::string name;
  // The element's own character data (not its children's), entities decoded, as written:
  // callers trim.
  std::string text;
  std::vector<XmlElement> children;
  // (name, value) in document order, references decoded; a prefix stays part of the name.
  std::vector<std::pair<std::string, std::string>> attributes;
  size_t line = 0;  // 1-based line of the start tag

  // The value of the attribute, empty if it is absent.
  std::string Attribute(absl::string_view attribute_name) const;
  // The first child named `child_name`, or nullptr.
  const XmlElement* FirstChild(absl::string_view child_name) const;
  // Every child named `child_name`, in document order.
  std::vector<const XmlElement*> Children(absl::string_view child_name) const;
  // The first such child's text with surrounding white space removed and inner runs of white
  // space (line breaks in long names) replaced by one space; empty if there is no such child.
  std::string ChildText(absl::string_view child_name) const;
};

// Parses a whole document and returns its root element. InvalidArgument
// "<file_name>:<line>: ..." for
// anything that is not well-formed (mismatched or unclosed tags, an unknown entity, text or a
// second element after the root, a DOCTYPE, nesting deeper than kMaxXmlDepth).
absl::StatusOr<XmlElement> ParseXml(absl::string_view text, absl::string_view file_name);

// `text` trimmed, with inner runs of white space collapsed to one space.
std::string CollapseWhitespace(absl::string_view text);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_XML_READER_H_
