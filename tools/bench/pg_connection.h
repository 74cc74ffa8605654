// One libpq connection of the PostgreSQL baseline (docs/BENCHMARKS.md), wrapped for
// absl::Status: simple statements, prepared statements with parameters, and results in
// PostgreSQL's binary format (so bigint and bytea columns need no text parsing).
//
// Errors carry PostgreSQL's SQLSTATE in the message. A deadlock (40P01) or serialization
// failure (40001) is returned as absl::AbortedError: the transaction was rolled back by the
// server and the caller may run it again (IsRetryable). Every other failure is Internal
// (a statement the server refused) or Unavailable (the connection broke).
//
//   auto connection = PgConnection::Connect("host=127.0.0.1 port=5432 dbname=gk");
//   RETURN_IF_ERROR((*connection)->Prepare("line", "SELECT ... WHERE licence_id = $1"));
//   absl::StatusOr<PgResult> rows = (*connection)->Run("line", {PgParam::Text(id)});
//
// Not thread-safe: one thread owns a connection.
#ifndef GATEKEEPER_TOOLS_BENCH_PG_CONNECTION_H_
#define GATEKEEPER_TOOLS_BENCH_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace gatekeeper::bench {

// True when the server rolled the transaction back because of a deadlock or a
// serialization failure, so running the same transaction again may succeed.
bool IsRetryable(const absl::Status& status);

// One parameter of a prepared statement. Numbers and text go in PostgreSQL's text form
// (the server converts them to the column's type); bytea goes as raw bytes.
struct PgParam {
  static PgParam Text(std::string value) { return PgParam{std::move(value), false, false}; }
  static PgParam Int(int64_t value) { return PgParam{std::to_string(value), false, false}; }
  static PgParam Bool(bool value) { return PgParam{value ? "t" : "f", false, false}; }
  static PgParam Bytes(std::string value) { return PgParam{std::move(value), true, false}; }

  std::string value;
  bool binary = false;
  bool null = false;
};

// The rows of one statement, every column in binary format.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  // Rows an INSERT, UPDATE or DELETE changed.
  int64_t affected_rows() const;
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column); }
  // A text, varchar or bytea column: its bytes.
  std::string_view Bytes(int row, int column) const;
  // bigint (int8), integer (int4) and boolean columns.
  int64_t Int64(int row, int column) const;
  int32_t Int32(int row, int column) const;
  bool Bool(int row, int column) const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class PgConnection {
 public:
  // Connects and sets synchronous_commit = on for the session (the baseline measures
  // durable commits, as gatekeeper's synced group commit is durable).
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one or more statements without parameters (DDL, BEGIN, COMMIT, ROLLBACK).
  absl::Status Execute(const std::string& sql);

  // Prepares a named statement on this connection; parameter types come from the context.
  absl::Status Prepare(const std::string& name, const std::string& sql);

  // Runs a prepared statement; results in binary format.
  absl::StatusOr<PgResult> Run(const std::string& name, absl::Span<const PgParam> params);

 private:
  explicit PgConnection(PGconn* connection) : connection_(connection) {}

  // Turns a finished result into OK or the error it reports (see the header comment).
  absl::StatusOr<PgResult> Check(PGresult* result, std::string_view what);

  PGconn* connection_;
};

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_PG_CONNECTION_H_
