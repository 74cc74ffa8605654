#include "tests/fuzz/event_sequence_generator.h"

#include <string_view>

#include "services/codec/event_codec.h"

namespace gatekeeper::fuzz {
namespace {

// Pools. Each is small so that events meet: 4 licence ids for 4 MRNs. Most entries are
// valid; a few are not, so that refusals and REJECTED decisions happen in mid-sequence too.
constexpr const char* kLicenceIds[] = {"NL-DU-2025-000123", "NL-DU-2025-000456", "EU001",
                                       "NL-GL-2025-000007"};
constexpr v1::LicenceType kLicenceTypes[] = {v1::INDIVIDUAL,    v1::GLOBAL,  v1::NATIONAL_GENERAL,
                                             v1::UNION_GENERAL, v1::TRANSIT, v1::INDIVIDUAL};
constexpr v1::LicenceStatus kLicenceStatuses[] = {v1::ACTIVE, v1::ACTIVE, v1::SUSPENDED,
                                                  v1::REVOKED};
constexpr const char* kEoris[] = {"NL123456789", "DE987654321", ""};
constexpr const char* kValidity[][2] = {{"2025-01-01", "2026-12-31"},
                                        {"2020-01-01", "2021-01-01"},
                                        {"2027-01-01", "2030-12-31"},
                                        {"", ""}};
constexpr const char* kCountries[] = {"CN", "RU", "US"};
constexpr const char* kLineControlCodes[] = {"6A002", "", "5A"};
constexpr const char* kLineCnCodes[] = {"854149", "", "84"};
// Amounts in the ledger's range and at its edges: none (uncapped), zero, fractions of a
// milli-unit's precision, and the largest amount the ledger accepts.
constexpr const char* kQuantities[] = {"",    "0",  "10",      "100",
                                       "2.5", "40", "1000000", "1000000000000"};
constexpr const char* kUnits[] = {"NAR", "KGM", "LTR"};
constexpr const char* kMoney[] = {"", "0", "100.00", "48000.00", "10000000000000"};
constexpr uint32_t kTolerances[] = {0, 5, 10, 100};
constexpr const char* kMrns[] = {"25NL4A7B9C2D1E3F5G", "25NL4A7B9C2D1E3F5H", "25DE00000000000001",
                                 "25NL4A7B9C2D1E3F5J", "not-an-mrn"};
constexpr const char* kLodgedAt[] = {"2025-06-02T08:15:00Z", "2024-02-01T00:00:00Z",
                                     "2028-01-01T00:00:00Z"};
constexpr const char* kDestinations[] = {"CN", "RU", "US", "ZZ"};
constexpr const char* kNames[] = {"Shenzhen Optics Co., Ltd.", "Acme GmbH", "Ivan Petrov OOO"};
constexpr const char* kRoutes[] = {"", "KZ", "RU"};
constexpr const char* kItemCnCodes[] = {"85414900", "84713000", "8541"};
constexpr const char* kItemControlCodes[] = {"6A002.a.3", "", "5A002"};
constexpr const char* kNetMass[] = {"", "12.5", "1000"};
constexpr const char* kDocumentCodes[] = {"X060", "X070", "X061", "X002", "Y901", "X072"};
constexpr const char* kWriteOffs[] = {"", "1", "40", "1000"};
constexpr const char* kWriteOffValues[] = {"", "10.00", "48000.00"};
constexpr const char* kRuleIds[] = {"RU-833-CHP", "CA-1", "DN-1"};
constexpr const char* kCnPrefixes[] = {"", "8541", "84"};
constexpr const char* kControlPrefixes[] = {"", "*", "6A"};
constexpr const char* kPartyIds[] = {"EU-FSF-1", "OFAC-2", "UK-3"};

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

}  // namespace

uint8_t EventSequenceGenerator::Byte() { return Exhausted() ? 0 : data_[offset_++]; }

std::optional<v1::Event> EventSequenceGenerator::Next() {
  while (!Exhausted() && events_ < kMaxEvents) {
    ++events_;
    v1::Event event;
    switch (Pick(kOpcodeCount)) {
      case kOpLicence:
        Licence(*event.mutable_licence());
        break;
      case kOpDeclaration:
      case kOpDeclarationToo:
        Declaration(*event.mutable_declaration(), false);
        break;
      case kOpAmendment:
        Declaration(*event.mutable_declaration(), true);
        break;
      case kOpInvalidation:
        Invalidation(*event.mutable_invalidation());
        break;
      case kOpDisposition:
        Disposition(*event.mutable_disposition());
        break;
      case kOpLicenceStatus:
        LicenceStatus(*event.mutable_licence_status());
        break;
      case kOpRule:
        Rule(*event.mutable_rule());
        break;
      case kOpRuleRemoval:
        event.mutable_rule_removal()->set_rule_id(kRuleIds[Pick(Count(kRuleIds))]);
        break;
      case kOpParty:
        Party(*event.mutable_party());
        break;
      case kOpPartyRemoval:
        event.mutable_party_removal()->set_party_id(kPartyIds[Pick(Count(kPartyIds))]);
        break;
      case kOpRaw:
        if (std::optional<v1::Event> raw = Raw()) return raw;
        continue;
    }
    return event;
  }
  return std::nullopt;
}

void EventSequenceGenerator::Licence(v1::Licence& licence) {
  licence.set_licence_id(kLicenceIds[Pick(Count(kLicenceIds))]);
  licence.set_type(kLicenceTypes[Pick(Count(kLicenceTypes))]);
  licence.set_status(kLicenceStatuses[Pick(Count(kLicenceStatuses))]);
  licence.set_holder_eori(kEoris[Pick(Count(kEoris))]);
  licence.set_issued_by("NL-CDIU");
  const auto& validity = kValidity[Pick(Count(kValidity))];
  licence.set_valid_from(validity[0]);
  licence.set_valid_until(validity[1]);
  const uint8_t destinations = Byte();
  for (size_t i = 0; i < Count(kCountries); ++i) {
    if (destinations & (1u << i)) licence.add_destinations(kCountries[i]);
  }
  if (destinations & 0x10) licence.add_end_users()->set_name(kNames[0]);
  if (destinations & 0x20) licence.add_registered_exporters(kEoris[0]);
  const size_t lines = Pick(4);
  for (size_t i = 0; i < lines; ++i) {
    v1::LicenceLine& line = *licence.add_lines();
    line.set_line_no(1 + static_cast<int32_t>(Pick(3)));
    line.set_control_code(kLineControlCodes[Pick(Count(kLineControlCodes))]);
    line.set_cn_code(kLineCnCodes[Pick(Count(kLineCnCodes))]);
    const char* amount = kQuantities[Pick(Count(kQuantities))];
    const char* unit = kUnits[Pick(Count(kUnits))];
    if (*amount != '\0') {
      line.mutable_quantity()->set_amount(amount);
      line.mutable_quantity()->set_unit(unit);
    }
    line.set_value_eur(kMoney[Pick(Count(kMoney))]);
    line.set_tolerance_percent(kTolerances[Pick(Count(kTolerances))]);
  }
}

void EventSequenceGenerator::Declaration(v1::Declaration& declaration, bool amendment) {
  declaration.set_mrn(kMrns[Pick(Count(kMrns))]);
  declaration.set_version(amendment ? 2 + static_cast<uint32_t>(Pick(3)) : 1);
  declaration.set_lodged_at(kLodgedAt[Pick(Count(kLodgedAt))]);
  declaration.set_declaration_type("EX");
  declaration.set_procedure("1000");
  const char* exporter = kEoris[Pick(Count(kEoris))];
  declaration.mutable_exporter()->set_eori(exporter);
  declaration.mutable_exporter()->set_country("NL");
  const char* destination = kDestinations[Pick(Count(kDestinations))];
  declaration.set_destination_country(destination);
  v1::Trader& consignee = *declaration.mutable_consignee();
  consignee.set_name(kNames[Pick(Count(kNames))]);
  consignee.set_country(destination);
  const char* route = kRoutes[Pick(Count(kRoutes))];
  if (*route != '\0') declaration.add_route_countries(route);
  declaration.set_office_of_export("NL000396");
  declaration.set_office_of_exit("NL000510");
  const size_t items = Pick(4);  // 0 items is a REJECTED declaration
  for (size_t i = 0; i < items; ++i) Item(*declaration.add_items());
}

void EventSequenceGenerator::Item(v1::GoodsItem& item) {
  item.set_item_no(1 + static_cast<int32_t>(Pick(3)));  // repeats are REJECTED
  item.set_cn_code(kItemCnCodes[Pick(Count(kItemCnCodes))]);
  item.set_control_code(kItemControlCodes[Pick(Count(kItemControlCodes))]);
  const char* amount = kQuantities[Pick(Count(kQuantities))];
  const char* unit = kUnits[Pick(Count(kUnits))];
  if (*amount != '\0') {
    item.mutable_quantity()->set_amount(amount);
    item.mutable_quantity()->set_unit(unit);
  }
  item.set_net_mass_kg(kNetMass[Pick(Count(kNetMass))]);
  item.set_value_eur(kMoney[Pick(Count(kMoney))]);
  const size_t documents = Pick(4);
  for (size_t i = 0; i < documents; ++i) {
    v1::Document& document = *item.add_documents();
    document.set_code(kDocumentCodes[Pick(Count(kDocumentCodes))]);
    document.set_reference(kLicenceIds[Pick(Count(kLicenceIds))]);
    document.set_line_no(static_cast<int32_t>(Pick(4)));  // 0 = the engine picks the line
    const char* write_off = kWriteOffs[Pick(Count(kWriteOffs))];
    if (*write_off != '\0') {
      document.mutable_write_off()->set_amount(write_off);
      document.mutable_write_off()->set_unit(kUnits[Pick(Count(kUnits))]);
    }
    document.set_write_off_value_eur(kWriteOffValues[Pick(Count(kWriteOffValues))]);
  }
}

void EventSequenceGenerator::Invalidation(v1::Invalidation& invalidation) {
  invalidation.set_mrn(kMrns[Pick(Count(kMrns))]);
  invalidation.set_exporter_eori(kEoris[Pick(Count(kEoris))]);
  invalidation.set_reason("withdrawn by the declarant");
}

void EventSequenceGenerator::Disposition(v1::Disposition& disposition) {
  disposition.set_mrn(kMrns[Pick(Count(kMrns))]);
  disposition.set_version(static_cast<uint32_t>(Pick(5)));  // 0 = the current version
  constexpr v1::DispositionAction kActions[] = {v1::RELEASE, v1::REFUSE,
                                                v1::DISPOSITION_ACTION_UNSPECIFIED};
  disposition.set_action(kActions[Pick(Count(kActions))]);
  disposition.set_officer_id("officer-7");
}

void EventSequenceGenerator::LicenceStatus(v1::LicenceStatusChange& change) {
  if (Pick(2) == 0) {
    change.set_licence_id(kLicenceIds[Pick(Count(kLicenceIds))]);
  } else {
    change.set_destination(kCountries[Pick(Count(kCountries))]);
  }
  constexpr v1::LicenceStatus kStatuses[] = {v1::ACTIVE, v1::SUSPENDED, v1::REVOKED,
                                             v1::LICENCE_STATUS_UNSPECIFIED};
  change.set_status(kStatuses[Pick(Count(kStatuses))]);
  change.set_reason("fuzz");
}

void EventSequenceGenerator::Rule(v1::Rule& rule) {
  rule.set_rule_id(kRuleIds[Pick(Count(kRuleIds))]);
  rule.set_kind(static_cast<v1::Rule::Kind>(Pick(7)));  // 0 = unspecified, refused
  rule.set_legal_basis("fuzz");
  const uint8_t destinations = Byte();
  for (size_t i = 0; i < Count(kCountries); ++i) {
    if (destinations & (1u << i)) rule.add_destinations(kCountries[i]);
  }
  if (destinations & 0x08) rule.add_except_destinations("US");
  const char* cn = kCnPrefixes[Pick(Count(kCnPrefixes))];
  if (*cn != '\0') rule.add_cn_prefixes(cn);
  const char* control = kControlPrefixes[Pick(Count(kControlPrefixes))];
  if (*control != '\0') rule.add_control_code_prefixes(control);
  const uint8_t options = Byte();
  if (options & 0x01) rule.add_exemption_codes("Y987");
  if (options & 0x02) rule.add_waiver_codes("Y901");
  if (options & 0x04) rule.mutable_party()->set_name(kNames[(options >> 4) % Count(kNames)]);
  if (options & 0x08) rule.set_denied_on("2024-01-01");
  if (options & 0x40) rule.set_valid_from("2025-01-01");
  if (options & 0x80) rule.set_exporter_eori(kEoris[0]);
}

void EventSequenceGenerator::Party(v1::ListedParty& party) {
  party.set_party_id(kPartyIds[Pick(Count(kPartyIds))]);
  const uint8_t names = Byte();
  for (size_t i = 0; i < Count(kNames); ++i) {
    if (names & (1u << i)) party.add_names(kNames[i]);
  }
  if (names & 0x08) party.add_ids("CN-ID-1");
  party.set_country(kCountries[Pick(Count(kCountries))]);
  party.set_source("fuzz");
}

std::optional<v1::Event> EventSequenceGenerator::Raw() {
  const size_t length = Byte();
  const size_t available = size_ - offset_;
  const size_t taken = length < available ? length : available;
  const std::string_view bytes(reinterpret_cast<const char*>(data_ + offset_), taken);
  offset_ += taken;
  absl::StatusOr<v1::Event> event = DecodeEventBinary(bytes);
  if (!event.ok()) return std::nullopt;
  return *std::move(event);
}

}  // namespace gatekeeper::fuzz
