#include "tests/engine/engine_harness.h"

#include <cstdlib>
#include <iostream>
#include <map>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/engine/fixed_point.h"

namespace gatekeeper::testing {

v1::Event EventFromJson(const std::string& json) {
  v1::Event event;
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(json, &event, options);
  if (!status.ok()) {
    std::cerr << "bad test event: " << status.ToString() << "\n" << json << "\n";
    std::abort();
  }
  return event;
}

absl::StatusOr<LedgerEffects> EngineHarness::Apply(const v1::Event& event) {
  absl::StatusOr<LedgerEffects> effects =
      engine_.Apply(event, state_, ApplyContext{.now = "2025-06-02T08:15:00.004Z"});
  last_usage_.clear();
  if (effects.ok()) {
    state_.Apply(*effects);
    for (const internal::OutputRecord& record : effects->outputs) {
      if (record.has_usage()) last_usage_.push_back(record.usage());
    }
  }
  return effects;
}

LedgerEffects EngineHarness::MustApply(const std::string& json) {
  absl::StatusOr<LedgerEffects> effects = ApplyJson(json);
  EXPECT_TRUE(effects.ok()) << effects.status() << "\n" << json;
  return effects.ok() ? *effects : LedgerEffects{};
}

v1::Decision EngineHarness::LastDecision() const {
  const auto& outputs = state_.outputs();
  if (outputs.empty() || !outputs.back().has_decision()) {
    ADD_FAILURE() << "the last output is not a decision";
    return v1::Decision();
  }
  return outputs.back().decision();
}

v1::Decision EngineHarness::DecisionOf(const std::string& mrn) const {
  auto record = state_.FindDeclaration(mrn);
  if (!record.has_value()) {
    ADD_FAILURE() << "no declaration " << mrn;
    return v1::Decision();
  }
  return record->decision();
}

internal::LineLedger EngineHarness::Line(const std::string& licence_id, int line_no) const {
  auto line = state_.FindLine(licence_id, line_no);
  if (!line.has_value()) {
    ADD_FAILURE() << "no ledger for " << licence_id << " line " << line_no;
    return internal::LineLedger();
  }
  return *line;
}

std::vector<std::string> ReasonCodes(const v1::ItemDecision& item) {
  std::vector<std::string> codes;
  for (const v1::Reason& reason : item.reasons()) {
    codes.push_back(v1::ReasonCode_Name(reason.code()));
  }
  return codes;
}

std::string CheckLedgerInvariant(const MemoryState& state) {
  struct Held {
    int64_t consumed_milli = 0, reserved_milli = 0, consumed_cents = 0, reserved_cents = 0;
    uint64_t count = 0;
  };
  std::map<std::pair<std::string, int32_t>, Held> held;
  for (const auto& [mrn, record] : state.declarations()) {
    for (const v1::ItemDecision& item : record.decision().items()) {
      for (const v1::Attribution& attribution : item.attributions()) {
        Held& h = held[{attribution.licence_id(), attribution.line_no()}];
        const int64_t q = ParseQuantityMilli(attribution.quantity().amount()).value_or(-1);
        const int64_t v = ParseMoneyCents(attribution.value_eur()).value_or(-1);
        if (q < 0 || v < 0) return "attribution of " + mrn + " has a malformed amount";
        ++h.count;
        if (attribution.state() == v1::CONSUMED) {
          h.consumed_milli += q;
          h.consumed_cents += v;
        } else if (attribution.state() == v1::RESERVED) {
          h.reserved_milli += q;
          h.reserved_cents += v;
        } else {
          return "attribution of " + mrn + " has no state";
        }
        if (record.decision().status() == v1::CLEARED ||
            record.decision().status() == v1::RELEASED) {
          if (attribution.state() != v1::CONSUMED) return mrn + " holds a reservation";
        } else if (record.decision().status() == v1::HELD) {
          if (attribution.state() != v1::RESERVED) return mrn + " consumed while held";
        } else {
          return mrn + " holds quantities in status " +
                 v1::DeclarationStatus_Name(record.decision().status());
        }
      }
    }
  }
  for (const auto& [key, line] : state.lines()) {
    const std::string name = key.first + " line " + std::to_string(key.second);
    if (line.authorised_milli() !=
        line.remaining_milli() + line.consumed_milli() + line.reserved_milli()) {
      return name + ": quantity does not balance";
    }
    if (line.authorised_cents() !=
        line.remaining_cents() + line.consumed_cents() + line.reserved_cents()) {
      return name + ": value does not balance";
    }
    if (!line.lowered_by_replacement()) {
      const int64_t q_floor =
          -CheckedPercentOf(line.authorised_milli(), line.tolerance_percent()).value();
      const int64_t v_floor =
          -CheckedPercentOf(line.authorised_cents(), line.tolerance_percent()).value();
      if (line.remaining_milli() < q_floor) return name + ": quantity below tolerance floor";
      if (line.remaining_cents() < v_floor) return name + ": value below tolerance floor";
    }
    const Held h = held.count(key) ? held.at(key) : Held{};
    held.erase(key);
    if (h.count != line.attribution_count()) return name + ": attribution count differs";
    if (line.quantity_capped() &&
        (h.consumed_milli != line.consumed_milli() || h.reserved_milli != line.reserved_milli())) {
      return name + ": consumed/reserved quantity differs from the attributions";
    }
    if (!line.quantity_capped() && (line.consumed_milli() != 0 || line.reserved_milli() != 0 ||
                                    line.authorised_milli() != 0)) {
      return name + ": uncapped quantity is tracked";
    }
    if (line.value_capped() &&
        (h.consumed_cents != line.consumed_cents() || h.reserved_cents != line.reserved_cents())) {
      return name + ": consumed/reserved value differs from the attributions";
    }
    if (!line.value_capped() && (line.consumed_cents() != 0 || line.reserved_cents() != 0 ||
                                 line.authorised_cents() != 0)) {
      return name + ": uncapped value is tracked";
    }
  }
  if (!held.empty()) return "attributions on a line without a ledger: " + held.begin()->first.first;
  return "";
}

}  // namespace gatekeeper::testing
