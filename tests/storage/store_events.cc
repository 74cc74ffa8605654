#include "tests/storage/store_events.h"

#include <utility>

#include "services/engine/engine.h"

namespace gatekeeper::storage::testing {

v1::Licence MakeLicence(const std::string& licence_id,
                        const std::vector<std::string>& destinations,
                        const std::vector<LineSpec>& lines) {
  v1::Licence licence;
  licence.set_licence_id(licence_id);
  licence.set_type(v1::INDIVIDUAL);
  licence.set_status(v1::ACTIVE);
  licence.set_holder_eori(kExporterEori);
  licence.set_issued_by("NL-CDIU");
  licence.set_valid_from("2025-01-01");
  licence.set_valid_until("2026-12-31");
  for (const std::string& destination : destinations) licence.add_destinations(destination);
  for (const LineSpec& spec : lines) {
    v1::LicenceLine& line = *licence.add_lines();
    line.set_line_no(spec.line_no);
    line.set_control_code("6A002");
    line.set_cn_code("854149");
    if (!spec.amount.empty()) {
      line.mutable_quantity()->set_amount(spec.amount);
      line.mutable_quantity()->set_unit(spec.unit);
    }
    line.set_value_eur(spec.value_eur);
    line.set_tolerance_percent(spec.tolerance_percent);
  }
  return licence;
}

v1::Event LicenceEvent(const v1::Licence& licence) {
  v1::Event event;
  *event.mutable_licence() = licence;
  return event;
}

v1::Event LicenceEvent(const std::string& licence_id, const std::vector<std::string>& destinations,
                       const std::vector<LineSpec>& lines) {
  return LicenceEvent(MakeLicence(licence_id, destinations, lines));
}

v1::Event LicenceStatusEvent(const std::string& licence_id, v1::LicenceStatus status) {
  v1::Event event;
  event.mutable_licence_status()->set_licence_id(licence_id);
  event.mutable_licence_status()->set_status(status);
  event.mutable_licence_status()->set_reason("authority decision");
  return event;
}

v1::Event DeclarationEvent(const std::string& mrn, uint32_t version,
                           const std::vector<ItemSpec>& items) {
  v1::Event event;
  v1::Declaration& declaration = *event.mutable_declaration();
  declaration.set_mrn(mrn);
  declaration.set_version(version);
  declaration.set_lodged_at("2025-06-02T08:15:00Z");
  declaration.set_declaration_type("EX");
  declaration.set_procedure("1000");
  declaration.mutable_exporter()->set_eori(kExporterEori);
  declaration.mutable_exporter()->set_name("Veldhoven Photonics BV");
  declaration.mutable_exporter()->set_country("NL");
  declaration.mutable_consignee()->set_name("Shenzhen Optics Co., Ltd.");
  declaration.mutable_consignee()->set_country("CN");
  declaration.set_destination_country("CN");
  declaration.set_office_of_export("NL000396");
  for (const ItemSpec& spec : items) {
    v1::GoodsItem& item = *declaration.add_items();
    item.set_item_no(spec.item_no);
    item.set_cn_code("85414900");
    item.set_description("infrared detector arrays");
    item.set_control_code("6A002.a.3");
    item.mutable_quantity()->set_amount(spec.amount);
    item.mutable_quantity()->set_unit(spec.unit);
    item.set_value_eur(spec.value_eur);
    if (spec.licence_id.empty()) continue;
    v1::Document& document = *item.add_documents();
    document.set_code("X060");
    document.set_reference(spec.licence_id);
    document.set_line_no(spec.line_no);
  }
  return event;
}

v1::Event DispositionEvent(const std::string& mrn, v1::DispositionAction action) {
  v1::Event event;
  event.mutable_disposition()->set_mrn(mrn);
  event.mutable_disposition()->set_action(action);
  event.mutable_disposition()->set_officer_id("NL-OFF-17");
  event.mutable_disposition()->set_note("checked at the border");
  return event;
}

v1::Event InvalidationEvent(const std::string& mrn) {
  v1::Event event;
  event.mutable_invalidation()->set_mrn(mrn);
  event.mutable_invalidation()->set_exporter_eori(kExporterEori);
  event.mutable_invalidation()->set_reason("goods not shipped");
  return event;
}

v1::Event RuleEvent(const v1::Rule& rule) {
  v1::Event event;
  *event.mutable_rule() = rule;
  return event;
}

v1::Event RuleRemovalEvent(const std::string& rule_id) {
  v1::Event event;
  event.mutable_rule_removal()->set_rule_id(rule_id);
  return event;
}

v1::Event PartyEvent(const v1::ListedParty& party) {
  v1::Event event;
  *event.mutable_party() = party;
  return event;
}

v1::Event PartyRemovalEvent(const std::string& party_id) {
  v1::Event event;
  event.mutable_party_removal()->set_party_id(party_id);
  return event;
}

absl::StatusOr<LedgerEffects> Decide(const v1::Event& event, const LedgerState& state) {
  static const Engine engine{EngineOptions{}};
  return engine.Apply(event, state, ApplyContext{.now = kTestNow});
}

absl::StatusOr<LedgerEffects> DecideAndStage(Store& store, const v1::Event& event,
                                             absl::Span<const MetaWrite> meta) {
  absl::StatusOr<LedgerEffects> effects = Decide(event, store);
  if (!effects.ok()) return effects.status();
  if (absl::Status status = store.Stage(*effects, meta); !status.ok()) return status;
  return effects;
}

}  // namespace gatekeeper::storage::testing
