#include "services/daemon/output_backlog.h"

#include <utility>

namespace gatekeeper::daemon {

void OutputBacklog::Add(std::vector<internal::OutputRecord>&& records) {
  for (internal::OutputRecord& record : records) {
    const bool follows = records_.empty() || record.sequence() == records_.back().sequence() + 1;
    if (!follows || records_.size() >= max_records_) records_.clear();
    records_.push_back(std::move(record));
  }
}

const internal::OutputRecord* OutputBacklog::Find(uint64_t sequence) const {
  if (records_.empty() || sequence < records_.front().sequence()) return nullptr;
  const uint64_t index = sequence - records_.front().sequence();
  if (index >= records_.size()) return nullptr;
  return &records_[index];
}

void OutputBacklog::DropThrough(uint64_t sequence) {
  while (!records_.empty() && records_.front().sequence() <= sequence) records_.pop_front();
}

}  // namespace gatekeeper::daemon
