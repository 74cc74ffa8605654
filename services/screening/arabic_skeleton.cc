#include "services/screening/arabic_skeleton.h"

#include <algorithm>
#include <cmath>

#include "absl/container/inlined_vector.h"
#include "services/screening/token_similarity.h"
#include "services/screening/utf8.h"

namespace gatekeeper {
namespace {

// One letter more, less or other in a skeleton of n letters costs this share / n.
constexpr double kSkeletonEditCost = 0.25;

bool IsArabicLetter(char32_t c) {
  return (c >= 0x0621 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) ||
         (c >= 0x0750 && c <= 0x077F);
}

// The skeleton letter of an Arabic letter, 0 for letters the skeleton drops.
char ArabicSkeletonLetter(char32_t c) {
  switch (c) {
    case 0x0628:
      return 'b';  // ba
    case 0x067E:
      return 'b';  // pe (Persian p)
    case 0x062A:
      return 't';  // ta
    case 0x062B:
      return 't';  // tha
    case 0x0637:
      return 't';  // ta (emphatic)
    case 0x062C:
      return 'j';  // jim
    case 0x0686:
      return 'j';  // che
    case 0x063A:
      return 'j';  // ghayn
    case 0x06AF:
      return 'j';  // gaf
    case 0x062D:
      return 'h';  // ha
    case 0x062E:
      return 'h';  // kha
    case 0x0647:
      return 'h';  // ha
    case 0x062F:
      return 'd';  // dal
    case 0x0630:
      return 'd';  // dhal
    case 0x0632:
      return 'd';  // zay
    case 0x0698:
      return 'd';  // zhe
    case 0x0636:
      return 'd';  // dad
    case 0x0638:
      return 'd';  // za (emphatic)
    case 0x0631:
      return 'r';  // ra
    case 0x0633:
      return 's';  // sin
    case 0x0634:
      return 's';  // shin
    case 0x0635:
      return 's';  // sad
    case 0x0641:
      return 'f';  // fa
    case 0x0642:
      return 'k';  // qaf
    case 0x0643:
      return 'k';  // kaf
    case 0x06A9:
      return 'k';  // keheh (Persian kaf)
    case 0x0644:
      return 'l';  // lam
    case 0x0645:
      return 'm';  // mim
    case 0x0646:
      return 'n';  // nun
    default:
      return 0;  // alif, hamza, ayn, waw, ya, ta marbuta, alif maqsura
  }
}

// The skeleton letter of a Latin letter at text[i], and how many letters it takes.
char LatinSkeletonLetter(std::string_view text, size_t i, size_t* length) {
  *length = 1;
  const char c = text[i];
  const char next = i + 1 < text.size() ? text[i + 1] : 0;
  if (c == 'd' && next == 'j') {  // French "Djamel"
    *length = 2;
    return 'j';
  }
  if (next == 'h') {
    *length = 2;
    switch (c) {
      case 'k':
        return 'h';
      case 's':
        return 's';
      case 'c':
        return 's';
      case 't':
        return 't';
      case 'd':
        return 'd';
      case 'z':
        return 'd';
      case 'g':
        return 'j';
      case 'p':
        return 'f';
      default:
        *length = 1;
        break;
    }
  }
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
    case 'w':
      return 0;
    case 'q':
    case 'c':
      return 'k';
    case 'g':
      return 'j';
    case 'z':
      return 'd';
    case 'p':
      return 'b';
    case 'v':
      return 'f';
    case 'x':
      return 'k';
    default:
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : 0;
  }
}

void AppendOnce(char letter, std::string* skeleton) {
  if (letter != 0 && (skeleton->empty() || skeleton->back() != letter)) skeleton->push_back(letter);
}

double SkeletonWeight(const std::string& skeleton) {
  // Particles ("b" for abu, "bn" for bin) and the first half of "abd al-" weigh little.
  if (skeleton.size() <= 2) return 0.4;
  return std::sqrt(static_cast<double>(std::min<size_t>(skeleton.size(), 8)));
}

// Whether `longer` is `shorter` with `letter` added at the front or the back.
bool DiffersByAffix(const std::string& longer, const std::string& shorter, char letter,
                    bool front) {
  if (longer.size() != shorter.size() + 1 || shorter.size() < 2) return false;
  return front ? longer[0] == letter && longer.compare(1, shorter.size(), shorter) == 0
               : longer.back() == letter && longer.compare(0, shorter.size(), shorter) == 0;
}

// Equal but for the article written joined ("altikriti", التكريتي without ال) or a final
// h (ة is written "-a" or "-ah").
bool EqualButAffix(const std::string& a, const std::string& b) {
  const std::string& longer = a.size() > b.size() ? a : b;
  const std::string& shorter = a.size() > b.size() ? b : a;
  return DiffersByAffix(longer, shorter, 'l', true) || DiffersByAffix(longer, shorter, 'h', false);
}

double SkeletonWordSimilarity(const std::string& a, const std::string& b) {
  if (a == b || EqualButAffix(a, b)) return kSkeletonSimilarity;
  const size_t length = std::max(a.size(), b.size());
  if (length < 4 || BoundedEditDistance(a, b, 1) > 1) return 0;
  return kSkeletonSimilarity * (1.0 - kSkeletonEditCost / static_cast<double>(length));
}

// "bdl..." (abdul-, abdel-, abdal- written as one word) is "bd" and the rest.
void SplitAbdAl(std::string skeleton, std::vector<std::string>* words) {
  if (skeleton.size() > 3 && skeleton.compare(0, 3, "bdl") == 0) {
    words->push_back("bd");
    skeleton.erase(0, 3);
    // "Abdullah" is "bd" and "lh" (Allah keeps its l: الله is ال + له).
    if (skeleton == "h") skeleton = "lh";
  }
  if (!skeleton.empty()) words->push_back(std::move(skeleton));
}

}  // namespace

