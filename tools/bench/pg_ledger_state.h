// The engine's LedgerState read from PostgreSQL inside the transaction the baseline has
// open, so the real gatekeeper::Engine decides every event of the baseline and the baseline
// reaches the same decisions and balances as gatekeeper (the ratio means nothing otherwise).
//
// What a typical service would do: licences, licence lines and declarations are read from
// the database when the engine asks for them -- a licence line, and the declaration being
// amended or decided, with SELECT ... FOR UPDATE, which holds them until COMMIT -- while the
// reference data (rules, listed parties) is cached in memory (ReferenceCache).
//
// Rows read once are remembered until the transaction ends (they are locked, or not changed
// by anyone else while it runs), so a second lookup of the same line costs no round trip.
//
// LedgerState's methods cannot return errors, so the first failed query is recorded in
// status(); later lookups of the same transaction return "not found" without asking the
// server. The caller must check status() after Engine::Apply and throw the effects away
// (and roll back) when it is not OK: the engine then decided on a partial view.
#ifndef GATEKEEPER_TOOLS_BENCH_PG_LEDGER_STATE_H_
#define GATEKEEPER_TOOLS_BENCH_PG_LEDGER_STATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gatekeeper/v1/party.pb.h"
#include "services/engine/ledger_state.h"
#include "services/engine/rule_book.h"
#include "services/screening/screening_index.h"
#include "tools/bench/pg_connection.h"

namespace gatekeeper::bench {

// Rules and listed parties, held in memory by the service. Shared by every connection;
// changed only while no other transaction runs (authority events are applied alone).
struct ReferenceCache {
  RuleBook rules;
  ScreeningIndex screening;
};

// Loads every stored rule and listed party into `cache` (a service's start-up).
absl::Status LoadReferenceCache(PgConnection& connection, ReferenceCache& cache);

// A LineLedger from one row of the kLineColumns columns.
internal::LineLedger LineFromRow(const PgResult& result, int row);

class PgLedgerState : public LedgerState {
 public:
  PgLedgerState(PgConnection& connection, const ReferenceCache& reference)
      : connection_(connection), reference_(reference) {}

  // Starts a transaction's reads: forgets every row read before and any error. Outputs of
  // the next Apply get sequences from `next_sequence` on.
  void BeginTransaction(uint64_t next_sequence);

  // The first query of this transaction that failed, or OK.
  const absl::Status& status() const { return status_; }

  // Whether FindDeclaration found a stored record in this transaction (so its attribution
  // rows exist and must be replaced).
  bool declaration_found() const { return declaration_found_; }

  // LedgerState.
  const v1::Licence* FindLicence(std::string_view licence_id) const override;
  std::vector<std::string> LicenceIdsWithDestination(std::string_view country) const override;
  std::optional<internal::LineLedger> FindLine(std::string_view licence_id,
                                               int32_t line_no) const override;
  std::vector<internal::LineLedger> LinesOf(std::string_view licence_id) const override;
  std::optional<internal::DeclarationRecord> FindDeclaration(std::string_view mrn) const override;
  const RuleBook& rules() const override { return reference_.rules; }
  const PartyScreener& screener() const override { return reference_.screening; }
  uint64_t next_sequence() const override { return next_sequence_; }

 private:
  // Runs a prepared statement; on failure records the error and returns nullopt.
  std::optional<PgResult> Query(const char* statement, std::vector<PgParam> params) const;

  PgConnection& connection_;
  const ReferenceCache& reference_;
  uint64_t next_sequence_ = 1;

  // What this transaction has read (the engine may ask twice for the same row). A licence
  // not found is remembered as nullptr.
  mutable std::map<std::string, std::unique_ptr<v1::Licence>, std::less<>> licences_;
  mutable std::map<std::pair<std::string, int32_t>, std::optional<internal::LineLedger>> lines_;
  mutable std::map<std::string, std::optional<internal::DeclarationRecord>, std::less<>>
      declarations_;
  mutable bool declaration_found_ = false;
  mutable absl::Status status_;
};

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_PG_LEDGER_STATE_H_
