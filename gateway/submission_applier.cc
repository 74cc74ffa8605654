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
  absl::StatusOr<PipelineResult> result = Decide(submission.event, store, context);
  const bool changed_nothing = !result.ok() || result->duplicate;
  // An answer that changes nothing and was decided on durable state alone (nothing staged
  // in the open group, nothing being written) cannot be undone by any commit: it goes out
  // now, instead of waiting for a commit that may never come (issue 15: a refused Dispose
  // waited for someone else's commit). Otherwise it waits for the group it saw.
  if (changed_nothing && store.staged_events() == 0 && !store.commit_in_flight()) {
    std::move(submission.done)(std::move(result));
    return;
  }
  pending_.push_back({std::move(submission.done), std::move(result)});
}

absl::StatusOr<PipelineResult> SubmissionApplier::Decide(const v1::Event& event,
                                                         storage::Store& store,
                                                         const ApplyContext& context) {
  absl::StatusOr<LedgerEffects> effects = engine_.Apply(event, store, context);
  if (!effects.ok()) return effects.status();
  PipelineResult result;
  result.duplicate = effects->duplicate;
  if (effects->duplicate) {
    // The answer to a retry: the MRN's decision as it stands (read here, under the
    // writer's lock, so that `done` never has to read the store).
    if (event.has_declaration()) {
      absl::StatusOr<v1::Decision> current = store.GetDecision(event.declaration().mrn());
      if (!current.ok()) return current.status();
      result.current_decision = *std::move(current);
    }
    return result;
  }
  if (absl::Status staged = store.Stage(*effects); !staged.ok()) {
    // The store rolled the event back (or, if it cannot, refuses every later call and
    // the commit fails): either way this event changed nothing.
    return absl::Status(staged.code(),
                        absl::StrCat("the event could not be stored: ", staged.message()));
  }
  result.outputs = std::move(effects->outputs);
  for (const v1::Licence& licence : effects->licence_puts) {
    result.licence_ids.push_back(licence.licence_id());
  }
  std::sort(result.licence_ids.begin(), result.licence_ids.end());
  return result;
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
