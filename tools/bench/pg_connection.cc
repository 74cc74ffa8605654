#include "tools/bench/pg_connection.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace gatekeeper::bench {
namespace {

constexpr char kDeadlockDetected[] = "40P01";
constexpr char kSerializationFailure[] = "40001";
// Binary result format, for every column.
constexpr int kBinaryResults = 1;

uint64_t BigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (unsigned char byte : bytes) value = (value << 8) | byte;
  return value;
}

}  // namespace

bool IsRetryable(const absl::Status& status) { return absl::IsAborted(status); }

int64_t PgResult::affected_rows() const {
  const char* count = PQcmdTuples(result_.get());
  return count[0] == '\0' ? 0 : std::strtoll(count, nullptr, 10);
}

std::string_view PgResult::Bytes(int row, int column) const {
  return std::string_view(PQgetvalue(result_.get(), row, column),
                          static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t PgResult::Int64(int row, int column) const {
  std::string_view bytes = Bytes(row, column);
  if (bytes.size() == 4) return static_cast<int32_t>(BigEndian(bytes));
  return static_cast<int64_t>(BigEndian(bytes));
}

int32_t PgResult::Int32(int row, int column) const {
  return static_cast<int32_t>(Int64(row, column));
}

bool PgResult::Bool(int row, int column) const {
  std::string_view bytes = Bytes(row, column);
  return !bytes.empty() && bytes[0] != 0;
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  if (connection == nullptr) return absl::UnavailableError("libpq could not allocate a connection");
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return absl::UnavailableError(absl::StrCat("cannot connect to PostgreSQL: ", message));
  }
  std::unique_ptr<PgConnection> wrapped(new PgConnection(connection));
  if (absl::Status set = wrapped->Execute("SET synchronous_commit = on"); !set.ok()) return set;
  return wrapped;
}

PgConnection::~PgConnection() { PQfinish(connection_); }

absl::StatusOr<PgResult> PgConnection::Check(PGresult* result, std::string_view what) {
  if (result == nullptr) {
    return absl::UnavailableError(absl::StrCat(std::string(what), ": ", PQerrorMessage(connection_)));
  }
  PgResult owned(result);
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
  const char* sqlstate_field = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string sqlstate = sqlstate_field == nullptr ? "" : sqlstate_field;
  std::string message = PQresultErrorMessage(result);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  const std::string text = absl::StrCat(std::string(what), ": SQLSTATE ", sqlstate, ": ", message);
  if (sqlstate == kDeadlockDetected || sqlstate == kSerializationFailure) {
    return absl::AbortedError(text);
  }
  if (PQstatus(connection_) != CONNECTION_OK) return absl::UnavailableError(text);
  return absl::InternalError(text);
}

absl::Status PgConnection::Execute(const std::string& sql) {
  return Check(PQexec(connection_, sql.c_str()), sql).status();
}

absl::Status PgConnection::Prepare(const std::string& name, const std::string& sql) {
  return Check(PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr),
               absl::StrCat("preparing ", name))
      .status();
}

absl::StatusOr<PgResult> PgConnection::Run(const std::string& name,
                                           absl::Span<const PgParam> params) {
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  std::vector<int> formats(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    values[i] = params[i].null ? nullptr : params[i].value.data();
    lengths[i] = static_cast<int>(params[i].value.size());
    formats[i] = params[i].binary ? 1 : 0;
  }
  return Check(PQexecPrepared(connection_, name.c_str(), static_cast<int>(params.size()),
                              values.data(), lengths.data(), formats.data(), kBinaryResults),
               name);
}

}  // namespace gatekeeper::bench
