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

// Returns `tokens` (from NormalizeNameTokens) without the tokens that spell a legal form, in
// the original order. Where several forms overlap, the longest is removed. If every token is
// a legal form, returns the tokens unchanged: a name is never reduced to nothing.
std::vector<std::string> RemoveLegalForms(std::vector<std::string> tokens);

// The number of tokens of the legal form that starts at tokens[start] (the longest if
// several do), 0 if none. REQUIRES: keys[i] == PhoneticKey(tokens[i]) for every token and
// start < tokens.size(). For callers that need the keys anyway (NormalizeName), so that
// they are computed once.
size_t LegalFormLengthAt(const std::vector<std::string>& tokens,
                         const std::vector<std::string>& keys, size_t start);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_LEGAL_FORMS_H_
