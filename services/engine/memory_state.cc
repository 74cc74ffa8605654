#include "services/engine/memory_state.h"

#include "services/common/check.h"

namespace gatekeeper {

MemoryState::MemoryState() : screening_(std::make_unique<ScreeningIndex>()) {}

void MemoryState::Apply(const LedgerEffects& effects) {
  if (effects.duplicate) return;
  GK_CHECK(effects.next_sequence == next_sequence_ + effects.outputs.size());
  uint64_t expected_sequence = next_sequence_;
  for (const internal::OutputRecord& record : effects.outputs) {
    GK_CHECK(record.sequence() == expected_sequence);
    ++expected_sequence;
    outputs_.push_back(record);
  }
  next_sequence_ = effects.next_sequence;
  for (const internal::LineLedger& ledger : effects.line_puts) {
    lines_[{ledger.licence_id(), ledger.line_no()}] = ledger;
  }
  if (effects.declaration_put.has_value()) {
    declarations_[effects.declaration_put->decision().mrn()] = *effects.declaration_put;
  }
  for (const v1::Licence& licence : effects.licence_puts) {
    auto it = licences_.find(licence.licence_id());
    if (it != licences_.end()) {
      for (const std::string& country : it->second.destinations()) {
        licences_by_destination_[country].erase(licence.licence_id());
      }
    }
    for (const std::string& country : licence.destinations()) {
      licences_by_destination_[country].insert(licence.licence_id());
    }
    licences_[licence.licence_id()] = licence;
  }
  if (effects.rule_put.has_value()) rules_.Put(*effects.rule_put);
  if (effects.rule_delete.has_value()) rules_.Remove(*effects.rule_delete);
  if (effects.party_put.has_value()) screening_->Put(*effects.party_put);
  if (effects.party_delete.has_value()) screening_->Remove(*effects.party_delete);
}

const v1::Licence* MemoryState::FindLicence(std::string_view licence_id) const {
  auto it = licences_.find(absl::string_view(licence_id.data(), licence_id.size()));
  return it == licences_.end() ? nullptr : &it->second;
}

std::vector<std::string> MemoryState::LicenceIdsWithDestination(std::string_view country) const {
  auto it = licences_by_destination_.find(std::string(country));
  if (it == licences_by_destination_.end()) return {};
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

std::optional<internal::LineLedger> MemoryState::FindLine(std::string_view licence_id,
                                                          int32_t line_no) const {
  auto it = lines_.find({std::string(licence_id), line_no});
  if (it == lines_.end()) return std::nullopt;
  return it->second;
}

std::vector<internal::LineLedger> MemoryState::LinesOf(std::string_view licence_id) const {
  std::vector<internal::LineLedger> lines;
  for (auto it = lines_.lower_bound({std::string(licence_id), 0});
       it != lines_.end() && it->first.first == licence_id; ++it) {
    lines.push_back(it->second);
  }
  return lines;
}

std::optional<internal::DeclarationRecord> MemoryState::FindDeclaration(
    std::string_view mrn) const {
  auto it = declarations_.find(std::string(mrn));
  if (it == declarations_.end()) return std::nullopt;
  return it->second;
}

}  // namespace gatekeeper