bool HasArabicLetters(std::string_view name) {
  size_t pos = 0;
  while (pos < name.size()) {
    if (static_cast<unsigned char>(name[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (IsArabicLetter(DecodeUtf8(name, &pos))) return true;
  }
  return false;
}

std::vector<std::string> ArabicSkeletonWords(std::string_view name) {
  std::vector<std::string> words;
  std::vector<char32_t> letters;
  auto finish_word = [&] {
    if (letters.empty()) return;
    size_t start = 0;
    // The article: ال before a word of at least two more letters.
    if (letters.size() > 3 && letters[0] == 0x0627 && letters[1] == 0x0644) start = 2;
    std::string skeleton;
    for (size_t k = start; k < letters.size(); ++k) {
      AppendOnce(ArabicSkeletonLetter(letters[k]), &skeleton);
    }
    // "عبدالرحمن": "bd" and the rest without its article.
    if (letters.size() > 5 && letters[0] == 0x0639 && letters[1] == 0x0628 &&
        letters[2] == 0x062F && letters[3] == 0x0627 && letters[4] == 0x0644) {
      words.push_back("bd");
      skeleton.clear();
      for (size_t k = 5; k < letters.size(); ++k)
        AppendOnce(ArabicSkeletonLetter(letters[k]), &skeleton);
    }
    if (!skeleton.empty()) words.push_back(std::move(skeleton));
    letters.clear();
  };
  size_t pos = 0;
  while (pos < name.size()) {
    const char32_t c =
        static_cast<unsigned char>(name[pos]) < 0x80 ? name[pos++] : DecodeUtf8(name, &pos);
    if (IsArabicLetter(c)) {
      letters.push_back(c);
    } else if (!((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)) {
      finish_word();  // vowel marks and tatweel are inside words
    }
  }
  finish_word();
  return words;
}

std::vector<std::string> LatinSkeletonWords(const std::vector<std::string>& tokens) {
  std::vector<std::string> words;
  for (const std::string& token : tokens) {
    if (std::any_of(token.begin(), token.end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      return {};
    }
    // The article, written as a word of its own.
    if (token == "al" || token == "el" || token == "ul" || token == "ad" || token == "as" ||
        token == "ash" || token == "ar" || token == "az" || token == "at") {
      continue;
    }
    std::string_view text = token;
    std::string skeleton;
    size_t i = 0;
    while (i < text.size()) {
      size_t length = 1;
      AppendOnce(LatinSkeletonLetter(text, i, &length), &skeleton);
      i += length;
    }
    SplitAbdAl(std::move(skeleton), &words);
  }
  return words;
}

double ScoreSkeletons(const std::vector<std::string>& declared,
                      const std::vector<std::string>& listed) {
  if (declared.empty() || listed.empty()) return 0;
  double total = 0;
  for (const std::string& word : declared) total += SkeletonWeight(word);
  for (const std::string& word : listed) total += SkeletonWeight(word);
  // Best pairs first: equal words, then one letter apart.
  // Inline: this runs for up to kMaxScoredSkeletonNames names per screening, and two heap
  // allocations per name were a measurable part of its cost.
  absl::InlinedVector<bool, 32> listed_used(listed.size(), false);
  absl::InlinedVector<bool, 32> declared_used(declared.size(), false);
  double matched = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < declared.size(); ++i) {
      if (declared_used[i]) continue;
      for (size_t j = 0; j < listed.size(); ++j) {
        if (listed_used[j]) continue;
        const double similarity = pass == 0 ? (declared[i] == listed[j] ? kSkeletonSimilarity : 0)
                                            : SkeletonWordSimilarity(declared[i], listed[j]);
        if (similarity == 0) continue;
        matched += similarity * (SkeletonWeight(declared[i]) + SkeletonWeight(listed[j]));
        declared_used[i] = true;
        listed_used[j] = true;
        break;
      }
    }
  }
  constexpr double kStepsPerUnit = 1e6;
  return std::clamp(std::round(matched / total * kStepsPerUnit) / kStepsPerUnit, 0.0, 1.0);
}

}  // namespace gatekeeper
