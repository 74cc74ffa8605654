// Screening of names written in Arabic script against the lists' Latin names. The lists give
// most Arab names only in Latin letters (OFAC), or in both (the UN's NAME_ORIGINAL_SCRIPT);
// a declaration may carry the Arabic spelling. Arabic writes no short vowels and the Latin
// transcriptions disagree on the rest ("Mohammed", "Muhammad", "Mohamad" for محمد), so both
// sides are reduced to a consonant skeleton and compared word by word:
//
//   ArabicSkeletonWords("صدام حسين التكريتي")          == {"sdm", "hsn", "tkrt"}
//   LatinSkeletonWords({"saddam", "hussein", "al", "tikriti"}) == {"sdm", "hsn", "tkrt"}
//
// Skeleton letters: vowels, w and y (long vowels and glides), alif, hamza and ayn dropped;
// the sounds Latin writes in two letters or two ways folded into one (kh/h/ḥ -> h, sh/s/ṣ
// -> s, th/t/ṭ -> t, dh/z/ḍ/ẓ/d -> d, gh/g/j -> j, q/k/c -> k, p/b -> b, v/f/ph -> f);
// doubled letters once; the article "al-" (ال, and "al"/"el"/"ul" as Latin words) and the
// "abd al-" of compound names handled as words ("Abdullah" = عبد الله); words equal but
// for a joined article or a final h (ة) are equal.
#ifndef GATEKEEPER_SERVICES_SCREENING_ARABIC_SKELETON_H_
#define GATEKEEPER_SERVICES_SCREENING_ARABIC_SKELETON_H_

#include <string>
#include <string_view>
#include <vector>

namespace gatekeeper {

// A name matched through its skeleton scores this much per equal word at most: a skeleton
// loses the vowels, so a name equal by skeleton is not the same name.
inline constexpr double kSkeletonSimilarity = 0.95;

// Whether the name has Arabic-script letters (U+0600..U+06FF, U+0750..U+077F).
bool HasArabicLetters(std::string_view name);

// The skeletons of the Arabic-script words of `name` (other words are ignored), in order.
std::vector<std::string> ArabicSkeletonWords(std::string_view name);

// The skeletons of normalized Latin tokens (NormalizeNameTokens, legal forms removed), in
// order; empty when a token is not ASCII (a name in another script has no Latin skeleton).
std::vector<std::string> LatinSkeletonWords(const std::vector<std::string>& tokens);

// Weighted word-set similarity of two skeleton names, as ScoreNames does for words (each
// word paired once, a weighted Dice coefficient): kSkeletonSimilarity for equal words,
// less for one letter apart in skeletons of four letters or more, 0 otherwise; rounded
// like ScoreNames. 0 when either is empty.
double ScoreSkeletons(const std::vector<std::string>& declared,
                      const std::vector<std::string>& listed);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_ARABIC_SKELETON_H_
