// JSON-lines events for gkctl tests, in the contract's JSON form, and readers
// for what gkctl prints. The builders cover the fields the tests vary; every
// other field is a fixed valid value.
#ifndef GATEKEEPER_TESTS_GKCTL_EVENT_LINES_H_
#define GATEKEEPER_TESTS_GKCTL_EVENT_LINES_H_

#include <string>
#include <vector>

#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/licence.pb.h"

namespace gatekeeper::testing {

inline constexpr char kExporterEori[] = "NL123456789";

struct LicenceLineSpec {
  int line_no = 1;
  std::string control_code = "6A002";
  // Empty: no quantity cap / no value cap.
  std::string quantity;
  std::string unit = "NAR";
  std::string value_eur;
  int tolerance_percent = 0;
};

// An INDIVIDUAL licence of kExporterEori for CN, valid 2025-01-01..2026-12-31.
std::string LicenceEvent(const std::string& licence_id, const std::vector<LicenceLineSpec>& lines,
                         const std::string& status = "ACTIVE");

// A LICENCE_REQUIREMENT rule for CN on goods whose control code starts with
// one of `control_code_prefixes`.
std::string LicenceRequirementRule(const std::string& rule_id,
                                   const std::vector<std::string>& control_code_prefixes);

struct ItemSpec {
  int item_no = 1;
  std::string control_code = "6A002.a.3";
  std::string amount = "1";
  std::string unit = "NAR";
  std::string value_eur = "100";
  // References of X060 documents; none: the item carries no licence document.
  std::vector<std::string> licences;
  std::string description = "infrared detector arrays";
};

// A declaration of kExporterEori to CN lodged 2025-06-02.
std::string DeclarationEvent(const std::string& mrn, int version,
                             const std::vector<ItemSpec>& items);

// action: "RELEASE" or "REFUSE".
std::string DispositionEvent(const std::string& mrn, const std::string& action);

std::string InvalidationEvent(const std::string& mrn);

// Parses one stdout line of `gkctl replay` or `gkctl decision show`; a line
// that is not a Decision fails the test.
v1::Decision ParseDecision(const std::string& json);

// Parses the output of `gkctl licence show`.
v1::LicenceView ParseLicenceView(const std::string& json);

// Reason codes of one item, by name, in reported order.
std::vector<std::string> ReasonCodes(const v1::ItemDecision& item);

// "CONSUMED 40 NAR 1000 EUR on NL-DU-1 line 1" for each attribution of an item.
std::vector<std::string> Attributions(const v1::ItemDecision& item);

}  // namespace gatekeeper::testing

#endif  // GATEKEEPER_TESTS_GKCTL_EVENT_LINES_H_
