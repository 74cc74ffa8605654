#include "services/screening/token_weights.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "services/screening/phonetic_key.h"

namespace gatekeeper {
namespace {

// The word lists are laid out by hand, several words a line, to be read as lists.
// clang-format off
constexpr std::string_view kFunctionWords[] = {
    "a",   "an",  "the", "of",  "and", "for",  "in",   "on",   "at",   "to",  "by",
    "de",  "del", "della", "di", "da", "do",  "dos",  "das",  "du",   "des", "la",
    "le",  "les", "el",  "los", "las", "y",   "e",    "et",   "und",  "van", "von",
    "der", "den", "al",  "ul",  "ur",  "ud",  "bin",  "ibn",  "ben",  "bint", "abu",
    "abou", "ould",
};

// Chosen from the most frequent tokens of the OFAC and UN lists (docs/SCREENING.md) plus
// their usual translations: words that say what an organisation does or where, shared by
// many unrelated names.
constexpr std::string_view kGenericWords[] = {
    // Finance and trade.
    "bank", "banco", "banque", "banka", "exchange", "money", "credit", "finance", "financial",
    "investment", "investments", "inversiones", "capital", "fund", "insurance", "trust",
    "trading", "trade", "traders", "commercial", "comercial", "comercializadora", "import",
    "export", "imports", "exports", "distribuidora", "supply", "supplies", "services",
    "service", "servicios", "management", "consulting", "partners", "ventures", "holding",
    "holdings", "group", "grupo", "groupe", "gruppa", "enterprise", "enterprises",
    "establishment", "international", "internacional", "global", "general", "national",
    "united", "kompaniya", "empresa", "torgovy", "torgovyi", "inmobiliaria", "constructora",
    // Industry.
    "industries", "industry", "industrial", "industrias", "manufacturing", "factory",
    "production", "products", "engineering", "construction", "technology", "technologies",
    "tech", "systems", "solutions", "equipment", "machinery", "materials", "resources",
    "energy", "oil", "gas", "petroleum", "petrochemical", "chemical", "chemicals", "mining",
    "steel", "metal", "metals", "electronics", "electronic", "electric", "power",
    "pharmaceutical", "pharma", "medical", "agricultural", "food", "foods", "development",
    "research", "science", "scientific", "zavod", "predpriyatie",
    // Transport.
    "shipping", "ship", "marine", "maritime", "navigation", "tankers", "lines", "line",
    "logistics", "transport", "transportation", "air", "airlines", "airways", "aviation",
    "travel", "tour", "tourism",
    // Organisations.
    "center", "centre", "tsentr", "institute", "institut", "organization", "organisation",
    "foundation", "fundacion", "association", "society", "committee", "charitable",
    "charity", "relief", "welfare", "humanitarian", "office", "agency", "bureau", "ministry",
    "department", "media",
};

// clang-format on

constexpr std::string_view kPatronymicEndings[] = {"ovich", "evich", "ovna", "evna",
                                                   "ogli",  "oglu",  "kyzi"};

const absl::flat_hash_set<std::string>& FunctionWords() {
  static const absl::flat_hash_set<std::string>* const words = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (std::string_view word : kFunctionWords) set->emplace(word);
    return set;
  }();
  return *words;
}

const absl::flat_hash_set<std::string>& GenericWordKeys() {
  static const absl::flat_hash_set<std::string>* const keys = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (std::string_view word : kGenericWords) set->insert(PhoneticKey(word));
    return set;
  }();
  return *keys;
}

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

double TokenWeight(std::string_view text, std::string_view key) {
  const double length_weight =
      std::sqrt(static_cast<double>(std::max<size_t>(1, std::min(key.size(), kWeightLengthCap))));
  if (IsFunctionWord(text)) return length_weight * kFunctionWordFactor;
  if (GenericWordKeys().contains(ToAbsl(key))) return length_weight * kGenericWordFactor;
  for (std::string_view ending : kPatronymicEndings) {
    if (key.size() > ending.size() + 2 && key.ends_with(ending)) {
      return length_weight * kPatronymicFactor;
    }
  }
  return length_weight;
}

bool IsFunctionWord(std::string_view text) { return FunctionWords().contains(ToAbsl(text)); }

}  // namespace gatekeeper
