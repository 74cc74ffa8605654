// gkctl licence show: a licence with its per-line balances.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"
#include "tools/gkctl/commands.h"

namespace gatekeeper::gkctl {

int RunLicenceShowCommand(const std::vector<std::string>& args) {
  constexpr char kCommand[] = "licence show";
  absl::StatusOr<CommandLine> line = ParseStoreCommand(args, {}, 1, "the licence ID");
  if (!line.ok()) return UsageError(kCommand, line.status().message());
  absl::StatusOr<std::unique_ptr<storage::Store>> store = OpenStore(*line, false);
  if (!store.ok()) return Failure(kCommand, store.status().message());
  absl::StatusOr<v1::LicenceView> view = (*store)->GetLicenceView(line->positional()[0]);
  if (!view.ok()) return Failure(kCommand, view.status().message());
  // The licence as every output prints it (empty fields too: an empty
  // holderEori means "any exporter"); the balances with set fields only, as a
  // line without a value cap has no *ValueEur balances and one without a
  // quantity cap no quantities (empty strings would read as zero).
  std::string json =
      absl::StrCat(R"({"licence":)", ToJsonLine(view->licence()), R"(,"balances":[)");
  for (int i = 0; i < view->balances_size(); ++i) {
    absl::StrAppend(&json, i == 0 ? "" : ",", ToJsonLineSetFieldsOnly(view->balances(i)));
  }
  json.append("]}");
  std::cout << json << std::endl;
  return kExitOk;
}

}  // namespace gatekeeper::gkctl
