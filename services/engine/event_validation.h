// Validation of the events the engine accepts (contract §2). Each function returns OK or an
// InvalidArgument whose message starts with the offending field in its JSON name
// ("items[2].cnCode: \"8541\" is not 8 digits"), so that the sender can fix it.
#ifndef GATEKEEPER_SERVICES_ENGINE_EVENT_VALIDATION_H_
#define GATEKEEPER_SERVICES_ENGINE_EVENT_VALIDATION_H_

#include <string_view>

#include "absl/status/status.h"
#include "gatekeeper/v1/declaration.pb.h"
#include "gatekeeper/v1/licence.pb.h"
#include "gatekeeper/v1/party.pb.h"
#include "gatekeeper/v1/rule.pb.h"

namespace gatekeeper {

// `[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9A-Z]`.
bool IsMrn(std::string_view mrn);
// `[A-Z]{2}[A-Z0-9]{1,15}`.
bool IsEori(std::string_view eori);
// `[A-Z][0-9]{3}`.
bool IsDocumentCode(std::string_view code);
// Three upper-case letters or digits (UN/ECE Rec. 20).
bool IsUnitCode(std::string_view unit);
// The licence document codes of contract §3 step 3: X060-X068, X070-X072, X002.
bool IsLicenceDocumentCode(std::string_view code);

// Every rejection condition of contract §2 "Declaration", first failure reported.
absl::Status ValidateDeclaration(const v1::Declaration& declaration);

absl::Status ValidateLicence(const v1::Licence& licence);
absl::Status ValidateLicenceStatusChange(const v1::LicenceStatusChange& change);
absl::Status ValidateRule(const v1::Rule& rule);
absl::Status ValidateParty(const v1::ListedParty& party);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_EVENT_VALIDATION_H_
