// Country names as the sanctions lists write them -> ISO 3166-1 alpha-2 codes, for
// ListedParty.country. The table is built from Debian's iso-codes package (every country's
// short, official and common name) plus the forms the OFAC and UN lists use that ISO does
// not ("Russia", "Korea, North", "Burma", "Iran (Islamic Republic of)", "Kosovo", ...).
#ifndef GATEKEEPER_TOOLS_SCREENING_COUNTRY_NAMES_H_
#define GATEKEEPER_TOOLS_SCREENING_COUNTRY_NAMES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace gatekeeper::screening {

// The alpha-2 code of the country `name` names, compared without case, accents and
// punctuation ("Türkiye", "TURKIYE" and "Turkiye" are all "TR"); empty when the name is not
// recognised (it is then left out rather than guessed).
std::string CountryCodeForName(absl::string_view name);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_COUNTRY_NAMES_H_
