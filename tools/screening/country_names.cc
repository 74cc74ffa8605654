#include "tools/screening/country_names.h"

#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "services/screening/name_normalizer.h"

namespace gatekeeper::screening {
namespace {

struct CountryName {
  std::string_view name;
  std::string_view code;
};

// Generated at configure time from iso_3166-1.json (tools/screening/CMakeLists.txt).
constexpr CountryName kIsoCountryNames[] = {
#include "iso_country_names.inc"
};

// Names the lists use that are none of ISO's names for the country.
constexpr CountryName kListCountryNames[] = {
    {"Russia", "RU"},
    {"Korea, North", "KP"},
    {"North Korea", "KP"},
    {"Korea, South", "KR"},
    {"Burma", "MM"},
    {"Turkey", "TR"},
    {"Iran (Islamic Republic of)", "IR"},
    {"Congo, Democratic Republic of the", "CD"},
    {"Democratic Republic of the Congo", "CD"},
    {"Congo, Republic of the", "CG"},
    {"Macedonia, The Former Yugoslav Republic of", "MK"},
    {"The Gambia", "GM"},
    {"Gambia, The", "GM"},
    {"Kosovo", "XK"},
    {"Palestinian", "PS"},
    {"State of Palestine", "PS"},
    {"West Bank", "PS"},
    {"Gaza", "PS"},
    {"China, Hong Kong Special Administrative Region", "HK"},
    {"British Virgin Islands", "VG"},
    {"Virgin Islands, British", "VG"},
    {"Czech Republic", "CZ"},
    {"Swaziland", "SZ"},
    {"Cape Verde", "CV"},
    {"Ivory Coast", "CI"},
    {"Cote d Ivoire", "CI"},
    {"Vietnam", "VN"},
    {"Laos", "LA"},
    {"Syria", "SY"},
    {"Venezuela", "VE"},
    {"Bolivia", "BO"},
    {"Tanzania", "TZ"},
    {"United Kingdom of Great Britain and Northern Ireland", "GB"},
    {"United States of America", "US"},
};

std::string Key(absl::string_view name) {
  return absl::StrJoin(NormalizeNameTokens(std::string_view(name.data(), name.size())), " ");
}

const absl::flat_hash_map<std::string, std::string>& CodesByKey() {
  static const absl::flat_hash_map<std::string, std::string>* const codes = [] {
    auto* map = new absl::flat_hash_map<std::string, std::string>();
    for (const CountryName& country : kIsoCountryNames) {
      map->emplace(Key(absl::string_view(country.name.data(), country.name.size())),
                   std::string(country.code));
    }
    for (const CountryName& country : kListCountryNames) {
      (*map)[Key(absl::string_view(country.name.data(), country.name.size()))] =
          std::string(country.code);
    }
    return map;
  }();
  return *codes;
}

}  // namespace

std::string CountryCodeForName(absl::string_view name) {
  const auto& codes = CodesByKey();
  auto it = codes.find(Key(name));
  return it == codes.end() ? std::string() : it->second;
}

}  // namespace gatekeeper::screening
