// Removal of legal forms ("LLC", "OOO", "GmbH", "Co., Ltd.", "S.A. de C.V.", "Obshchestvo s
// ogranichennoi otvetstvennostyu", ...) from normalized name tokens. Traders add, drop and
// translate legal forms freely ("Romashka LLC" for "OOO Romashka"), so they carry no identity.
//
//   RemoveLegalForms({"shenzhen", "optics", "co", "ltd"})  == {"shenzhen", "optics"}
//   RemoveLegalForms({"ooo", "romashka"})                  == {"romashka"}
//   RemoveLegalForms({"limited"})                          == {"limited"}  // nothing left else
//
// Forms are recognised only as whole tokens (so "Coral" keeps its "co" and "Saab" its "sa"),
// anywhere in the name, in the languages of the OFAC and UN lists: English, Russian and
// Ukrainian (transliterated), German, French, Spanish and Portuguese, Italian, Dutch,
// Scandinavian, Turkish, Indonesian, Malaysian, Gulf free-zone forms. Matching compares
// phonetic keys (phonetic_key.h), so "ogranichennoy" and "ogranichennoi" are both removed,
// and words of five letters or more tolerate one typo ("Limted", "Compnay", "Jont Stock").
#ifndef GATEKEEPER_SERVICES_SCREENING_LEGAL_FORMS_H_
#define GATEKEEPER_SERVICES_SCREENING_LEGAL_FORMS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace gatekeeper {

// Forms whose dots were dropped and left as spaced letters are forms too: "S A DE C V",
// "L L C", "P J S C", "S A S", "C I" (each word of a form may be spelled letter by letter).
//
// Returns `tokens` (from NormalizeNameTokens) without the tokens that spell a legal form, in
// the original order. Where several forms overlap, the longest is removed. If every token is
// a legal form, returns the tokens unchanged: a name is never reduced to nothing.
std::vector<std::string> RemoveLegalForms(std::vector<std::string> tokens);

// The number of tokens of the legal form that starts at tokens[start] (the longest if
// several do), 0 if none or if tokens[start] is a single letter. REQUIRES: keys[i] ==
// PhoneticKey(tokens[i]) for every token and start < tokens.size(). For callers that need the keys
// anyway (NormalizeName), so that they are computed once.
size_t LegalFormLengthAt(const std::vector<std::string>& tokens,
                         const std::vector<std::string>& keys, size_t start);

// The number of tokens of the legal form starting at the single letter tokens[start], whose
// words may be spelled as single letters ("s", "a", "de", "c", "v"; "s", "de", "rl"), the
// longest if several; 0 if none (and for any other first token: LegalFormLengthAt's).
// Same REQUIRES as LegalFormLengthAt.
size_t SpelledLegalFormLengthAt(const std::vector<std::string>& tokens,
                                const std::vector<std::string>& keys, size_t start);

// Which tokens belong to a legal form (either kind above). Where forms overlap, the one
// covering more tokens wins, then the later one. Same REQUIRES as LegalFormLengthAt.
std::vector<bool> LegalFormMask(const std::vector<std::string>& tokens,
                                const std::vector<std::string>& keys);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_LEGAL_FORMS_H_
