#include "services/engine/licence_check.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/screening/party_screener.h"

namespace gatekeeper {
namespace {

v1::Reason LicenceReason(v1::ReasonCode code, const std::string& licence_id, std::string detail) {
  v1::Reason reason;
  reason.set_code(code);
  reason.set_licence_id(licence_id);
  reason.set_detail(std::move(detail));
  return reason;
}

// A short list for a detail sentence; long lists are cut so the sentence stays readable.
std::string ShortList(const google::protobuf::RepeatedPtrField<std::string>& values) {
  constexpr int kShownMax = 10;
  std::vector<std::string> shown(values.begin(),
                                 values.begin() + std::min(values.size(), kShownMax));
  std::string out = absl::StrJoin(shown, ", ");
  if (values.size() > kShownMax) absl::StrAppend(&out, " and ", values.size() - kShownMax, " more");
  return out;
}

bool EndUserCovered(const v1::Licence& licence, const ShipmentFacts& facts) {
  if (licence.end_users().empty()) return true;
  for (const v1::Trader& listed : licence.end_users()) {
    const bool countries_agree = listed.country().empty() || facts.end_user.country().empty() ||
                                 listed.country() == facts.end_user.country();
    if (!countries_agree) continue;
    if (!listed.id().empty() && listed.id() == facts.end_user.id()) return true;
    if (!listed.name().empty() && !facts.end_user.name().empty() &&
        NameSimilarity(facts.end_user.name(), listed.name()) >= facts.name_threshold) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string LicenceTypePhrase(v1::LicenceType type) {
  switch (type) {
    case v1::INDIVIDUAL:
      return "an individual licence (X060)";
    case v1::GLOBAL:
      return "a global licence (X070)";
    case v1::NATIONAL_GENERAL:
      return "a national general authorisation (X071)";
    case v1::UNION_GENERAL:
      return "a Union general authorisation (X061-X068)";
    case v1::TRANSIT:
      return "a transit authorisation (X072)";
    default:
      return "a licence of unknown type";
  }
}

bool DocumentCodeFits(std::string_view code, v1::LicenceType type, std::string_view licence_id) {
  if (code == "X002") return true;
  switch (type) {
    case v1::INDIVIDUAL:
      return code == "X060";
    case v1::GLOBAL:
      return code == "X070";
    case v1::NATIONAL_GENERAL:
      return code == "X071";
    case v1::TRANSIT:
      return code == "X072";
    case v1::UNION_GENERAL:
      // X061 is EU001, ..., X068 is EU008.
      return code.size() == 4 && code.substr(0, 3) == "X06" && code[3] >= '1' && code[3] <= '8' &&
             licence_id.size() == 5 && licence_id[4] == code[3];
    default:
      return false;
  }
}

bool LineCovers(const v1::LicenceLine& line, const v1::GoodsItem& item) {
  if (line.control_code().empty() && line.cn_code().empty()) return true;
  if (!line.control_code().empty() && !item.control_code().empty() &&
      absl::StartsWith(item.control_code(), line.control_code())) {
    return true;
  }
  return !line.cn_code().empty() && absl::StartsWith(item.cn_code(), line.cn_code());
}

void CheckLicenceDocument(const v1::Document& document, const v1::Licence* licence,
                          const ShipmentFacts& facts, std::vector<v1::Reason>* reasons) {
  const std::string& id = document.reference();
  if (licence == nullptr) {
    reasons->push_back(LicenceReason(
        v1::LICENCE_NOT_FOUND, id,
        absl::StrCat("licence ", id, " (document ", document.code(), ") is not known")));
    return;
  }
  if (!DocumentCodeFits(document.code(), licence->type(), id)) {
    reasons->push_back(
        LicenceReason(v1::DOCUMENT_TYPE_MISMATCH, id,
                      absl::StrCat("document code ", document.code(), " does not fit licence ", id,
                                   ", which is ", LicenceTypePhrase(licence->type()))));
  }
  if (licence->status() == v1::SUSPENDED) {
    reasons->push_back(
        LicenceReason(v1::LICENCE_SUSPENDED, id, absl::StrCat("licence ", id, " is suspended")));
  } else if (licence->status() == v1::REVOKED) {
    reasons->push_back(
        LicenceReason(v1::LICENCE_REVOKED, id, absl::StrCat("licence ", id, " is revoked")));
  }
  if (!licence->valid_from().empty() && facts.lodged_date < licence->valid_from()) {
    reasons->push_back(
        LicenceReason(v1::LICENCE_NOT_YET_VALID, id,
                      absl::StrCat("licence ", id, " is valid from ", licence->valid_from(),
                                   "; the declaration was lodged on ", facts.lodged_date)));
  }
  if (!licence->valid_until().empty() && facts.lodged_date > licence->valid_until()) {
    reasons->push_back(
        LicenceReason(v1::LICENCE_EXPIRED, id,
                      absl::StrCat("licence ", id, " expired after ", licence->valid_until(),
                                   "; the declaration was lodged on ", facts.lodged_date)));
  }
  if (!licence->holder_eori().empty() && licence->holder_eori() != facts.exporter_eori) {
    reasons->push_back(
        LicenceReason(v1::HOLDER_MISMATCH, id,
                      absl::StrCat("licence ", id, " is held by ", licence->holder_eori(),
                                   ", not by the exporter ", facts.exporter_eori)));
  }
  if (!licence->registered_exporters().empty() &&
      std::find(licence->registered_exporters().begin(), licence->registered_exporters().end(),
                facts.exporter_eori) == licence->registered_exporters().end()) {
    reasons->push_back(LicenceReason(
        v1::EXPORTER_NOT_REGISTERED, id,
        absl::StrCat("exporter ", facts.exporter_eori, " is not registered to use licence ", id)));
  }
  if (!licence->destinations().empty() &&
      std::find(licence->destinations().begin(), licence->destinations().end(),
                facts.destination) == licence->destinations().end()) {
    reasons->push_back(LicenceReason(
        v1::DESTINATION_NOT_COVERED, id,
        absl::StrCat("licence ", id, " does not cover destination ", facts.destination,
                     " (it covers ", ShortList(licence->destinations()), ")")));
  }
  if (!EndUserCovered(*licence, facts)) {
    reasons->push_back(
        LicenceReason(v1::END_USER_NOT_COVERED, id,
                      absl::StrCat("end user \"", facts.end_user.name(), "\"",
                                   facts.end_user.country().empty()
                                       ? ""
                                       : absl::StrCat(" (", facts.end_user.country(), ")"),
                                   " is not an end user named on licence ", id)));
  }
}

}  // namespace gatekeeper
