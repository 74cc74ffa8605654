// A name reduced to the initials of its words and a legal form, as traders abbreviate long
// organisation names: "DISTRIBUIDORA GRAN AUTO, S.A. DE C.V." declared as "DGA S.A. DE C.V.",
// "D.G.A. SA DE CV" or "D G A S A DE C V" (all normalize to the word "dga" and the form
// "sadecv", normalized_name.h).
//
// Initials alone are ambiguous, so they match only with the same legal form, at least
// kMinInitials letters, and only a listed name of as many words (all its words, or those
// that are not articles and prepositions: "Distribuidora de Elementos para la
// Construccion" is "DEPLC" or "DEC").
#ifndef GATEKEEPER_SERVICES_SCREENING_INITIALS_MATCH_H_
#define GATEKEEPER_SERVICES_SCREENING_INITIALS_MATCH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "services/screening/name_normalizer.h"
#include "services/screening/normalized_name.h"

namespace gatekeeper {

// The score of a declared name made of a listed name's initials and its legal form: above
// the default threshold (party_screener.h), below an equal or respelled name.
inline constexpr double kInitialsSimilarity = 0.92;
// Two letters are shared by too many names to mean one.
inline constexpr size_t kMinInitials = 3;
inline constexpr size_t kMaxInitials = 12;

// The keys a declared name is looked up by when it is reduced to initials (one word of
// letters a-z left, and a legal form): its legal form, ':', its letters; and, when the
// letters were typed spaced, the keys of the letters taken as words (InitialsKeys), since
// spaced initials may spell a form too ("C I U S A DE C V" is "CIU" and "S.A. de C.V.", not
// "C.I."). Empty otherwise.
std::vector<std::string> DeclaredInitialsKeys(const NormalizedName& declared);

// The keys of the initials a name may be reduced to, from its normalized words and which of
// them are legal forms (legal_forms.h): the initials of the words between the leading and
// the trailing forms (words of a form inside the name count as words), with those forms;
// also with the first words of the trailing forms, or of the leading ones, taken into the
// initials ("HODA SHIPPING COMPANY LIMITED" is "HSC LIMITED" as well as "HS CO LTD";
// "LIMITED LIABILITY COMPANY INFRASTRUCTURE PROJECTS MANAGEMENT COMPANY" is "LLCIPM
// COMPANY"). Each with all words, and without articles and prepositions. Empty when the
// name has no leading or trailing form. Long forms are written short ("limited" as "ltd").
// Each reading also with the words after a hyphen left out ("AL-SULTAN" one initial), and
// with the words in parentheses left out. Words starting with a digit give no initial.
// With `letters_only`, only initials typed as single letters ("C I U S A DE C V") count:
// the keys a declared name of spaced letters may mean.
std::vector<std::string> InitialsKeys(const std::vector<std::string>& texts,
                                      const std::vector<bool>& is_form,
                                      const std::vector<TokenContext>& contexts, bool letters_only);

// The long spelling of a legal-form word in its short one ("limited" -> "ltd"), so that a
// form compares equal however it is written; other words as they are.
std::string_view ShortFormWord(std::string_view word);

// kInitialsSimilarity when the declared name is reduced to the listed name's initials with
// the same legal form, else 0.
double InitialsScore(const NormalizedName& declared, const NormalizedName& listed);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_INITIALS_MATCH_H_
