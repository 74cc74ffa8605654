#include "tools/loadgen/event_routing.h"

namespace gatekeeper::loadgen {

Route EventRouter::RouteOf(const v1::Event& event) {
  switch (event.payload_case()) {
    case v1::Event::kDeclaration: {
      const v1::Declaration& declaration = event.declaration();
      exporter_of_mrn_[declaration.mrn()] = declaration.exporter().eori();
      return {true, declaration.exporter().eori()};
    }
    case v1::Event::kInvalidation:
      return {true, event.invalidation().exporter_eori()};
    case v1::Event::kDisposition: {
      auto exporter = exporter_of_mrn_.find(event.disposition().mrn());
      return {true,
              exporter != exporter_of_mrn_.end() ? exporter->second : event.disposition().mrn()};
    }
    case v1::Event::kLicence: {
      const v1::Licence& licence = event.licence();
      std::string key =
          licence.holder_eori().empty() ? licence.licence_id() : licence.holder_eori();
      key_of_licence_[licence.licence_id()] = key;
      return {false, key};
    }
    case v1::Event::kLicenceStatus: {
      const v1::LicenceStatusChange& change = event.licence_status();
      if (change.has_destination()) return {false, change.destination()};
      auto key = key_of_licence_.find(change.licence_id());
      return {false, key != key_of_licence_.end() ? key->second : change.licence_id()};
    }
    case v1::Event::kRule:
      return {false, event.rule().rule_id()};
    case v1::Event::kRuleRemoval:
      return {false, event.rule_removal().rule_id()};
    case v1::Event::kParty:
      return {false, event.party().party_id()};
    case v1::Event::kPartyRemoval:
      return {false, event.party_removal().party_id()};
    case v1::Event::PAYLOAD_NOT_SET:
      break;
  }
  return {true, ""};
}

}  // namespace gatekeeper::loadgen
