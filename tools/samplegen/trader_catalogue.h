// The traders of the sample: exporters in the Netherlands and Flanders (with EORI numbers
// and customs offices), consignees abroad, and the listed (sanctioned or denied) parties
// the authorities push, with the spelling noise real declarations carry.
//
// Every name is invented for the sample. Consignee names are built from words that no
// listed party uses, so that a correct screener finds no listed party among them; listed
// parties appear in declarations only where the sample means them to.
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_TRADER_CATALOGUE_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_TRADER_CATALOGUE_H_

#include <span>
#include <string>
#include <vector>

#include "tools/samplegen/sample_random.h"

namespace gatekeeper::samplegen {

struct Exporter {
  std::string eori;
  std::string name;
  std::string country;  // NL or BE
  std::string office_of_export;
  std::string office_of_exit;
  // CN codes this exporter usually ships (general traders); empty for the makers of
  // controlled goods, which ship what their licences name.
  std::vector<std::string> usual_cn_codes;
  // Annex I entries ("6A003") a maker of controlled goods produces; empty for general
  // traders.
  std::vector<std::string> licence_entries;
};

// Makers and traders of dual-use goods (a fixed list of about 25).
const std::vector<Exporter>& ControlledGoodsExporters();

// General traders: flowers, food, furniture, machinery, ... `count` of them, deterministic
// by index.
std::vector<Exporter> GeneralExporters(int count);

// The freight forwarder that holds the sample's transit authorisation.
const Exporter& TransitForwarder();

// Customs offices of export in the Netherlands and Belgium used by the sample.
std::span<const char* const> OfficesOfExport(const std::string& country);

// The consignee `index` (0..) of `country`: the same index always gives the same name, so
// trading relationships repeat. REQUIRES: country is an ISO alpha-2 code.
std::string ConsigneeName(const std::string& country, int index);

// Countries for which ConsigneeName has local place names and legal forms.
std::span<const char* const> ConsigneeCountries();

struct ListedPartySeed {
  const char* party_id;
  // The primary name first, then aliases and transliterations.
  std::vector<std::string> names;
  const char* country;
  std::vector<std::string> ids;
  const char* source;
};

// A few dozen invented listed parties in Russia, Belarus and the countries used to divert
// goods there.
const std::vector<ListedPartySeed>& ListedParties();

// One way a declarant would write a listed party's name: an alias, upper case, another
// legal form, the legal form in front, punctuation dropped. Never the exact primary name.
std::string NoisyPartyName(const ListedPartySeed& party, SampleRandom& random);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_TRADER_CATALOGUE_H_
