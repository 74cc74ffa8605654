#include "gateway/gateway_backend.h"

#include <utility>
#include <vector>

namespace gatekeeper::gateway {
namespace {

// Output records read from the store per step of PublishCommitted.
constexpr size_t kPublishPageRecords = 1024;

}  // namespace

GatewayBackend::GatewayBackend(storage::Store& store, const GatewayBackendOptions& options)
    : store_access_(store), queue_(options.queue_capacity_events) {}

absl::StatusOr<std::unique_ptr<GatewayBackend>> GatewayBackend::Create(
    storage::Store& store, const GatewayBackendOptions& options) {
  std::unique_ptr<GatewayBackend> backend(new GatewayBackend(store, options));
  absl::StatusOr<std::unique_ptr<DeclarationIndex>> index =
      DeclarationIndex::Build(backend->store_access_);
  if (!index.ok()) return index.status();
  backend->index_ = *std::move(index);
  const uint64_t committed_sequence =
      backend->store_access_.Read([](const storage::Store& s) { return s.next_sequence() - 1; });
  const StoreAccess* access = &backend->store_access_;
  backend->feed_ = std::make_unique<OutputFeed>(
      options.feed, committed_sequence, [access](uint64_t after_sequence, size_t max_records) {
        return access->Read(
            [&](const storage::Store& s) { return s.ReadOutputs(after_sequence, max_records); });
      });
  return backend;
}

absl::Status GatewayBackend::PublishCommitted() {
  while (true) {
    const uint64_t after_sequence = feed_->committed_sequence();
    absl::StatusOr<std::vector<internal::OutputRecord>> records =
        store_access_.Read([&](const storage::Store& s) {
          return s.ReadOutputs(after_sequence, kPublishPageRecords);
        });
    if (!records.ok()) return records.status();
    if (records->empty()) return absl::OkStatus();
    // The index first: a WatchHolds filter looking at a record it just received must find
    // that record's MRN history complete.
    index_->Record(*records);
    const bool last_page = records->size() < kPublishPageRecords;
    if (!feed_->Publish(*std::move(records)) || last_page) return absl::OkStatus();
  }
}

void GatewayBackend::Close() {
  queue_.Close();
  feed_->Close();
}

}  // namespace gatekeeper::gateway
