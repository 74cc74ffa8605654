// The checks of contract §3 step 3 that do not depend on amounts: whether a licence document
// declared on an item refers to a licence the exporter may use for this shipment (known,
// right document code for the licence type, active, valid on the lodging date, held by or
// registered to the exporter, covering the destination and the end user), and which licence
// lines cover an item's goods.
#ifndef GATEKEEPER_SERVICES_ENGINE_LICENCE_CHECK_H_
#define GATEKEEPER_SERVICES_ENGINE_LICENCE_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/declaration.pb.h"
#include "gatekeeper/v1/licence.pb.h"

namespace gatekeeper {

// What a licence document is checked against, fixed for the whole declaration.
struct ShipmentFacts {
  std::string exporter_eori;
  std::string destination;
  std::string lodged_date;  // UTC date of lodgedAt, "YYYY-MM-DD"
  v1::Trader end_user;      // the end user, or the consignee when none is declared
  double name_threshold = 0;
};

// Appends to `reasons` every failure of the licence-level checks, in the contract's order.
// `licence` is nullptr when the reference is unknown (then only LICENCE_NOT_FOUND).
void CheckLicenceDocument(const v1::Document& document, const v1::Licence* licence,
                          const ShipmentFacts& facts, std::vector<v1::Reason>* reasons);

// Whether a licence of `type` (and id) may be declared under document `code`.
bool DocumentCodeFits(std::string_view code, v1::LicenceType type, std::string_view licence_id);

// True when the line covers the item: its control code is a prefix of the item's declared
// control code, or its CN code a prefix of the item's CN code; a line with neither covers
// all goods.
bool LineCovers(const v1::LicenceLine& line, const v1::GoodsItem& item);

// "an individual licence", "a Union general authorisation", ... for detail sentences.
std::string LicenceTypePhrase(v1::LicenceType type);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_LICENCE_CHECK_H_
