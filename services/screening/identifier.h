// Normalization of party identifiers (passport, registration, tax and IMO numbers, party
// ids) for exact matching: lists and traders write the same number with and without spaces,
// dashes, dots and prefixes' case ("IMO 9187629", "imo9187629"; "OB 0243318", "OB-0243318").
#ifndef GATEKEEPER_SERVICES_SCREENING_IDENTIFIER_H_
#define GATEKEEPER_SERVICES_SCREENING_IDENTIFIER_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gatekeeper {

// Normalized identifiers shorter than this are not matched: "1", "24" or "AB" identify
// nothing and would match unrelated parties.
inline constexpr size_t kMinIdentifierLength = 4;

// Upper-cased ASCII letters and digits of `id`, in order; everything else is dropped.
std::string NormalizeIdentifier(std::string_view id);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_IDENTIFIER_H_
