#include "gateway/submission_applier.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace gatekeeper::gateway {

SubmissionApplier::SubmissionApplier(const Engine& engine) : engine_(engine) {}

SubmissionApplier::~SubmissionApplier() {
  if (!pending_.empty()) {
    Complete(absl::UnavailableError("the writer stopped before committing the event"));
  }
}

void SubmissionApplier::Apply(Submission submission, storage::Store& store,
                              const ApplyContext& context) {
  absl::StatusOr<LedgerEffects> effects = engine_.Apply(submission.event, store, context);
  if (!effects.ok()) {
    pending_.push_back({std::move(submission.done), effects.status()});
    return;
  }
  if (!effects->duplicate) {
    if (absl::Status staged = store.Stage(*effects); !staged.ok()) {
      // The store rolled the event back (or, if it cannot, refuses every later call and
      // the commit fails): either way this event changed nothing.
      pending_.push_back({std::move(submission.done),
                          absl::Status(staged.code(), absl::StrCat("the event could not be "
                                                                   "stored: ",
                                                                   staged.message()))});
      return;
    }
  }
  PipelineResult result;
  result.duplicate = effects->duplicate;
  result.outputs = std::move(effects->outputs);
  for (const v1::Licence& licence : effects->licence_puts) {
    result.licence_ids.push_back(licence.licence_id());
  }
  std::sort(result.licence_ids.begin(), result.licence_ids.end());
  pending_.push_back({std::move(submission.done), std::move(result)});
}

void SubmissionApplier::Complete(const absl::Status& commit_status) {
  std::vector<Pending> pending = std::exchange(pending_, {});
  for (Pending& entry : pending) {
    if (commit_status.ok()) {
      std::move(entry.done)(std::move(entry.result));
    } else {
      std::move(entry.done)(absl::UnavailableError(
          absl::StrCat("the event was not stored (", commit_status.message(), "); send it again")));
    }
  }
}

}  // namespace gatekeeper::gateway
