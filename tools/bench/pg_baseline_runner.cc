#include "tools/bench/pg_baseline_runner.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gatekeeper/v1/decision.pb.h"
#include "services/codec/event_kind.h"
#include "services/codec/number_text.h"
#include "services/engine/engine.h"
#include "tools/bench/pg_effects_writer.h"
#include "tools/bench/pg_ledger_state.h"
#include "tools/bench/pg_schema.h"

namespace gatekeeper::bench {
namespace {

// A deadlock victim is run again; this many times in a row means something else is wrong.
constexpr int kMaxAttempts = 50;

enum class Outcome { kApplied, kDuplicate, kRefused };

// One connection and the state the engine reads through it.
class Worker {
 public:
  Worker(std::unique_ptr<PgConnection> connection, const Engine& engine, ReferenceCache& reference)
      : connection_(std::move(connection)),
        engine_(engine),
        reference_(reference),
        state_(*connection_, reference) {}

  // Applies one event in its own transaction, running it again after a deadlock.
  absl::Status Apply(const v1::Event& event) {
    const absl::Time started = absl::Now();
    for (int attempt = 1;; ++attempt) {
      absl::StatusOr<Outcome> outcome = ApplyOnce(event);
      if (outcome.ok()) {
        Count(*outcome);
        if (event.has_declaration()) {
          latencies_ms_.push_back(absl::ToDoubleMilliseconds(absl::Now() - started));
        }
        return absl::OkStatus();
      }
      if (!IsRetryable(outcome.status()) || attempt == kMaxAttempts) return outcome.status();
      ++counts_.retries;
    }
  }

  PgConnection& connection() { return *connection_; }
  const BaselineCounts& counts() const { return counts_; }
  // Transaction latencies of the declarations applied since the last call.
  std::vector<double> TakeLatencies() { return std::exchange(latencies_ms_, {}); }

 private:
  absl::StatusOr<Outcome> ApplyOnce(const v1::Event& event) {
    if (next_sequence_ >= block_end_) {
      if (absl::Status allocated = AllocateSequenceBlock(); !allocated.ok()) return allocated;
    }
    if (absl::Status begun = connection_->Execute("BEGIN"); !begun.ok()) return begun;
    absl::StatusOr<LedgerEffects> effects = Decide(event);
    if (effects.ok() && effects->next_sequence > block_end_) {
      // This event has more outputs than the block has numbers left: decide it again with
      // a fresh block (the rows it read stay locked by this transaction).
      if (absl::Status allocated = AllocateSequenceBlock(); !allocated.ok()) {
        return Rollback(allocated);
      }
      effects = Decide(event);
      if (effects.ok() && effects->next_sequence > block_end_) {
        return Rollback(absl::ResourceExhaustedError(
            absl::StrCat("an event with more than ", kSequenceBlock, " outputs")));
      }
    }
    if (!state_.status().ok()) return Rollback(state_.status());
    if (!effects.ok()) {
      if (absl::Status rolled_back = Rollback(absl::OkStatus()); !rolled_back.ok()) {
        return rolled_back;
      }
      return Outcome::kRefused;
    }
    if (effects->duplicate) {
      if (absl::Status rolled_back = Rollback(absl::OkStatus()); !rolled_back.ok()) {
        return rolled_back;
      }
      return Outcome::kDuplicate;
    }
    if (absl::Status written = WriteEffects(*connection_, *effects, state_.declaration_found());
        !written.ok()) {
      return Rollback(written);
    }
    if (absl::Status committed = connection_->Execute("COMMIT"); !committed.ok()) {
      return committed;
    }
    next_sequence_ = effects->next_sequence;
    UpdateReferenceCache(*effects);
    return Outcome::kApplied;
  }

  absl::StatusOr<LedgerEffects> Decide(const v1::Event& event) {
    state_.BeginTransaction(next_sequence_);
    return engine_.Apply(event, state_, ApplyContext{.now = decided_at_.Now()});
  }

  // Rolls back and returns `why` (or the rollback's own failure).
  absl::Status Rollback(absl::Status why) {
    absl::Status rolled_back = connection_->Execute("ROLLBACK");
    return why.ok() ? rolled_back : why;
  }

  absl::Status AllocateSequenceBlock() {
    absl::StatusOr<PgResult> block = connection_->Run(statement::kNextSequenceBlock, {});
    if (!block.ok()) return block.status();
    next_sequence_ = static_cast<uint64_t>(block->Int64(0, 0));
    block_end_ = next_sequence_ + kSequenceBlock;
    return absl::OkStatus();
  }

  // Rule and party events run alone (see the header), so the shared cache can change here.
  void UpdateReferenceCache(const LedgerEffects& effects) {
    if (effects.rule_put.has_value()) reference_.rules.Put(*effects.rule_put);
    if (effects.rule_delete.has_value()) reference_.rules.Remove(*effects.rule_delete);
    if (effects.party_put.has_value()) reference_.screening.Put(*effects.party_put);
    if (effects.party_delete.has_value()) reference_.screening.Remove(*effects.party_delete);
  }

