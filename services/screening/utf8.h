// Minimal UTF-8 decoding and encoding for name normalization. Written by hand so that the
// screening library needs no ICU: names only need code points, never grapheme clusters.
//
//   size_t pos = 0;
//   while (pos < text.size()) {
//     char32_t code_point = DecodeUtf8(text, &pos);
//     ...
//   }
#ifndef GATEKEEPER_SERVICES_SCREENING_UTF8_H_
#define GATEKEEPER_SERVICES_SCREENING_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gatekeeper {

// Returned for bytes that are not well-formed UTF-8 (U+FFFD REPLACEMENT CHARACTER).
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point starting at text[*pos] and advances *pos past it.
// REQUIRES: *pos < text.size().
// A malformed sequence (stray continuation byte, truncated sequence, overlong form,
// surrogate, value above U+10FFFF) yields kReplacementCharacter and advances by exactly one
// byte, so decoding always terminates and resynchronises at the next lead byte.
char32_t DecodeUtf8(std::string_view text, size_t* pos);

// Appends the UTF-8 encoding of `code_point` to *out. Values that are not Unicode scalar
// values (surrogates, above U+10FFFF) are written as U+FFFD.
void AppendUtf8(char32_t code_point, std::string* out);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_UTF8_H_
