// The reference lists the sample is built from, as facts the licence authorities publish:
// the Common High Priority items (HS-6), the Union general authorisation EU001's
// destinations, the EU member states, the partner countries of Reg. 833/2014 Annex VIII,
// and the third countries that press and guidance name as used to divert goods to Russia.
// Copied from the project's shared reference data (data/reference/*.csv, sources in its
// SOURCES.md); the sample turns them into rules and licences pushed as events, so the
// engine itself never sees these lists except as data.
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_REFERENCE_LISTS_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_REFERENCE_LISTS_H_

#include <span>
#include <string>

namespace gatekeeper::samplegen {

struct ChpItem {
  const char* tier;  // "1", "2", "3A", "3B", "4A", "4B"
  const char* hs6;
  const char* description;
};

// The 50 CHP items of February 2024 (chp-items-2024-02.csv).
std::span<const ChpItem> ChpItems();

// EU-27 in 2024 (eu27.csv).
std::span<const char* const> Eu27Countries();

// EU001 destinations (Reg. 2021/821 Annex II; eu001-destinations.csv).
std::span<const char* const> Eu001Destinations();

// Partner countries exempt from the Art. 12g no-Russia clause
// (annex-viii-partner-countries.csv).
std::span<const char* const> PartnerCountries();

// Third countries named for diversion to Russia (../shared/docs/domain.md): AE, TR, AM, KZ, KG, TJ,
// RS, CN.
std::span<const char* const> DiversionCountries();

// True when the first six digits of `cn_code` are a CHP HS-6 code.
bool IsChpCode(const std::string& cn_code);

bool Contains(std::span<const char* const> list, const std::string& value);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_REFERENCE_LISTS_H_
