// The licensing side of the sample: the listed parties, rules and licences the authorities
// push before the customs stream starts, together with the shipments each licence is meant
// to see during 2025. Licence totals are sized from those shipments: most licences keep
// plenty in hand, a few are sized so that their shipments use them up exactly and one more
// shipment finds nothing left.
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_LICENSING_PLAN_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_LICENSING_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "gatekeeper/v1/event.pb.h"
#include "tools/samplegen/goods_catalogue.h"
#include "tools/samplegen/sample_random.h"
#include "tools/samplegen/trader_catalogue.h"

namespace gatekeeper::samplegen {

// The window every declaration is lodged in (follow-ups may come up to ten days later).
inline constexpr char kFirstLodgingDate[] = "2025-01-02";
inline constexpr char kLastLodgingDate[] = "2025-12-19";

// What a licence is in the sample for.
enum class LicenceRole {
  kOrdinary,          // used now and then, never runs out
  kExhausting,        // its shipments use line 1 up exactly; one more is too much
  kExpiring,          // expires during 2025; the exporter ships once more afterwards
  kWrongDestination,  // one shipment goes to a country the licence does not cover
  kWrongEndUser,      // one shipment goes to another consignee in the licensed country
  kSuspended,         // suspended by the authority before any shipment
  kRevoked,           // revoked by the authority before any shipment
  kCatchAllRelief,    // granted after a catch-all decision; shipments from May clear
  kGlobal,
  kGlobalExhausting,  // a global licence whose value cap runs out
  kTransit,           // the transit authorisation, sized to run out
};

enum class ShipmentKind {
  kFits,              // within the licence
  kTakesTheRest,      // exactly what line 1 has left
  kExceeds,           // more than line 1 has left
  kAfterExpiry,       // lodged after validUntil
  kOtherDestination,  // to a destination the licence does not name
  kOtherEndUser,      // to a consignee the licence does not name
};

struct PlannedShipment {
  ShipmentKind kind = ShipmentKind::kFits;
  // Index into LicencePlan::lines.
  size_t line_index = 0;
  int64_t quantity_milli = 0;
  // Lodged in [earliest, latest) (Unix seconds).
  int64_t earliest = 0;
  int64_t latest = 0;
};

struct LicencePlan {
  v1::Licence licence;
  const Exporter* holder = nullptr;
  LicenceRole role = LicenceRole::kOrdinary;
  // The goods of each licence line, in line order.
  std::vector<const GoodsType*> line_goods;
  std::vector<PlannedShipment> shipments;
};

// A catch-all decision (Art. 4): exporter, end user and goods, and the individual licence
// the exporter obtains afterwards.
struct CatchAllCase {
  const Exporter* exporter = nullptr;
  std::string party_name;
  std::string country;
  const GoodsType* goods = nullptr;
  std::string decided_on;       // the rule's validFrom
  std::string licence_granted;  // validFrom of the relief licence
};

// A denial notified by another member state: party, destination, goods, date.
struct DenialCase {
  std::string rule_id;
  std::string party_name;
  std::string country;
  const GoodsType* goods = nullptr;
  std::string denied_on;
};

struct LicensingPlan {
  // In publish order: parties, rules, licences, status changes.
  std::vector<v1::Event> events;
  // Individual licences (including suspended, revoked and catch-all relief ones), global
  // licences, and the transit authorisation.
  std::vector<LicencePlan> licences;
  std::string union_general_id;  // EU001
  std::string national_general_id;
  std::vector<std::string> national_general_destinations;
  // Registered to use the national general authorisation, and one maker of the same goods
  // that is not.
  std::vector<const Exporter*> national_general_users;
  const Exporter* national_general_outsider = nullptr;
  CatchAllCase catch_all;
  std::vector<DenialCase> denials;
};

struct LicensingSize {
  int licences = 300;
  // Shipments planned against individual licences, global licences, the transit
  // authorisation and the catch-all relief licence.
  int individual_shipments = 0;
  int global_shipments = 0;
  int transit_shipments = 0;
  int catch_all_relief_shipments = 0;
};

LicensingPlan PlanLicensing(const LicensingSize& size, SampleRandom& random);

// Destinations of individual licences, weighted like the Dutch and Flemish reports (China,
// India, South Korea, Taiwan, Singapore, Israel, Türkiye, ... never Russia or Belarus).
const std::string& RandomLicenceDestination(SampleRandom& random);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_LICENSING_PLAN_H_
