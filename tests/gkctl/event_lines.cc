#include "tests/gkctl/event_lines.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace gatekeeper::testing {
namespace {

std::string Quoted(const std::string& text) { return absl::StrCat("\"", text, "\""); }

std::string QuotedList(const std::vector<std::string>& texts) {
  std::vector<std::string> quoted;
  for (const std::string& text : texts) quoted.push_back(Quoted(text));
  return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
}

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &message, options);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json;
  return message;
}

}  // namespace

std::string LicenceEvent(const std::string& licence_id, const std::vector<LicenceLineSpec>& lines,
                         const std::string& status) {
  std::vector<std::string> line_json;
  for (const LicenceLineSpec& line : lines) {
    std::string json = absl::StrCat(R"({"lineNo": )", line.line_no, R"(, "controlCode": )",
                                    Quoted(line.control_code));
    if (!line.quantity.empty()) {
      absl::StrAppend(&json, R"(, "quantity": {"amount": )", Quoted(line.quantity), R"(, "unit": )",
                      Quoted(line.unit), "}");
    }
    if (!line.value_eur.empty()) {
      absl::StrAppend(&json, R"(, "valueEur": )", Quoted(line.value_eur));
    }
    absl::StrAppend(&json, R"(, "tolerancePercent": )", line.tolerance_percent, "}");
    line_json.push_back(json);
  }
  return absl::StrCat(R"({"licence": {"licenceId": )", Quoted(licence_id),
                      R"(, "type": "INDIVIDUAL", "status": )", Quoted(status),
                      R"(, "holderEori": )", Quoted(kExporterEori),
                      R"(, "issuedBy": "NL-CDIU", "validFrom": "2025-01-01",)",
                      R"( "validUntil": "2026-12-31", "destinations": ["CN"], "lines": [)",
                      absl::StrJoin(line_json, ", "), "]}}");
}

std::string LicenceRequirementRule(const std::string& rule_id,
                                   const std::vector<std::string>& control_code_prefixes) {
  return absl::StrCat(R"({"rule": {"ruleId": )", Quoted(rule_id),
                      R"(, "kind": "LICENCE_REQUIREMENT", "legalBasis": "Reg. 2021/821 Art. 3",)",
                      R"( "destinations": ["CN"], "controlCodePrefixes": )",
                      QuotedList(control_code_prefixes), R"(, "validFrom": "2021-09-09"}})");
}

std::string DeclarationEvent(const std::string& mrn, int version,
                             const std::vector<ItemSpec>& items) {
  std::vector<std::string> item_json;
  for (const ItemSpec& item : items) {
    std::vector<std::string> documents;
    for (const std::string& licence : item.licences) {
      documents.push_back(absl::StrCat(R"({"code": "X060", "reference": )", Quoted(licence), "}"));
    }
    item_json.push_back(
        absl::StrCat(R"({"itemNo": )", item.item_no, R"(, "cnCode": "85414900", "description": )",
                     Quoted(item.description), R"(, "controlCode": )", Quoted(item.control_code),
                     R"(, "quantity": {"amount": )", Quoted(item.amount), R"(, "unit": )",
                     Quoted(item.unit), R"(}, "valueEur": )", Quoted(item.value_eur),
                     R"(, "documents": [)", absl::StrJoin(documents, ", "), "]}"));
  }
  return absl::StrCat(
      R"({"declaration": {"mrn": )", Quoted(mrn), R"(, "version": )", version,
      R"(, "lodgedAt": "2025-06-02T08:15:00Z", "declarationType": "EX", "procedure": "1000",)",
      R"( "exporter": {"eori": )", Quoted(kExporterEori),
      R"(, "name": "Veldhoven Photonics BV", "country": "NL"},)",
      R"( "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},)",
      R"( "destinationCountry": "CN", "officeOfExport": "NL000396", "items": [)",
      absl::StrJoin(item_json, ", "), "]}}");
}

std::string DispositionEvent(const std::string& mrn, const std::string& action) {
  return absl::StrCat(R"({"disposition": {"mrn": )", Quoted(mrn), R"(, "action": )", Quoted(action),
                      R"(, "officerId": "NL-OFF-17", "note": "checked"}})");
}

std::string InvalidationEvent(const std::string& mrn) {
  return absl::StrCat(R"({"invalidation": {"mrn": )", Quoted(mrn), R"(, "exporterEori": )",
                      Quoted(kExporterEori), R"(, "reason": "goods not shipped"}})");
}

v1::Decision ParseDecision(const std::string& json) { return ParseJson<v1::Decision>(json); }

v1::LicenceView ParseLicenceView(const std::string& json) {
  return ParseJson<v1::LicenceView>(json);
}

std::vector<std::string> ReasonCodes(const v1::ItemDecision& item) {
  std::vector<std::string> codes;
  for (const v1::Reason& reason : item.reasons()) {
    codes.push_back(v1::ReasonCode_Name(reason.code()));
  }
  return codes;
}

std::vector<std::string> Attributions(const v1::ItemDecision& item) {
  std::vector<std::string> attributions;
  for (const v1::Attribution& attribution : item.attributions()) {
    attributions.push_back(absl::StrCat(
        v1::AttributionState_Name(attribution.state()), " ", attribution.quantity().amount(), " ",
        attribution.quantity().unit(), " ", attribution.value_eur(), " EUR on ",
        attribution.licence_id(), " line ", attribution.line_no()));
  }
  return attributions;
}

}  // namespace gatekeeper::testing
