#include "services/screening/name_normalizer.h"

#include <algorithm>

#include "services/screening/latin_fold.h"
#include "services/screening/transliteration.h"
#include "services/screening/utf8.h"

namespace gatekeeper {
namespace {

// What one code point contributes to a name.
enum class CharRole {
  kLetterOrDigit,  // appended to the current token (possibly as several ASCII letters)
  kInvisible,      // dropped without breaking the token: apostrophes, combining marks
  kBreak,          // ends the current token
};

// Apostrophes and modifier letters that write the Arabic ayn and hamza in transliteration:
// "Sa'id", "Saʿid" and "Said" are the same name.
bool IsApostrophe(char32_t code_point) {
  switch (code_point) {
    case U'\'':
    case U'`':
    case 0x00B4:  // acute accent
    case 0x02B9:  // modifier letter prime
    case 0x02BB:  // modifier letter turned comma
    case 0x02BC:  // modifier letter apostrophe
    case 0x02BE:  // modifier letter right half ring (hamza)
    case 0x02BF:  // modifier letter left half ring (ayn)
    case 0x2018:  // left single quotation mark
    case 0x2019:  // right single quotation mark
    case 0x2032:  // prime
      return true;
    default:
      return false;
  }
}

bool IsMarkOrFormat(char32_t code_point) {
  return (code_point >= 0x0300 && code_point <= 0x036F) ||  // combining diacritical marks
         (code_point >= 0x0483 && code_point <= 0x0489) ||  // Cyrillic combining marks
         (code_point >= 0x064B && code_point <= 0x065F) ||  // Arabic vowel marks
         code_point == 0x0670 ||                            // Arabic superscript alef
         code_point == 0x0640 ||                            // Arabic tatweel (kashida)
         (code_point >= 0x200B && code_point <= 0x200F) ||  // zero-width characters
         code_point == 0xFEFF;                              // byte order mark
}

// Punctuation and symbol blocks of scripts whose letters are otherwise kept as they are.
bool IsNonLatinPunctuation(char32_t code_point) {
  return code_point == 0x060C || code_point == 0x061B || code_point == 0x061F ||  // Arabic
         (code_point >= 0x066A && code_point <= 0x066D) ||                        // Arabic
         (code_point >= 0x2000 && code_point <= 0x2BFF) ||  // punctuation, symbols, arrows
         (code_point >= 0x3000 && code_point <= 0x303F) ||  // CJK punctuation
         (code_point >= 0xE000 && code_point <= 0xF8FF) ||  // private use
         (code_point >= 0xFE30 && code_point <= 0xFE4F) ||  // CJK compatibility forms
         (code_point >= 0xFE50 && code_point <= 0xFE6F) ||  // small form variants
         code_point >= 0xFFF0;                              // specials, U+FFFD
}

// The same as AppendCodePoint below for ASCII, which most names are made of, without its
// calls.
CharRole AppendAscii(char c, std::string* token) {
  if (c >= 'A' && c <= 'Z') {
    token->push_back(static_cast<char>(c - 'A' + 'a'));
    return CharRole::kLetterOrDigit;
  }
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
    token->push_back(c);
    return CharRole::kLetterOrDigit;
  }
  if (c == '\'' || c == '`') return CharRole::kInvisible;
  return CharRole::kBreak;
}

CharRole AppendCodePoint(char32_t code_point, std::string* token) {
  // Fullwidth ASCII (U+FF01..U+FF5E), as typed on East Asian keyboards.
  if (code_point >= 0xFF01 && code_point <= 0xFF5E) code_point -= 0xFEE0;
  if (code_point >= '0' && code_point <= '9') {
    token->push_back(static_cast<char>(code_point));
    return CharRole::kLetterOrDigit;
  }
  if (FoldLatinLetter(code_point, token)) return CharRole::kLetterOrDigit;
  if (TransliterateCyrillicLetter(code_point, token)) return CharRole::kLetterOrDigit;
  if (IsApostrophe(code_point) || IsMarkOrFormat(code_point)) return CharRole::kInvisible;
  if (code_point < 0x0370 || IsNonLatinPunctuation(code_point)) return CharRole::kBreak;
  if (code_point >= 0x0391 && code_point <= 0x03A9) code_point += 0x20;  // Greek capitals
  AppendUtf8(code_point, token);
  return CharRole::kLetterOrDigit;
}

bool IsSingleAsciiLetter(const std::string& token) {
  return token.size() == 1 && token[0] >= 'a' && token[0] <= 'z';
}

struct RawToken {
  std::string text;
  // Whether only full stops separate it from the previous token ("S.A": "a" is).
  bool after_dots_only = false;
  TokenContext context;
};

// "s.a.r.l" -> "sarl": see the header.
std::vector<std::string> JoinDottedLetters(std::vector<RawToken> tokens,
                                           std::vector<TokenContext>* contexts) {
  std::vector<std::string> joined;
  joined.reserve(tokens.size());
  if (contexts != nullptr) contexts->clear();
  bool in_run = false;  // joined.back() was built from dotted single letters
  for (RawToken& token : tokens) {
    if (IsSingleAsciiLetter(token.text) && token.after_dots_only && !joined.empty() &&
        (in_run || IsSingleAsciiLetter(joined.back()))) {
      joined.back() += token.text;
      in_run = true;
      continue;
    }
    in_run = false;
    joined.push_back(std::move(token.text));
    if (contexts != nullptr) contexts->push_back(token.context);
  }
  return joined;
}

}  // namespace