  void Count(Outcome outcome) {
    switch (outcome) {
      case Outcome::kApplied:
        ++counts_.applied;
        break;
      case Outcome::kDuplicate:
        ++counts_.duplicates;
        break;
      case Outcome::kRefused:
        ++counts_.refused;
        break;
    }
  }

  std::unique_ptr<PgConnection> connection_;
  const Engine& engine_;
  DecidedAtClock decided_at_;
  ReferenceCache& reference_;
  PgLedgerState state_;
  uint64_t next_sequence_ = 0;
  uint64_t block_end_ = 0;
  BaselineCounts counts_;
  std::vector<double> latencies_ms_;
};

// The hash of each customs event's exporter EORI (of each licence event's licence id): the
// worker that applies it is this modulo the phase's connection count, so one exporter's
// events (one licence's) stay in input order on one connection.
std::vector<size_t> KeyHashes(const std::vector<v1::Event>& events) {
  absl::flat_hash_map<std::string, std::string> exporter_of_mrn;
  std::vector<size_t> partition(events.size(), 0);
  auto of_key = [&](const std::string& key) { return std::hash<std::string>{}(key); };
  for (size_t i = 0; i < events.size(); ++i) {
    const v1::Event& event = events[i];
    std::string key;
    if (event.has_declaration()) {
      const v1::Declaration& declaration = event.declaration();
      key = declaration.exporter().eori();
      if (key.empty()) key = declaration.mrn();
      exporter_of_mrn[declaration.mrn()] = key;
    } else if (event.has_invalidation()) {
      key = event.invalidation().exporter_eori();
      if (key.empty()) {
        auto it = exporter_of_mrn.find(event.invalidation().mrn());
        key = it == exporter_of_mrn.end() ? event.invalidation().mrn() : it->second;
      }
    } else if (event.has_disposition()) {
      auto it = exporter_of_mrn.find(event.disposition().mrn());
      key = it == exporter_of_mrn.end() ? event.disposition().mrn() : it->second;
    } else if (event.has_licence()) {
      key = event.licence().licence_id();
    } else {
      continue;
    }
    partition[i] = of_key(key);
  }
  return partition;
}

// Applies events [begin, end) (all customs events, or all licence events) on the first
// `connections` workers in parallel, each event on the worker of its key's hash.
absl::Status ApplySegment(const std::vector<v1::Event>& events, const std::vector<size_t>& key_hash,
                          size_t begin, size_t end, std::vector<std::unique_ptr<Worker>>& workers,
                          int connections) {
  if (connections == 1) {
    for (size_t i = begin; i < end; ++i) {
      if (absl::Status applied = workers[0]->Apply(events[i]); !applied.ok()) return applied;
    }
    return absl::OkStatus();
  }
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  absl::Status first_error;
  std::vector<std::thread> threads;
  for (size_t w = 0; w < static_cast<size_t>(connections); ++w) {
    threads.emplace_back([&, w] {
      for (size_t i = begin; i < end && !failed.load(std::memory_order_relaxed); ++i) {
        if (key_hash[i] % static_cast<size_t>(connections) != w) continue;
        if (absl::Status applied = workers[w]->Apply(events[i]); !applied.ok()) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (first_error.ok()) first_error = applied;
          failed = true;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return first_error;
}

double Percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty()) return 0;
  const size_t index = static_cast<size_t>(share * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

absl::StatusOr<BaselineCounts> RunBaseline(const BaselineOptions& options,
                                           const EventStream& stream) {
  if (options.connections < 1 || options.connections > kMaxConnections) {
    return absl::InvalidArgumentError(
        absl::StrCat("connections must be 1..", kMaxConnections, ", not ", options.connections));
  }
  const Engine engine(EngineOptions{.screening_threshold = options.screening_threshold});
  ReferenceCache reference;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int w = 0; w < options.connections; ++w) {
    absl::StatusOr<std::unique_ptr<PgConnection>> connection =
        PgConnection::Connect(options.conninfo);
    if (!connection.ok()) return connection.status();
    if (w == 0) {
      if (absl::Status created = CreateSchema(**connection, options.reset); !created.ok()) {
        return created;
      }
    }
    if (absl::Status prepared = PrepareStatements(**connection); !prepared.ok()) return prepared;
    if (w == 0) {
      if (absl::Status loaded = LoadReferenceCache(**connection, reference); !loaded.ok()) {
        return loaded;
      }
    }
    workers.push_back(std::make_unique<Worker>(std::move(*connection), engine, reference));
  }

  std::vector<Phase> phases = options.phases;
  if (phases.empty()) phases.push_back({.connections = options.connections});
  for (const Phase& phase : phases) {
    if (phase.connections < 1 || phase.connections > options.connections) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a phase's connections must be 1..", options.connections, ", not ", phase.connections));
    }
  }

  const std::vector<v1::Event>& events = stream.events;
  const std::vector<size_t> key_hash = KeyHashes(events);
  BaselineCounts total;
  size_t phase = 0;
  uint64_t phase_customs = 0;
  PhaseResult current{.connections = phases[0].connections};
  std::vector<double> phase_latencies;
  auto close_phase = [&] {
    for (const std::unique_ptr<Worker>& worker : workers) {
      std::vector<double> latencies = worker->TakeLatencies();
      phase_latencies.insert(phase_latencies.end(), latencies.begin(), latencies.end());
    }
    std::sort(phase_latencies.begin(), phase_latencies.end());
    current.p50_ms = Percentile(phase_latencies, 0.5);
    current.p99_ms = Percentile(phase_latencies, 0.99);
    current.p999_ms = Percentile(phase_latencies, 0.999);
    if (current.declarations > 0) total.phases.push_back(current);
    phase_latencies.clear();
  };
  const absl::Time started = absl::Now();
  size_t next = 0;
  while (next < events.size()) {
    if (!IsCustomsEvent(events[next])) {
      // A run of authority events (loading the licence register and the lists): still one
      // transaction each, but without waiting for each commit's fsync, as a bulk import
      // would; they are not part of the throughput. The next customs commit, synchronous
      // again, makes them durable (the WAL is flushed in order). Licence events touch only
      // their own licence's rows, so runs of them go over every connection, by licence id
      // (a load from one connection took 108 s of a 100,000-declaration run); the others
      // (status changes, which may name a destination, rules, parties) run alone.
      const absl::Time authority_started = absl::Now();
      for (const std::unique_ptr<Worker>& worker : workers) {
        if (absl::Status set = worker->connection().Execute("SET synchronous_commit TO off");
            !set.ok()) {
          return set;
        }
      }
      while (next < events.size() && !IsCustomsEvent(events[next])) {
        size_t end = next;
        while (end < events.size() && events[end].has_licence()) ++end;
        if (end > next) {
          if (absl::Status applied = ApplySegment(events, key_hash, next, end, workers,
                                                  static_cast<int>(workers.size()));
              !applied.ok()) {
            return applied;
          }
          next = end;
          continue;
        }
        if (absl::Status applied = workers[0]->Apply(events[next]); !applied.ok()) return applied;
        ++next;
      }
      for (const std::unique_ptr<Worker>& worker : workers) {
        if (absl::Status set = worker->connection().Execute("SET synchronous_commit TO on");
            !set.ok()) {
          return set;
        }
      }
      total.authority_seconds += absl::ToDoubleSeconds(absl::Now() - authority_started);
      continue;
    }
    // Customs events up to the next authority event or the end of the phase.
    const uint64_t phase_limit = phases[phase].customs_events;
    size_t end = next;
    while (end < events.size() && IsCustomsEvent(events[end]) &&
           (phase_limit == 0 || phase_customs + (end - next) < phase_limit)) {
      ++end;
    }
    const absl::Time segment_started = absl::Now();
    if (absl::Status applied =
            ApplySegment(events, key_hash, next, end, workers, phases[phase].connections);
        !applied.ok()) {
      return applied;
    }
    const double segment_seconds = absl::ToDoubleSeconds(absl::Now() - segment_started);
    total.customs_seconds += segment_seconds;
    current.seconds += segment_seconds;
    for (size_t i = next; i < end; ++i) current.declarations += events[i].has_declaration();
    phase_customs += end - next;
    next = end;
    if (phase_limit != 0 && phase_customs >= phase_limit && phase + 1 < phases.size()) {
      close_phase();
      ++phase;
      phase_customs = 0;
      current = PhaseResult{.connections = phases[phase].connections};
    }
  }
  close_phase();

  total.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  for (const v1::Event& event : events) total.declarations += event.has_declaration();
  for (const std::unique_ptr<Worker>& worker : workers) {
    total.applied += worker->counts().applied;
    total.duplicates += worker->counts().duplicates;
    total.refused += worker->counts().refused;
    total.retries += worker->counts().retries;
  }
  return total;
}

absl::StatusOr<std::vector<internal::LineLedger>> ReadAllLines(const std::string& conninfo) {
  absl::StatusOr<std::unique_ptr<PgConnection>> connection = PgConnection::Connect(conninfo);
  if (!connection.ok()) return connection.status();
  if (absl::Status prepared = PrepareStatements(**connection); !prepared.ok()) return prepared;
  absl::StatusOr<PgResult> rows = (*connection)->Run(statement::kAllLines, {});
  if (!rows.ok()) return rows.status();
  std::vector<internal::LineLedger> lines;
  for (int row = 0; row < rows->rows(); ++row) lines.push_back(LineFromRow(*rows, row));
  return lines;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadDeclarationStatuses(
    const std::string& conninfo) {
  absl::StatusOr<std::unique_ptr<PgConnection>> connection = PgConnection::Connect(conninfo);
  if (!connection.ok()) return connection.status();
  if (absl::Status prepared = PrepareStatements(**connection); !prepared.ok()) return prepared;
  absl::StatusOr<PgResult> rows = (*connection)->Run(statement::kDeclarationStatuses, {});
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, std::string>> statuses;
  for (int row = 0; row < rows->rows(); ++row) {
    statuses.emplace_back(std::string(rows->Bytes(row, 0)), std::string(rows->Bytes(row, 1)));
  }
  return statuses;
}

}  // namespace gatekeeper::bench
