#include "tools/bench/pg_schema.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace gatekeeper::bench {
namespace {

constexpr char kDropSchema[] = R"sql(
DROP TABLE IF EXISTS usage, decisions, attributions, declarations, licence_lines,
  licence_destinations, licences, rules, parties CASCADE;
DROP SEQUENCE IF EXISTS output_sequence_blocks;
)sql";

// Identifiers compare in byte order (COLLATE "C"), as gatekeeper's keys do, so sorted
// results agree with the engine's expectations whatever the cluster's locale.
constexpr char kCreateSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS licences (
  licence_id   text COLLATE "C" PRIMARY KEY,
  licence_type text NOT NULL,
  status       text NOT NULL,
  holder_eori  text NOT NULL,
  valid_from   text NOT NULL,
  valid_until  text NOT NULL,
  licence      bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS licence_destinations (
  country    text COLLATE "C" NOT NULL,
  licence_id text COLLATE "C" NOT NULL REFERENCES licences,
  PRIMARY KEY (country, licence_id)
);
-- A licence's destinations are replaced by licence id: without this index every licence
-- event scanned the whole table, and loading 100,000 licences took quadratic time.
CREATE INDEX IF NOT EXISTS licence_destinations_by_licence ON licence_destinations (licence_id);
CREATE TABLE IF NOT EXISTS licence_lines (
  licence_id             text COLLATE "C" NOT NULL REFERENCES licences,
  line_no                integer NOT NULL,
  unit                   text NOT NULL,
  quantity_capped        boolean NOT NULL,
  authorised_milli       bigint NOT NULL,
  consumed_milli         bigint NOT NULL,
  reserved_milli         bigint NOT NULL,
  remaining_milli        bigint NOT NULL,
  value_capped           boolean NOT NULL,
  authorised_cents       bigint NOT NULL,
  consumed_cents         bigint NOT NULL,
  reserved_cents         bigint NOT NULL,
  remaining_cents        bigint NOT NULL,
  tolerance_percent      integer NOT NULL,
  lowered_by_replacement boolean NOT NULL,
  attribution_count      bigint NOT NULL,
  PRIMARY KEY (licence_id, line_no),
  CHECK (authorised_milli = remaining_milli + consumed_milli + reserved_milli),
  CHECK (authorised_cents = remaining_cents + consumed_cents + reserved_cents)
);
CREATE TABLE IF NOT EXISTS declarations (
  mrn              text COLLATE "C" PRIMARY KEY,
  version          integer NOT NULL,
  status           text NOT NULL,
  exporter_eori    text NOT NULL,
  office_of_export text NOT NULL,
  record           bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS attributions (
  mrn            text COLLATE "C" NOT NULL,
  item_no        integer NOT NULL,
  ordinal        integer NOT NULL,
  licence_id     text COLLATE "C" NOT NULL,
  line_no        integer NOT NULL,
  state          text NOT NULL,
  quantity_milli bigint NOT NULL,
  value_cents    bigint NOT NULL,
  PRIMARY KEY (mrn, item_no, ordinal)
);
CREATE TABLE IF NOT EXISTS decisions (
  sequence   bigint PRIMARY KEY,
  mrn        text COLLATE "C" NOT NULL,
  version    integer NOT NULL,
  status     text NOT NULL,
  outcome    text NOT NULL,
  decided_at text NOT NULL,
  decision   bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_mrn ON decisions (mrn);
CREATE TABLE IF NOT EXISTS usage (
  sequence       bigint PRIMARY KEY,
  licence_id     text COLLATE "C" NOT NULL,
  line_no        integer NOT NULL,
  mrn            text COLLATE "C" NOT NULL,
  version        integer NOT NULL,
  item_no        integer NOT NULL,
  action         text NOT NULL,
  quantity_milli bigint NOT NULL,
  value_cents    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_by_licence ON usage (licence_id, sequence);
CREATE TABLE IF NOT EXISTS rules (
  rule_id text COLLATE "C" PRIMARY KEY,
  rule    bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS parties (
  party_id text COLLATE "C" PRIMARY KEY,
  source   text NOT NULL,
  party    bytea NOT NULL
);
)sql";

std::vector<std::pair<const char*, std::string>> Statements() {
  using namespace statement;  // NOLINT(build/namespaces): the names read as a table here
  return {
      {kFindLicence, "SELECT licence FROM licences WHERE licence_id = $1"},
      {kLicencesWithDestination,
       "SELECT licence_id FROM licence_destinations WHERE country = $1 ORDER BY licence_id"},
      {kFindLineForUpdate,
       absl::StrCat("SELECT ", kLineColumns,
                    " FROM licence_lines WHERE licence_id = $1 AND line_no = $2 FOR UPDATE")},
      {kLinesOfForUpdate,
       absl::StrCat("SELECT ", kLineColumns,
                    " FROM licence_lines WHERE licence_id = $1 ORDER BY line_no FOR UPDATE")},
      {kAllLines,
       absl::StrCat("SELECT ", kLineColumns, " FROM licence_lines ORDER BY licence_id, line_no")},
      {kFindDeclarationForUpdate, "SELECT record FROM declarations WHERE mrn = $1 FOR UPDATE"},
      {kNextSequenceBlock, "SELECT nextval('output_sequence_blocks')"},
      {kUpdateLine,
       "UPDATE licence_lines SET unit = $3, quantity_capped = $4, authorised_milli = $5, "
       "consumed_milli = $6, reserved_milli = $7, remaining_milli = $8, value_capped = $9, "
       "authorised_cents = $10, consumed_cents = $11, reserved_cents = $12, "
       "remaining_cents = $13, tolerance_percent = $14, lowered_by_replacement = $15, "
       "attribution_count = $16 WHERE licence_id = $1 AND line_no = $2"},
      {kInsertLine,
       absl::StrCat("INSERT INTO licence_lines (", kLineColumns,
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                    "$15, $16)")},
      {kUpsertLicence,
       "INSERT INTO licences (licence_id, licence_type, status, holder_eori, valid_from, "
       "valid_until, licence) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (licence_id) DO "
       "UPDATE SET licence_type = EXCLUDED.licence_type, status = EXCLUDED.status, "
       "holder_eori = EXCLUDED.holder_eori, valid_from = EXCLUDED.valid_from, "
       "valid_until = EXCLUDED.valid_until, licence = EXCLUDED.licence"},
      {kDeleteDestinations, "DELETE FROM licence_destinations WHERE licence_id = $1"},
      {kInsertDestination,
       "INSERT INTO licence_destinations (country, licence_id) VALUES ($1, $2) "
       "ON CONFLICT DO NOTHING"},
      {kUpsertDeclaration,
       "INSERT INTO declarations (mrn, version, status, exporter_eori, office_of_export, "
       "record) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (mrn) DO UPDATE SET "
       "version = EXCLUDED.version, status = EXCLUDED.status, "
       "exporter_eori = EXCLUDED.exporter_eori, office_of_export = EXCLUDED.office_of_export, "
       "record = EXCLUDED.record"},
      {kDeleteAttributions, "DELETE FROM attributions WHERE mrn = $1"},
      {kInsertAttribution,
       "INSERT INTO attributions (mrn, item_no, ordinal, licence_id, line_no, state, "
       "quantity_milli, value_cents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
      {kInsertDecision,
       "INSERT INTO decisions (sequence, mrn, version, status, outcome, decided_at, decision) "
       "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
      {kInsertUsage,
       "INSERT INTO usage (sequence, licence_id, line_no, mrn, version, item_no, action, "
       "quantity_milli, value_cents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
      {kUpsertRule,
       "INSERT INTO rules (rule_id, rule) VALUES ($1, $2) ON CONFLICT (rule_id) DO UPDATE SET "
       "rule = EXCLUDED.rule"},
      {kDeleteRule, "DELETE FROM rules WHERE rule_id = $1"},
      {kAllRules, "SELECT rule FROM rules ORDER BY rule_id"},
      {kUpsertParty,
       "INSERT INTO parties (party_id, source, party) VALUES ($1, $2, $3) ON CONFLICT "
       "(party_id) DO UPDATE SET source = EXCLUDED.source, party = EXCLUDED.party"},
      {kDeleteParty, "DELETE FROM parties WHERE party_id = $1"},
      {kAllParties, "SELECT party FROM parties ORDER BY party_id"},
      {kDeclarationStatuses, "SELECT mrn, status FROM declarations ORDER BY mrn"},
  };
}

}  // namespace

absl::Status CreateSchema(PgConnection& connection, bool reset) {
  if (reset) {
    if (absl::Status dropped = connection.Execute(kDropSchema); !dropped.ok()) return dropped;
  }
  if (absl::Status created = connection.Execute(kCreateSchema); !created.ok()) return created;
  return connection.Execute(
      absl::StrCat("CREATE SEQUENCE IF NOT EXISTS output_sequence_blocks INCREMENT BY ",
                   kSequenceBlock, " START WITH 1"));
}

absl::Status PrepareStatements(PgConnection& connection) {
  for (const auto& [name, sql] : Statements()) {
    if (absl::Status prepared = connection.Prepare(name, sql); !prepared.ok()) return prepared;
  }
  return absl::OkStatus();
}

}  // namespace gatekeeper::bench
