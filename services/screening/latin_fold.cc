#include "services/screening/latin_fold.h"

#include <string_view>

namespace gatekeeper {
namespace {

// Generated once from the Unicode Character Database: each letter maps to the first
// character of its canonical decomposition when that is an ASCII letter, otherwise to the
// letter its character name is built on ("LATIN SMALL LETTER OPEN O" -> "o"), with the
// ligatures and letters that have a conventional ASCII spelling written out ("ß" -> "ss",
// "Þ" -> "th", "Æ" -> "ae"). An empty entry is not a letter (× and ÷) or has no ASCII
// counterpart.
// U+00C0..U+024F
constexpr std::string_view kLatin1AndExtendedFold[] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // U+00C0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",  // U+00D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // U+00E0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",  // U+00F0
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",  // U+0100
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",  // U+0110
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",  // U+0120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  // U+0130
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",  // U+0140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  // U+0150
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",  // U+0160
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",  // U+0170
    "b", "b", "b", "b", "", "", "o", "c", "c", "d", "d", "d", "d", "d", "e", "e",  // U+0180
    "e", "f", "f", "g", "g", "hv", "i", "i", "k", "k", "l", "l", "m", "n", "n", "o",  // U+0190
    "o", "o", "oi", "oi", "p", "p", "", "", "", "sh", "sh", "t", "t", "t", "t", "u",  // U+01A0
    "u", "u", "v", "y", "y", "z", "z", "z", "z", "z", "z", "", "", "", "", "",  // U+01B0
    "", "", "", "", "dz", "d", "dz", "lj", "l", "lj", "nj", "n", "nj", "a", "a", "i",  // U+01C0
    "i", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "e", "a", "a",  // U+01D0
    "a", "a", "ae", "ae", "g", "g", "g", "g", "k", "k", "o", "o", "o", "o", "z", "z",  // U+01E0
    "j", "dz", "d", "dz", "g", "g", "hv", "w", "n", "n", "a", "a", "ae", "ae", "o", "o",  // U+01F0
    "a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o",  // U+0200
    "r", "r", "r", "r", "u", "u", "u", "u", "s", "s", "t", "t", "gh", "gh", "h", "h",  // U+0210
    "n", "d", "ou", "ou", "z", "z", "a", "a", "e", "e", "o", "o", "o", "o", "o", "o",  // U+0220
    "o", "o", "y", "y", "l", "n", "t", "j", "db", "qp", "a", "c", "c", "l", "t", "s",  // U+0230
    "z", "", "", "b", "u", "v", "e", "e", "j", "j", "q", "q", "r", "r", "y", "y",  // U+0240
};
// U+1E00..U+1EFF
constexpr std::string_view kLatinExtendedAdditionalFold[] = {
    "a", "a", "b", "b", "b", "b", "b", "b", "c", "c", "d", "d", "d", "d", "d", "d",  // U+1E00
    "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "f", "f",  // U+1E10
    "g", "g", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "i", "i", "i", "i",  // U+1E20
    "k", "k", "k", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "m", "m",  // U+1E30
    "m", "m", "m", "m", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",  // U+1E40
    "o", "o", "o", "o", "p", "p", "p", "p", "r", "r", "r", "r", "r", "r", "r", "r",  // U+1E50
    "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",  // U+1E60
    "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "v", "v", "v", "v",  // U+1E70
    "w", "w", "w", "w", "w", "w", "w", "w", "w", "w", "x", "x", "x", "x", "y", "y",  // U+1E80
    "z", "z", "z", "z", "z", "z", "h", "t", "w", "y", "a", "s", "s", "s", "ss", "d",  // U+1E90
    "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",  // U+1EA0
    "a", "a", "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "e", "e", "e", "e",  // U+1EB0
    "e", "e", "e", "e", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o",  // U+1EC0
    "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o",  // U+1ED0
    "o", "o", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",  // U+1EE0
    "u", "u", "y", "y", "y", "y", "y", "y", "y", "y", "ll", "ll", "v", "v", "y", "y",  // U+1EF0
};

constexpr char32_t kLatin1AndExtendedFirst = 0x00C0;
constexpr char32_t kLatin1AndExtendedLast = 0x024F;
constexpr char32_t kLatinExtendedAdditionalFirst = 0x1E00;
constexpr char32_t kLatinExtendedAdditionalLast = 0x1EFF;
constexpr char32_t kMultiplicationSign = 0x00D7;
constexpr char32_t kDivisionSign = 0x00F7;

static_assert(sizeof(kLatin1AndExtendedFold) / sizeof(kLatin1AndExtendedFold[0]) ==
              kLatin1AndExtendedLast - kLatin1AndExtendedFirst + 1);
static_assert(sizeof(kLatinExtendedAdditionalFold) / sizeof(kLatinExtendedAdditionalFold[0]) ==
              kLatinExtendedAdditionalLast - kLatinExtendedAdditionalFirst + 1);

}  // namespace

bool FoldLatinLetter(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    if (code_point >= 'A' && code_point <= 'Z') {
      out->push_back(static_cast<char>(code_point - 'A' + 'a'));
      return true;
    }
    if (code_point >= 'a' && code_point <= 'z') {
      out->push_back(static_cast<char>(code_point));
      return true;
    }
    return false;
  }
  if (code_point == kMultiplicationSign || code_point == kDivisionSign) return false;
  if (code_point >= kLatin1AndExtendedFirst && code_point <= kLatin1AndExtendedLast) {
    out->append(kLatin1AndExtendedFold[code_point - kLatin1AndExtendedFirst]);
    return true;
  }
  if (code_point >= kLatinExtendedAdditionalFirst && code_point <= kLatinExtendedAdditionalLast) {
    out->append(kLatinExtendedAdditionalFold[code_point - kLatinExtendedAdditionalFirst]);
    return true;
  }
  return false;
}

}  // namespace gatekeeper
