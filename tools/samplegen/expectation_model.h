// What the engine must decide for the sample, worked out by a second, deliberately small
// reading of the contract (§2-§4) that covers only what the sample uses: exact prefix
// matching of rules, exact (case-insensitive) names for rule parties and licence end users,
// at most one licence document per goods item, and listed-party hits told by the generator
// (which knows whom it disguised). The generator consults it to steer the stream (which
// declarations are held and can be disposed, how much a licence line has left, so that the
// right shipment exhausts it); the tests compare the real engine with it declaration by
// declaration.
//
//   ExpectationModel model;
//   model.ApplyLicence(licence); model.ApplyRule(rule);
//   ExpectedDecision expected = model.Declare(declaration, /*listed_party_hits=*/0,
//                                             /*malformed=*/false);
//   if (expected.status == v1::HELD) model.Dispose(mrn, v1::REFUSE);
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_EXPECTATION_MODEL_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_EXPECTATION_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/declaration.pb.h"
#include "gatekeeper/v1/licence.pb.h"
#include "gatekeeper/v1/rule.pb.h"

namespace gatekeeper::samplegen {

struct ExpectedDecision {
  // True when the declaration is a resend (same MRN, version <= current): no output.
  bool duplicate = false;
  v1::DeclarationStatus status = v1::DECLARATION_STATUS_UNSPECIFIED;
  // Per goods item, in declaration order: the reason codes, sorted by name. Empty for a
  // REJECTED declaration.
  std::vector<std::vector<std::string>> item_reason_codes;
};

class ExpectationModel {
 public:
  void ApplyLicence(const v1::Licence& licence);
  void ApplyLicenceStatus(const v1::LicenceStatusChange& change);
  void ApplyRule(const v1::Rule& rule);

  // Decides a declaration version and applies it (write-offs, reservations, the MRN's
  // status). `listed_party_hits` is the number of distinct listed parties the consignee and
  // end user name; `malformed` says the generator broke the declaration on purpose.
  ExpectedDecision Declare(const v1::Declaration& declaration, int listed_party_hits,
                           bool malformed);
  // REQUIRES: the MRN is known and not INVALIDATED.
  void Invalidate(const std::string& mrn);
  // REQUIRES: the MRN is HELD.
  void Dispose(const std::string& mrn, v1::DispositionAction action);

  struct DeclarationState {
    uint32_t version = 0;
    v1::DeclarationStatus status = v1::DECLARATION_STATUS_UNSPECIFIED;
  };
  std::optional<DeclarationState> Find(const std::string& mrn) const;

  // What a write-off can still take from a capped line: remaining plus the tolerance
  // allowance (may be negative). nullopt when the line or the cap does not exist.
  std::optional<int64_t> QuantityRoomMilli(const std::string& licence_id, int32_t line_no) const;
  std::optional<int64_t> ValueRoomCents(const std::string& licence_id, int32_t line_no) const;

  // Licences with a capped line whose remaining balance is zero or less.
  std::vector<std::string> ExhaustedLicences() const;

 private:
  struct Line {
    std::string unit;
    bool quantity_capped = false;
    bool value_capped = false;
    int64_t authorised_milli = 0;
    int64_t remaining_milli = 0;
    int64_t authorised_cents = 0;
    int64_t remaining_cents = 0;
    uint32_t tolerance_percent = 0;
  };
  struct Take {
    std::string licence_id;
    int32_t line_no = 0;
    int64_t quantity_milli = 0;
    int64_t value_cents = 0;
  };
  struct Record {
    uint32_t version = 0;
    v1::DeclarationStatus status = v1::DECLARATION_STATUS_UNSPECIFIED;
    std::vector<Take> takes;
  };

  // Reasons of one item's licence documents, and what they would write off.
  void CheckDocuments(const v1::Declaration& declaration, const v1::GoodsItem& item,
                      const std::string& lodged_date, std::vector<std::string>* reasons,
                      std::vector<Take>* takes) const;
  void Return(const std::vector<Take>& takes);

  std::map<std::string, v1::Licence> licences_;
  std::map<std::pair<std::string, int32_t>, Line> lines_;
  std::map<std::string, v1::Rule> rules_;
  std::map<std::string, Record> declarations_;
};

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_EXPECTATION_MODEL_H_
