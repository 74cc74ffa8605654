#!/bin/bash
# gkctl's remote commands against a real gk-grpc-server over TLS: a licence authority
# applies licences and reads balances and usage, a customs system submits, an officer
# watches holds and refuses one, and a certificate of the wrong role is refused.
#
# usage: gkctl_remote_test.sh GKCTL GK_GRPC_SERVER MAKE_DEV_CERTS WORK_DIR
set -u
gkctl=$(realpath "$1") server=$(realpath "$2") make_certs=$(realpath "$3") work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
"$make_certs" certs > /dev/null || { echo "FAIL: make-dev-certs"; exit 1; }

fail() { echo "FAIL: $*"; cat server.log; exit 1; }

"$server" --data-dir data --grpc-listen 127.0.0.1:0 --tls-ca certs/ca.pem \
  --tls-cert certs/server.pem --tls-key certs/server.key > server.out 2> server.log &
server_pid=$!
trap 'kill $server_pid 2> /dev/null' EXIT
for _ in $(seq 100); do
  grep -q "listening on" server.out && break
  sleep 0.1
done
address=$(sed -n 's/^listening on \([^ ]*\).*/\1/p' server.out)
[ -n "$address" ] || fail "the server did not start"
as() { echo "--server $address --ca certs/ca.pem --cert certs/$1.pem --key certs/$1.key"; }
run() { timeout 20 "$gkctl" "$@"; }

cat > licences.jsonl <<'JSON'
{"licence": {"licenceId": "NL-DU-1", "type": "INDIVIDUAL", "status": "ACTIVE", "holderEori": "NL123456789", "issuedBy": "NL-CDIU", "validFrom": "2025-01-01", "validUntil": "2026-12-31", "destinations": ["CN"], "lines": [{"lineNo": 1, "controlCode": "6A002", "quantity": {"amount": "100", "unit": "NAR"}}]}}
{"declaration": {"mrn": "25NL0000000000009P"}}
JSON
declaration() {
  echo '{"declaration": {"mrn": "'$1'", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z", "declarationType": "EX", "procedure": "1000", "exporter": {"eori": "NL123456789", "name": "V", "country": "NL"}, "consignee": {"name": "S", "country": "CN"}, "destinationCountry": "CN", "officeOfExport": "NL000396", "items": [{"itemNo": 1, "cnCode": "85414900", "quantity": {"amount": "'$2'", "unit": "NAR"}, "valueEur": "100", "controlCode": "6A002.a.3", "documents": [{"code": "X060", "reference": "NL-DU-1"}]}]}}'
}
{ declaration 25NL0000000000001P 40; declaration 25NL0000000000002P 80; } > declarations.jsonl

# A licence authority: one licence applied, the declaration in its stream refused (exit 2).
run licence apply licences.jsonl $(as licensing) > apply.out 2> apply.err
[ $? -eq 2 ] || fail "licence apply: expected exit 2 for a refused event"
grep -q '"applied":"1"' apply.out || fail "licence apply summary: $(cat apply.out)"
grep -q '"refused":"1"' apply.out || fail "licence apply summary: $(cat apply.out)"
grep -q 'event 2: INVALID_ARGUMENT' apply.err || fail "licence apply errors: $(cat apply.err)"

# A customs system: 40 NAR clear, then 80 NAR exceed the 60 left and are held.
run submit declarations.jsonl $(as customs) > submit.out || fail "submit failed"
grep -q '"mrn":"25NL0000000000001P".*"status":"CLEARED"' submit.out || fail "submit: $(cat submit.out)"
grep -q '"mrn":"25NL0000000000002P".*"status":"HELD"' submit.out || fail "submit: $(cat submit.out)"

# An officer: the hold with its reason, then the refusal.
run holds watch --office NL000396 --max 1 $(as officer) > holds.out || fail "holds watch failed"
grep -q 'HELD 25NL0000000000002P' holds.out || fail "holds watch: $(cat holds.out)"
grep -q 'QUANTITY_EXCEEDED licence NL-DU-1: requested 80 NAR, remaining 60 NAR' holds.out ||
  fail "holds watch reasons: $(cat holds.out)"
run dispose 25NL0000000000002P --refuse --note "no end-user statement" $(as officer) \
  > dispose.out || fail "dispose failed"
grep -q '"status":"REFUSED"' dispose.out || fail "dispose: $(cat dispose.out)"
grep -q '"officerId":"officer-dev"' dispose.out || fail "dispose officer: $(cat dispose.out)"
run decision show 25NL0000000000002P $(as officer) | grep -q '"status":"REFUSED"' ||
  fail "decision show --server"

# Balances and usage, remotely.
run licence show NL-DU-1 $(as licensing) > show.out || fail "licence show --server failed"
grep -q '"consumed":{"amount":"40","unit":"NAR"}' show.out || fail "licence show: $(cat show.out)"
grep -q '"remaining":{"amount":"60","unit":"NAR"}' show.out || fail "licence show: $(cat show.out)"
run usage NL-DU-1 $(as licensing) > usage.out || fail "usage failed"
[ "$(wc -l < usage.out)" -eq 1 ] && grep -q '"action":"CONSUME"' usage.out ||
  fail "usage: $(cat usage.out)"

# The wrong role is refused, and says why.
run dispose 25NL0000000000001P --release $(as customs) 2> denied.err
[ $? -eq 1 ] || fail "dispose as customs: expected exit 1"
grep -q PERMISSION_DENIED denied.err || fail "dispose as customs: $(cat denied.err)"

kill -TERM $server_pid
wait $server_pid || fail "gk-grpc-server exited $? after SIGTERM"
trap - EXIT
echo "PASS: gkctl remote commands"
