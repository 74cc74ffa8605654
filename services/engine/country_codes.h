// ISO 3166-1 alpha-2 country codes, compiled in from Debian's iso-codes package
// (/usr/share/iso-codes/json/iso_3166-1.json, read by CMake at configure time), plus XK
// (Kosovo), which EU customs use although ISO has not assigned it.
#ifndef GATEKEEPER_SERVICES_ENGINE_COUNTRY_CODES_H_
#define GATEKEEPER_SERVICES_ENGINE_COUNTRY_CODES_H_

#include <string_view>

namespace gatekeeper {

// True when `code` is an assigned alpha-2 code such as "NL" (upper case only).
bool IsIsoCountry(std::string_view code);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_COUNTRY_CODES_H_
