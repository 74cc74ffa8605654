// Movement Reference Numbers as the Union Customs Code allocates them: 18 characters,
// year (2 digits), country of the office of export (2 letters), a 12-character serial,
// the procedure indicator ("A": export), and a check character computed as ISO 6346 does
// for container numbers (letters valued 10..38 skipping multiples of 11, weighted by powers
// of two, sum mod 11, 10 -> 0). Matches the contract's pattern
// [0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9A-Z].
//
//   MakeMrn(25, "NL", 4711) == "25NL...A" + check character
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_MRN_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_MRN_H_

#include <cstdint>
#include <string>

namespace gatekeeper::samplegen {

// Distinct `number`s (below 36^12) give distinct MRNs for one year and country. The serial
// is the number scrambled by a bijection, so consecutive declarations do not carry
// consecutive serials, as in real AES systems. REQUIRES: country is two letters A-Z.
std::string MakeMrn(int year_two_digits, const std::string& country, uint64_t number);

// The ISO 6346 check character of the first 17 characters of an MRN.
char MrnCheckCharacter(const std::string& first_17);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_MRN_H_
