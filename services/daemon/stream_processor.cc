#include "services/daemon/stream_processor.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/codec/event_codec.h"
#include "services/codec/number_text.h"
#include "services/daemon/input_position_check.h"

namespace gatekeeper::daemon {
namespace {

using Clock = std::chrono::steady_clock;

// Store metadata keys owned by the daemon (see docs/STREAMING.md).
constexpr char kPublishedSequenceKey[] = "outbox/published_sequence";
constexpr char kNextDeadLetterIdKey[] = "deadletter/next_id";
constexpr char kDeadLetterPrefix[] = "dlq/";

// How long Poll waits for the first record of a batch; also the loop's idle
// tick, which serves delivery reports and rebalances.
constexpr int kIdlePollMs = 10;
// With a gRPC side input, an event submitted while the loop waits on Kafka is
// staged only at the next tick: a short tick keeps Submit's latency near one
// fsync, for a few hundred cheap empty polls a second.
constexpr int kIdlePollWithSideInputMs = 1;
// Pipelined path: with a group in flight and no record waiting, how long to wait for the
// write before looking at Kafka again. A record that arrives meanwhile waits at most this
// long to be staged; the group it joins is sealed only after the write anyway.
constexpr absl::Duration kInFlightWait = absl::Microseconds(500);
// While idle, a published position that moved is made durable this often: it
// only shortens the re-send after a crash, so there is no point in syncing on
// every delivery report.
constexpr Clock::duration kIdleCommitInterval = std::chrono::milliseconds(100);
// A busy daemon reports its durable offsets to Kafka (for monitoring only) this often.
constexpr Clock::duration kOffsetReportInterval = std::chrono::milliseconds(100);
// Stored input offsets read at start: far more partitions than any input topic has.
constexpr size_t kMaxStoredOffsets = 100000;
// How long one question to Kafka about the stored offsets waits, and how often a start
// that cannot reach Kafka says so on stderr.
constexpr int kPositionQueryTimeoutMs = 5000;
constexpr Clock::duration kPositionWaitReportInterval = std::chrono::seconds(10);
// Output records read from the store per call when handing them to the
// producer.
constexpr size_t kOutputReadChunk = 512;
// How long a stop request waits for Kafka to acknowledge the outstanding
// outputs.
constexpr Clock::duration kShutdownDrainTime = std::chrono::seconds(15);
// Dead-letter values are kept up to this size; the rest is cut
// (gk-original-bytes says so).
constexpr size_t kMaxDeadLetterValueBytes = 4 << 20;
// A dead letter the broker refused for its size is sent again with this much of
// its value.
constexpr size_t kCutDeadLetterValueBytes = 64 << 10;
// ...and then without its value, its gk-error cut to this size (message.max.bytes is at
// least 1,000).
constexpr size_t kShrunkDeadLetterErrorBytes = 256;

std::string DeadLetterKey(uint64_t id) { return absl::StrFormat("%s%020d", kDeadLetterPrefix, id); }

std::optional<std::string> HeaderValue(RdKafka::Message& message, const std::string& name) {
  RdKafka::Headers* headers = message.headers();
  if (headers == nullptr) return std::nullopt;
  RdKafka::Headers::Header header = headers->get_last(name);
  if (header.err() != RdKafka::ERR_NO_ERROR || header.value() == nullptr) return std::nullopt;
  return std::string(static_cast<const char*>(header.value()), header.value_size());
}

bool IsJson(const std::optional<std::string>& content_type) {
  if (!content_type.has_value()) return false;
  std::string normalized = absl::AsciiStrToLower(absl::StripAsciiWhitespace(*content_type));
  return absl::StartsWith(normalized, "application/json");
}

void CutDeadLetter(DeadLetter& letter, size_t max_bytes) {
  if (letter.value().size() <= max_bytes) return;
  if (letter.original_value_bytes() == 0) letter.set_original_value_bytes(letter.value().size());
  letter.mutable_value()->resize(max_bytes);
}

// A dead letter Kafka refused for its size, made smaller: its value cut to
// kCutDeadLetterValueBytes, then left out, then its error cut (the headers still say where
// the record is on its input topic). False when nothing is left to cut.
bool ShrinkDeadLetter(DeadLetter& letter) {
  if (letter.value().size() > kCutDeadLetterValueBytes) {
    CutDeadLetter(letter, kCutDeadLetterValueBytes);
  } else if (!letter.value().empty()) {
    CutDeadLetter(letter, 0);
  } else if (letter.error().size() > kShrunkDeadLetterErrorBytes) {
    letter.mutable_error()->resize(kShrunkDeadLetterErrorBytes);
  } else {
    return false;
  }
  return true;
}

// The next form to try for an output Kafka refused for its size.
OutputForm SmallerForm(OutputForm form) {
  return form == OutputForm::kFull ? OutputForm::kSummary : OutputForm::kDeadLetter;
}

absl::StatusOr<uint64_t> ParseStoredNumber(const std::optional<std::string>& value,
                                           absl::string_view key, uint64_t absent) {
  if (!value.has_value()) return absent;
  uint64_t parsed;
  if (!absl::SimpleAtoi(*value, &parsed)) {
    return absl::DataLossError(
        absl::StrCat("store metadata ", key, " is not a number: \"", *value, "\""));
  }
  return parsed;
}

}  // namespace

StreamProcessor::StreamProcessor(StreamProcessorOptions options, storage::Store& store)
    : options_(std::move(options)),
      store_(store),
      engine_(options_.engine),
      admission_(options_.output.topics, options_.kafka_dispositions),
      pipelined_(options_.side_input == nullptr) {}

StreamProcessor::~StreamProcessor() = default;

absl::Status StreamProcessor::Recover() {
  absl::StatusOr<uint64_t> published =
      ParseStoredNumber(store_.GetMeta(kPublishedSequenceKey), kPublishedSequenceKey, /*absent=*/0);
  if (!published.ok()) return published.status();
  uint64_t last_sequence = store_.next_sequence() - 1;
  if (*published > last_sequence) {
    return absl::DataLossError(absl::StrCat("the store says outputs up to ", *published,
                                            " were published, but its output log ends at ",
                                            last_sequence));
  }
  stored_published_sequence_ = *published;
  tracker_ = DeliveryTracker(*published);
  metrics_.published_sequence = *published;

  absl::StatusOr<uint64_t> next_id =
      ParseStoredNumber(store_.GetMeta(kNextDeadLetterIdKey), kNextDeadLetterIdKey, /*absent=*/1);
  if (!next_id.ok()) return next_id.status();
  next_dead_letter_id_ = *next_id;

  // Input pauses once the backlog passes outbox_max_backlog, checked after
  // every batch, so no more than that plus one batch of dead letters can be
  // waiting.
  size_t max_pending = options_.outbox_max_backlog + options_.batch_max_records + 1;
  absl::StatusOr<std::vector<storage::MetaWrite>> pending =
      store_.ScanMeta(kDeadLetterPrefix, max_pending);
  if (!pending.ok()) return pending.status();
  for (const storage::MetaWrite& entry : *pending) {
    PendingDeadLetter dead_letter;
    absl::string_view id_text = entry.key;
    absl::ConsumePrefix(&id_text, kDeadLetterPrefix);
    if (!absl::SimpleAtoi(id_text, &dead_letter.id) ||
        !dead_letter.letter.ParseFromString(entry.value)) {
      return absl::DataLossError(
          absl::StrCat("store metadata ", entry.key, " is not a dead letter"));
    }
    ready_dead_letters_.push_back(std::move(dead_letter));
  }
  return absl::OkStatus();
}

absl::Status StreamProcessor::Run(const std::atomic<bool>& stop) {
  LockStore();
  absl::Status recovered = Recover();
  UnlockStore();
  if (!recovered.ok()) return recovered;
  absl::StatusOr<std::unique_ptr<KafkaOutput>> output = KafkaOutput::Create(options_.output);
  if (!output.ok()) return output.status();
  output_ = std::move(*output);
  absl::StatusOr<std::unique_ptr<KafkaInput>> input = KafkaInput::Create(options_.input, this);
  if (!input.ok()) return input.status();
  input_ = std::move(*input);
  if (absl::Status positions = CheckInputPositions(stop); !positions.ok()) {
    input_->Close();
    return positions;
  }

  last_commit_at_ = last_report_at_ = Clock::now();
  LockStore();
  while (!stop.load(std::memory_order_relaxed) && failure_.ok()) {
    ServeDeliveries(0);
    if (pipelined_) {
      ReadPipelined(stop);
      // A full open group waits for the write before it.
      if (store_.commit_in_flight() && open_.records >= options_.batch_max_records) {
        CollectGroup(absl::InfiniteDuration());
      }
    } else {
      ReadBatch(stop);
      StageSideInput();
    }
    bool position_moved = tracker_.published_sequence() != stored_published_sequence_ ||
                          !delivered_dead_letters_.empty();
    if (staged_ || (position_moved && Clock::now() - last_commit_at_ >= kIdleCommitInterval)) {
      if (!pipelined_) {
        CommitGroup();
      } else if (!store_.commit_in_flight()) {
        SealGroup();
      }
    }
    if (!staged_ && !store_.commit_in_flight()) ReportOffsets(/*now=*/true);
    PublishCommitted();
    UpdateBackPressure();
    if (options_.metrics_interval_ms > 0 &&
        Clock::now() - last_report_at_ >= std::chrono::milliseconds(options_.metrics_interval_ms)) {
      Report();
    }
  }
  if (failure_.ok()) {
    // What gRPC callers queued before the stop goes in with the last group.
    StageSideInput();
    Shutdown();
  }
  UpdateBackPressure();
  UnlockStore();
  Report();
  // Leave the group before returning, also after a failure, so that no
  // rebalance callback runs against a processor that is gone.
  if (input_ != nullptr) input_->Close();
  return failure_;
}

absl::StatusOr<std::vector<PartitionPosition>> StreamProcessor::StoredPositions(
    std::vector<std::string>& all_offset_keys) {
  LockStore();
  absl::StatusOr<std::vector<storage::MetaWrite>> stored =
      store_.ScanMeta(kOffsetKeyPrefix, kMaxStoredOffsets);
  UnlockStore();
  if (!stored.ok()) return stored.status();
  std::vector<PartitionPosition> positions;
  for (const storage::MetaWrite& entry : *stored) {
    all_offset_keys.push_back(entry.key);
    absl::string_view topic_partition = entry.key;
    absl::ConsumePrefix(&topic_partition, kOffsetKeyPrefix);
    const size_t slash = topic_partition.rfind('/');
    PartitionPosition position;
    if (slash == absl::string_view::npos ||
        !absl::SimpleAtoi(topic_partition.substr(slash + 1), &position.partition) ||
        !absl::SimpleAtoi(entry.value, &position.stored_offset)) {
      return absl::DataLossError(absl::StrCat("store metadata ", entry.key, " = \"", entry.value,
                                              "\" is not an input offset"));
    }
    position.topic = std::string(topic_partition.substr(0, slash));
    // Offsets of topics no longer read (renamed in the configuration) cannot skip anything.
    if (std::find(options_.input.topics.begin(), options_.input.topics.end(), position.topic) !=
        options_.input.topics.end()) {
      positions.push_back(std::move(position));
    }
  }
  return positions;
}

absl::StatusOr<std::string> StreamProcessor::AskPartitionEnds(
    std::vector<PartitionPosition>& positions) {
  absl::StatusOr<std::string> cluster_id = input_->ClusterId(kPositionQueryTimeoutMs);
  if (!cluster_id.ok()) return cluster_id.status();
  for (PartitionPosition& position : positions) {
    absl::StatusOr<int64_t> end =
        input_->PartitionEnd(position.topic, position.partition, kPositionQueryTimeoutMs);
    if (absl::IsNotFound(end.status())) {
      position.end = std::nullopt;
    } else if (!end.ok()) {
      return end.status();
    } else {
      position.end = *end;
    }
  }
  return cluster_id;
}

absl::Status StreamProcessor::CheckInputPositions(const std::atomic<bool>& stop) {
  std::vector<std::string> all_offset_keys;
  absl::StatusOr<std::vector<PartitionPosition>> positions = StoredPositions(all_offset_keys);
  if (!positions.ok()) return positions.status();
  // Without the store's lock: gRPC readers go on while Kafka is asked (or unreachable).
  absl::StatusOr<std::string> cluster_id = AskPartitionEnds(*positions);
  Clock::time_point reported_at;
  while (absl::IsUnavailable(cluster_id.status())) {
    if (stop.load(std::memory_order_relaxed)) return absl::OkStatus();  // never read anything
    if (options_.report && Clock::now() - reported_at >= kPositionWaitReportInterval) {
      reported_at = Clock::now();
      options_.report(absl::StrCat("gatekeeperd: waiting for Kafka to check the stored offsets: ",
                                   cluster_id.status().message()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    cluster_id = AskPartitionEnds(*positions);
  }
  if (!cluster_id.ok()) return cluster_id.status();

  LockStore();
  const std::string stored_cluster_id = store_.GetMeta(kClusterIdKey).value_or("");
  const PositionVerdict verdict = JudgePositions(stored_cluster_id, *cluster_id, *positions);
  absl::Status status;
  if (verdict.fits()) {
    // The first time (or with no offsets to lose): stored with the first commit, beside
    // the first offsets.
    if (stored_cluster_id != *cluster_id) {
      status = store_.StageMeta({{kClusterIdKey, *cluster_id}});
    }
  } else if (!options_.reset_offsets) {
    status = verdict.Refusal(options_.input.brokers);
  } else {
    std::vector<storage::MetaWrite> reset = {{kClusterIdKey, *cluster_id}};
    for (std::string& key : ResetKeys(verdict, all_offset_keys)) {
      reset.push_back({std::move(key), "", /*erase=*/true});
    }
    status = store_.StageMeta(reset);
    if (status.ok()) status = store_.Commit();
    if (status.ok() && options_.report) options_.report(verdict.ResetNotice());
  }
  UnlockStore();
  return status;
}

void StreamProcessor::ReadBatch(const std::atomic<bool>& stop) {
  size_t records = 0;
  Clock::time_point deadline;
  while (records < options_.batch_max_records && failure_.ok() &&
         !stop.load(std::memory_order_relaxed)) {
    int timeout_ms = options_.side_input != nullptr ? kIdlePollWithSideInputMs : kIdlePollMs;
    if (records > 0) {
      auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      timeout_ms = static_cast<int>(std::max<int64_t>(0, remaining.count()));
    }
    // Waiting for Kafka with nothing staged: gRPC readers may use the store
    // meanwhile (a rebalance callback inside Poll takes the lock itself).
    const bool idle = records == 0 && !staged_;
    if (idle) UnlockStore();
    absl::StatusOr<std::unique_ptr<RdKafka::Message>> message = input_->Poll(timeout_ms);
    if (idle) LockStore();
    if (!message.ok()) {
      Fail(message.status());
      return;
    }
    if (*message == nullptr) {
      if (records == 0 || Clock::now() >= deadline) return;
      continue;
    }
    if (records == 0) {
      deadline = Clock::now() + std::chrono::milliseconds(options_.batch_max_delay_ms);
    }
    ProcessRecord(**message);
    ++records;
    if (Clock::now() >= deadline) return;
  }
}

void StreamProcessor::ReadPipelined(const std::atomic<bool>& stop) {
  while (open_.records < options_.batch_max_records && failure_.ok() &&
         !stop.load(std::memory_order_relaxed)) {
    const bool in_flight = store_.commit_in_flight();
    if (in_flight) {
      // The write is done: seal what gathered meanwhile.
      if (CollectGroup(absl::ZeroDuration())) return;
    } else if (staged_) {
      // Nothing is being written: every record staged waits for a commit that nobody
      // started, so start it now (an idle daemon commits each record at once).
      return;
    }
    absl::StatusOr<std::unique_ptr<RdKafka::Message>> message =
        input_->Poll(in_flight ? 0 : kIdlePollMs);
    if (!message.ok()) {
      Fail(message.status());
      return;
    }
    if (*message == nullptr) {
      if (!in_flight) return;  // the idle tick
      if (CollectGroup(kInFlightWait)) return;
      continue;
    }
    ProcessRecord(**message);
  }
}

void StreamProcessor::ProcessRecord(RdKafka::Message& message) {
  const std::string topic = message.topic_name();
  const int32_t partition = message.partition();
  const int64_t offset = message.offset();
  const std::string key = OffsetKey(topic, partition);

  auto next = next_offsets_.find(key);
  if (next == next_offsets_.end()) {
    next = next_offsets_.emplace(key, ResumeOffset(topic, partition).value_or(0)).first;
  }
  if (offset < next->second) {
    // Applied before a restart or a rebalance; the store already holds its
    // effects.
    ++metrics_.records_skipped;
    return;
  }
  next->second = offset + 1;
  open_.offsets[{topic, partition}] = offset + 1;
  const storage::MetaWrite offset_write{key, absl::StrCat(offset + 1)};
  ++metrics_.records_consumed;
  ++open_.records;
  staged_ = true;

  std::string_view value(static_cast<const char*>(message.payload()), message.len());
  if (value.size() > kMaxEventBytes) {
    StageDeadLetter(message, "oversized",
                    absl::StrCat("event is ", WithThousands(value.size()), " bytes, the limit is ",
                                 WithThousands(kMaxEventBytes)),
                    offset_write);
    return;
  }
  absl::StatusOr<v1::Event> event = IsJson(HeaderValue(message, "content-type"))
                                        ? DecodeEventJson(value)
                                        : DecodeEventBinary(value);
  if (!event.ok()) {
    StageDeadLetter(message, "undecodable", event.status().message(), offset_write);
    return;
  }
  if (absl::Status admitted = admission_.Admit(*event, topic); !admitted.ok()) {
    StageDeadLetter(message, "not-admitted", admitted.message(), offset_write);
    return;
  }
  absl::StatusOr<LedgerEffects> effects =
      engine_.Apply(*event, store_, ApplyContext{.now = decided_at_.Now()});
  if (!effects.ok()) {
    StageDeadLetter(message, "refused", effects.status().message(), offset_write);
    return;
  }
  if (absl::Status status = store_.Stage(*effects, {offset_write}); !status.ok()) {
    // The store refused effects the engine produced: keep the record for a
    // person to look at rather than stop the stream on it. If the store cannot
    // even take that, it failed.
    StageDeadLetter(message, "internal", status.message(), offset_write);
    return;
  }
  if (effects->duplicate) ++metrics_.duplicates;
  for (const internal::OutputRecord& output : effects->outputs) {
    if (output.has_decision()) ++metrics_.decisions;
    if (output.has_usage()) ++metrics_.usage_records;
  }
  if (!effects->duplicate) backlog_.Add(std::move(effects->outputs));
}

void StreamProcessor::StageDeadLetter(RdKafka::Message& message, absl::string_view reason,
                                      absl::string_view error,
                                      const storage::MetaWrite& offset_write) {
  PendingDeadLetter dead_letter;
  dead_letter.id = next_dead_letter_id_;
  DeadLetter& letter = dead_letter.letter;
  letter.set_value(static_cast<const char*>(message.payload()), message.len());
  if (message.key() != nullptr) letter.set_key(*message.key());
  letter.set_content_type(HeaderValue(message, "content-type").value_or(""));
  letter.set_error(std::string(error));
  letter.set_source_topic(message.topic_name());
  letter.set_source_partition(message.partition());
  letter.set_source_offset(message.offset());
  letter.set_reason(std::string(reason));
  CutDeadLetter(letter, kMaxDeadLetterValueBytes);

  std::vector<storage::MetaWrite> meta = {
      {DeadLetterKey(dead_letter.id), letter.SerializeAsString()},
      {std::string(kNextDeadLetterIdKey), absl::StrCat(dead_letter.id + 1)},
      offset_write,
  };
  if (absl::Status status = store_.StageMeta(meta); !status.ok()) {
    Fail(status);
    return;
  }
  ++next_dead_letter_id_;
  metrics_.CountDeadLetter(reason);
  open_.dead_letters.push_back(std::move(dead_letter));
}

void StreamProcessor::CommitGroup() {
  if (store_.commit_in_flight()) CollectGroup(absl::InfiniteDuration());
  if (!failure_.ok()) return;
  SealGroup();
  if (!store_.commit_in_flight()) return;  // nothing was staged (or it failed)
  if (options_.side_input == nullptr) {
    CollectGroup(absl::InfiniteDuration());
    return;
  }
  std::optional<absl::Status> committed = store_.FinishCommit(absl::InfiniteDuration());
  // Without the lock: the side input reads the committed outputs back.
  const bool relock = store_locked_;
  UnlockStore();
  options_.side_input->AfterCommit(*committed);
  if (relock) LockStore();
  if (!committed->ok()) {
    Fail(*committed);
    return;
  }
  ReleaseSealed();
}

void StreamProcessor::SealGroup() {
  if (!failure_.ok()) return;
  std::vector<storage::MetaWrite> meta;
  const uint64_t published = tracker_.published_sequence();
  if (published != stored_published_sequence_) {
    meta.push_back({std::string(kPublishedSequenceKey), absl::StrCat(published)});
  }
  for (uint64_t id : delivered_dead_letters_) {
    meta.push_back({DeadLetterKey(id), "", /*erase=*/true});
  }
  if (!meta.empty()) {
    if (absl::Status status = store_.StageMeta(meta); !status.ok()) {
      Fail(status);
      return;
    }
    staged_ = true;
  }
  if (!staged_) return;
  if (absl::Status status = store_.StartCommit(); !status.ok()) {
    Fail(status);
    return;
  }
  // The erasures are in the sealed group; a crash before it is durable only sends those
  // dead letters again.
  delivered_dead_letters_.clear();
  open_.published_sequence = published;
  sealed_ = std::move(open_);
  open_ = Group();
  staged_ = false;
}

bool StreamProcessor::CollectGroup(absl::Duration timeout) {
  if (!store_.commit_in_flight()) return true;
  std::optional<absl::Status> committed = store_.FinishCommit(timeout);
  if (!committed.has_value()) return false;
  if (!committed->ok()) {
    Fail(*committed);
    return true;
  }
  ReleaseSealed();
  return true;
}

void StreamProcessor::ReleaseSealed() {
  last_commit_at_ = Clock::now();
  ++metrics_.commits;
  if (sealed_.records > 0) {
    ++metrics_.record_batches;
    metrics_.committed_records += sealed_.records;
    metrics_.max_batch_records = std::max<uint64_t>(metrics_.max_batch_records, sealed_.records);
  }
  metrics_.published_sequence = sealed_.published_sequence;
  stored_published_sequence_ = sealed_.published_sequence;
  for (PendingDeadLetter& dead_letter : sealed_.dead_letters) {
    ready_dead_letters_.push_back(std::move(dead_letter));
  }
  for (const auto& [topic_partition, offset] : sealed_.offsets) {
    offsets_to_report_[topic_partition] = offset;
  }
  sealed_ = Group();
  ReportOffsets(/*now=*/false);
}

void StreamProcessor::ReportOffsets(bool now) {
  if (input_ == nullptr || offsets_to_report_.empty()) return;
  // Each report is an OffsetCommit request to the group coordinator: once per group, for a
  // busy daemon committing a group per millisecond, that is a second stream of requests as
  // big as the input's. The lag only needs to be current to a person or a test waiting for
  // it, so a busy daemon reports at most every kOffsetReportInterval, an idle one at once.
  const Clock::time_point at = Clock::now();
  if (!now && at - last_offset_report_at_ < kOffsetReportInterval) return;
  last_offset_report_at_ = at;
  std::vector<PartitionOffset> positions;
  positions.reserve(offsets_to_report_.size());
  for (const auto& [topic_partition, offset] : offsets_to_report_) {
    positions.push_back({topic_partition.first, topic_partition.second, offset});
  }
  input_->CommitForMonitoring(positions);
  offsets_to_report_.clear();
}

void StreamProcessor::PublishCommitted() {
  PublishDeadLetters();
  PublishResends();
  // Only what is durable is published; later records may be staged or in flight.
  const uint64_t last_sequence = store_.committed_next_sequence() - 1;
  while (failure_.ok() && tracker_.sent_sequence() < last_sequence) {
    backlog_.DropThrough(tracker_.sent_sequence());
    if (const internal::OutputRecord* held = backlog_.Find(tracker_.sent_sequence() + 1)) {
      absl::Status status = PublishOutput(*held, OutputForm::kFull, /*resend=*/false);
      if (absl::IsResourceExhausted(status)) return;
      if (!status.ok()) Fail(status);
      continue;
    }
    absl::StatusOr<std::vector<internal::OutputRecord>> records =
        store_.ReadOutputs(tracker_.sent_sequence(), kOutputReadChunk);
    if (!records.ok()) {
      Fail(records.status());
      return;
    }
    if (records->empty()) return;
    for (const internal::OutputRecord& record : *records) {
      if (record.sequence() != tracker_.sent_sequence() + 1) {
        Fail(absl::DataLossError(absl::StrCat("the output log has no record ",
                                              tracker_.sent_sequence() + 1, " (next is ",
                                              record.sequence(), ")")));
        return;
      }
      absl::Status status = PublishOutput(record, OutputForm::kFull, /*resend=*/false);
      if (absl::IsResourceExhausted(status)) return;
      if (!status.ok()) {
        Fail(status);
        return;
      }
    }
  }
}

void StreamProcessor::PublishDeadLetters() {
  while (failure_.ok() && !ready_dead_letters_.empty()) {
    PendingDeadLetter& dead_letter = ready_dead_letters_.front();
    absl::Status status = output_->PublishDeadLetter(dead_letter.id, dead_letter.letter);
    if (absl::IsResourceExhausted(status)) return;
    if (absl::IsOutOfRange(status)) {
      if (!ShrinkDeadLetter(dead_letter.letter)) {
        GiveUpDeadLetter(dead_letter, status.message());
        ready_dead_letters_.pop_front();
      }
      continue;
    }
    if (!status.ok()) {
      Fail(status);
      return;
    }
    uint64_t id = dead_letter.id;
    dead_letters_in_flight_.emplace(id, std::move(dead_letter));
    ready_dead_letters_.pop_front();
  }
}

void StreamProcessor::PublishResends() {
  while (failure_.ok() && !resends_.empty()) {
    const auto [sequence, form] = resends_.front();
    absl::StatusOr<std::vector<internal::OutputRecord>> records =
        store_.ReadOutputs(sequence - 1, 1);
    if (!records.ok()) {
      Fail(records.status());
      return;
    }
    if (records->empty() || records->front().sequence() != sequence) {
      Fail(absl::DataLossError(absl::StrCat("the output log has no record ", sequence)));
      return;
    }
    absl::Status status = PublishOutput(records->front(), form, /*resend=*/true);
    if (absl::IsResourceExhausted(status)) return;
    if (!status.ok()) {
      Fail(status);
      return;
    }
    resends_.pop_front();
  }
}

absl::Status StreamProcessor::PublishOutput(const internal::OutputRecord& record, OutputForm form,
                                            bool resend) {
  for (;;) {
    absl::Status status = output_->Publish(record, form);
    if (absl::IsOutOfRange(status)) {
      if (form == OutputForm::kDeadLetter) {
        GiveUpOutput(record.sequence(), status.message(), resend);
        return absl::OkStatus();
      }
      form = SmallerForm(form);
      continue;
    }
    if (status.ok() && !resend) tracker_.Sent(record.sequence());
    return status;
  }
}

void StreamProcessor::GiveUpOutput(uint64_t sequence, absl::string_view why, bool resend) {
  // The record stays in the store (GetDecision, gkctl decision show); holding the stream
  // for it would stop every later record too.
  if (!resend) tracker_.Sent(sequence);
  tracker_.Acknowledged(sequence);
  ++metrics_.outputs_dropped;
  if (options_.report) {
    options_.report(absl::StrCat("gatekeeperd: output record ", sequence,
                                 " fits no form Kafka accepts, not even a dead letter (", why,
                                 "); it is in the store only"));
  }
}

void StreamProcessor::GiveUpDeadLetter(const PendingDeadLetter& dead_letter,
                                       absl::string_view why) {
  const DeadLetter& letter = dead_letter.letter;
  ++metrics_.dead_letters_dropped;
  delivered_dead_letters_.push_back(dead_letter.id);
  if (options_.report) {
    options_.report(absl::StrCat("gatekeeperd: dead letter of ", letter.source_topic(),
                                 " partition ", letter.source_partition(), " offset ",
                                 letter.source_offset(), " (", letter.error(),
                                 ") is refused by Kafka even without its value (", why,
                                 "); the record stays on its input topic"));
  }
}

void StreamProcessor::ServeDeliveries(int timeout_ms) {
  std::vector<DeliveryReport> reports;
  output_->Poll(timeout_ms, reports);
  for (const DeliveryReport& report : reports) {
    if (report.dead_letter) {
      DeadLetterDelivered(report);
    } else {
      OutputDelivered(report);
    }
  }
  if (absl::Status fatal = output_->fatal_error(); !fatal.ok()) Fail(fatal);
}

void StreamProcessor::OutputDelivered(const DeliveryReport& report) {
  if (report.ok()) {
    if (report.form == OutputForm::kSummary) ++metrics_.outputs_summarized;
    if (report.form == OutputForm::kDeadLetter) ++metrics_.outputs_dead_lettered;
    tracker_.Acknowledged(report.id);
    return;
  }
  if (!report.too_large()) {
    // Not this record's fault (a missing topic, no authorization): every record would fail.
    Fail(absl::UnavailableError(
        absl::StrCat("Kafka refused output record ", report.id, ": ", report.error_text)));
    return;
  }
  if (report.form == OutputForm::kDeadLetter) {
    GiveUpOutput(report.id, report.error_text, /*resend=*/true);
    return;
  }
  // Bounded like the outputs in flight: each entry is one of them.
  resends_.push_back({report.id, SmallerForm(report.form)});
}

void StreamProcessor::DeadLetterDelivered(const DeliveryReport& report) {
  auto in_flight = dead_letters_in_flight_.find(report.id);
  if (in_flight == dead_letters_in_flight_.end()) return;
  PendingDeadLetter dead_letter = std::move(in_flight->second);
  dead_letters_in_flight_.erase(in_flight);
  if (report.ok()) {
    delivered_dead_letters_.push_back(dead_letter.id);
  } else if (!report.too_large()) {
    Fail(absl::UnavailableError(
        absl::StrCat("Kafka refused dead letter ", dead_letter.id, ": ", report.error_text)));
  } else if (ShrinkDeadLetter(dead_letter.letter)) {
    ready_dead_letters_.push_front(std::move(dead_letter));
  } else {
    GiveUpDeadLetter(dead_letter, report.error_text);
  }
}

uint64_t StreamProcessor::Backlog() const {
  return (store_.next_sequence() - 1 - tracker_.published_sequence()) + ready_dead_letters_.size() +
         dead_letters_in_flight_.size() + open_.dead_letters.size() + sealed_.dead_letters.size();
}

bool StreamProcessor::AllPublished() const {
  return tracker_.published_sequence() == store_.next_sequence() - 1 &&
         ready_dead_letters_.empty() && dead_letters_in_flight_.empty() &&
         open_.dead_letters.empty() && sealed_.dead_letters.empty();
}

void StreamProcessor::UpdateBackPressure() {
  metrics_.backlog = Backlog();
  if (input_ == nullptr) return;
  if (!input_->paused() && metrics_.backlog > options_.outbox_max_backlog) {
    input_->SetPaused(true);
    ++metrics_.pauses;
  } else if (input_->paused() && metrics_.backlog <= options_.outbox_max_backlog / 2) {
    input_->SetPaused(false);
  }
  metrics_.paused = input_->paused();
}

std::optional<int64_t> StreamProcessor::ResumeOffset(const std::string& topic, int32_t partition) {
  const std::string key = OffsetKey(topic, partition);
  // Called inside Poll, perhaps while Run waits idle without the lock.
  const bool unlock = !store_locked_;
  LockStore();
  std::optional<std::string> stored = store_.GetMeta(key);
  if (unlock) UnlockStore();
  int64_t offset = 0;
  if (stored.has_value() && !absl::SimpleAtoi(*stored, &offset)) {
    Fail(absl::DataLossError(
        absl::StrCat("store metadata ", key, " is not an offset: \"", *stored, "\"")));
  }
  next_offsets_[key] = offset;
  if (!stored.has_value()) return std::nullopt;
  // Reported again so that the group's lag is right from the start, also for a
  // group that never committed (offsets live in the store, not in Kafka).
  offsets_to_report_[{topic, partition}] = offset;
  return offset;
}

void StreamProcessor::BeforeRevoke() {
  const bool unlock = !store_locked_;
  LockStore();
  CommitGroup();
  if (unlock) UnlockStore();
}

void StreamProcessor::LockStore() {
  if (options_.side_input == nullptr || store_locked_) return;
  options_.side_input->store_mutex().Lock();
  store_locked_ = true;
}

void StreamProcessor::UnlockStore() {
  if (options_.side_input == nullptr || !store_locked_) return;
  store_locked_ = false;
  options_.side_input->store_mutex().Unlock();
}

void StreamProcessor::StageSideInput() {
  if (options_.side_input == nullptr || !failure_.ok()) return;
  LockStore();
  if (options_.side_input->StageQueued(store_, engine_) > 0) staged_ = true;
}

void StreamProcessor::Shutdown() {
  CommitGroup();
  input_->Close();
  const Clock::time_point deadline = Clock::now() + kShutdownDrainTime;
  while (failure_.ok() && !AllPublished() && Clock::now() < deadline) {
    PublishCommitted();
    ServeDeliveries(kIdlePollMs);
    if (Clock::now() - last_commit_at_ >= kIdleCommitInterval) CommitGroup();
  }
  CommitGroup();
  if (failure_.ok() && !AllPublished() && options_.report) {
    options_.report(absl::StrCat("gatekeeperd: ", Backlog(),
                                 " output records and dead letters were not "
                                 "acknowledged by Kafka in time; they are "
                                 "sent again at the next start"));
  }
}

void StreamProcessor::Fail(absl::Status status) {
  if (failure_.ok()) failure_ = std::move(status);
}

void StreamProcessor::Report() {
  last_report_at_ = Clock::now();
  if (options_.report) options_.report(reporter_.Line(metrics_));
}

}  // namespace gatekeeper::daemon