std::vector<std::string> NormalizeNameTokens(std::string_view name) {
  return NormalizeNameTokens(name, nullptr);
}

std::vector<std::string> NormalizeNameTokens(std::string_view name,
                                             std::vector<TokenContext>* contexts) {
  if (name.size() > kMaxNameBytes) name = name.substr(0, kMaxNameBytes);
  bool only_hyphens_since_token = false;
  bool hyphen_since_token = false;
  int parentheses = 0;  // depth
  std::vector<RawToken> tokens;
  tokens.reserve(8);
  RawToken current;
  // The characters between the previous token and the current one were all full stops.
  bool only_dots_since_token = false;
  bool any_break_since_token = false;
  size_t pos = 0;
  while (pos < name.size() && tokens.size() < kMaxNameTokens) {
    const bool ascii = static_cast<unsigned char>(name[pos]) < 0x80;
    const char32_t code_point =
        ascii ? static_cast<unsigned char>(name[pos++]) : DecodeUtf8(name, &pos);
    const bool was_empty = current.text.empty();
    const CharRole role = ascii ? AppendAscii(static_cast<char>(code_point), &current.text)
                                : AppendCodePoint(code_point, &current.text);
    if (role == CharRole::kBreak) {
      if (!current.text.empty()) {
        tokens.push_back(std::move(current));
        current = RawToken();
        only_dots_since_token = true;
        only_hyphens_since_token = true;
        hyphen_since_token = false;
        any_break_since_token = false;
      }
      only_dots_since_token = only_dots_since_token && code_point == U'.';
      // "AL-SULTAN", "E.K.-ULTRA", "J/V": one word of a compound.
      only_hyphens_since_token = only_hyphens_since_token &&
                                 (code_point == U'-' || code_point == U'/' || code_point == U'.');
      hyphen_since_token = hyphen_since_token || code_point == U'-' || code_point == U'/';
      if (code_point == U'(' || code_point == U'[') ++parentheses;
      if ((code_point == U')' || code_point == U']') && parentheses > 0) --parentheses;
      any_break_since_token = true;
    } else if (was_empty && !current.text.empty()) {
      current.after_dots_only = !tokens.empty() && any_break_since_token && only_dots_since_token;
      current.context.after_hyphen =
          !tokens.empty() && hyphen_since_token && only_hyphens_since_token;
      current.context.in_parentheses = parentheses > 0;
    }
  }
  if (!current.text.empty() && tokens.size() < kMaxNameTokens) tokens.push_back(std::move(current));
  return JoinDottedLetters(std::move(tokens), contexts);
}

}  // namespace gatekeeper
