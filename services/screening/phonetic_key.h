// A canonical spelling of one normalized name token, so that the usual Latin spellings of
// one name compare equal: "sergei" / "sergey", "khamatovich" / "hamatovich",
// "aleksandr" / "alexandr", "mohammed" / "mohamed", "yevgeny" / "evgeniy".
//
// The rules fold the variation that transliteration from Russian (in English, German and
// French conventions) and, less, from Arabic introduces: kh/h, x/ks, q/k, w/v, ph/f,
// zh/dzh/dsch/dj/j, ch/tsch, shch/sch/sh, ou/u, ia/ya, iu/yu, y/j/i in diphthongs and at the
// end of a word, a leading "ye", and doubled letters. The key is a matching aid, never shown
// to anyone; it may merge a few distinct spellings, which costs little because a whole name
// must match, not one token.
#ifndef GATEKEEPER_SERVICES_SCREENING_PHONETIC_KEY_H_
#define GATEKEEPER_SERVICES_SCREENING_PHONETIC_KEY_H_

#include <string>
#include <string_view>

namespace gatekeeper {

// REQUIRES: `token` is a token from NormalizeNameTokens (lower case; ASCII letters and
// digits, or letters of a script without ASCII folding). Tokens with any byte outside
// [a-z0-9] are returned unchanged: the rules are about Latin spellings only.
std::string PhoneticKey(std::string_view token);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_PHONETIC_KEY_H_
