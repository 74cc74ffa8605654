#!/bin/bash
# Issue 15 item 4: `gkctl holds watch` rides out server outages. A real gk-grpc-server is
# killed (SIGKILL, 6 s down) and stopped (SIGTERM, 2 s down) under a running watch, and
# restarted on the same port and store: the watch reconnects within its backoff cap,
# resumes after the last hold it printed (every hold once, none missing), and says so on
# stderr, one "connection lost" and one "reconnected" line per outage. With no server,
# --give-up-after ends the watch after that long, exit 1, naming where to resume.
#
# usage: gkctl_holds_watch_reconnect_test.sh GKCTL GK_GRPC_SERVER MAKE_DEV_CERTS WORK_DIR
set -u
gkctl=$(realpath "$1") server=$(realpath "$2") make_certs=$(realpath "$3") work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
"$make_certs" certs > /dev/null || { echo "FAIL: make-dev-certs"; exit 1; }

server_pid= watch_pid=
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2> /dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  echo "--- holds.out"; cat holds.out
  echo "--- holds.err"; cat holds.err
  echo "--- server.log"; cat server.log
  exit 1
}

# start_server LISTEN: runs gk-grpc-server on the store in data/, sets $address.
start_server() {
  : > server.out
  "$server" --data-dir data --grpc-listen "$1" --tls-ca certs/ca.pem \
    --tls-cert certs/server.pem --tls-key certs/server.key > server.out 2>> server.log &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "listening on" server.out && break
    sleep 0.1
  done
  address=$(sed -n 's/^listening on \([^ ]*\).*/\1/p' server.out)
  [ -n "$address" ] || fail "the server did not start on $1"
}
as() { echo "--server $address --ca certs/ca.pem --cert certs/$1.pem --key certs/$1.key"; }

# hold N: submits declaration N, held (its licence does not exist).
hold() {
  local mrn
  mrn=$(printf '25NL%013dX' "$1")
  echo '{"declaration": {"mrn": "'"$mrn"'", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z", "declarationType": "EX", "procedure": "1000", "exporter": {"eori": "NL123456789", "name": "V", "country": "NL"}, "consignee": {"name": "S", "country": "CN"}, "destinationCountry": "CN", "officeOfExport": "NL000396", "items": [{"itemNo": 1, "cnCode": "85414900", "quantity": {"amount": "1", "unit": "NAR"}, "valueEur": "100", "controlCode": "6A002.a.3", "documents": [{"code": "X060", "reference": "NL-DU-NONE"}]}]}}' > "hold$1.jsonl"
  timeout 20 "$gkctl" submit "hold$1.jsonl" $(as customs) > /dev/null 2>> submit.err ||
    fail "submit of hold $1"
}

# printed N WITHIN_S: waits until the watch printed hold N; fails after WITHIN_S seconds.
printed() {
  local mrn
  mrn=$(printf '25NL%013dX' "$1")
  for _ in $(seq $(($2 * 10))); do
    grep -q " HELD $mrn " holds.out && return 0
    sleep 0.1
  done
  fail "hold $1 was not printed within $2 s"
}

start_server 127.0.0.1:0
fixed=$address
timeout 120 "$gkctl" holds watch --office NL000396 --max 4 $(as officer) > holds.out 2> holds.err &
watch_pid=$!
hold 1
printed 1 10

# Outage 1: killed, 6 s down (more than the backoff's cap), back on the same port.
kill -KILL "$server_pid"; wait "$server_pid" 2> /dev/null
sleep 6
start_server "$fixed"
started_ns=$(date +%s%N)
hold 2
printed 2 8
echo "outage 1 (SIGKILL, 6 s): hold 2 printed $((($(date +%s%N) - started_ns) / 1000000)) ms" \
  "after the restart"

# Outage 2: a clean stop, 2 s down.
kill -TERM "$server_pid"; wait "$server_pid" 2> /dev/null
sleep 2
start_server "$fixed"
hold 3
hold 4
printed 4 8
wait "$watch_pid" || fail "holds watch --max 4 exited $?"
watch_pid=

# Every hold once, in order, none twice.
[ "$(grep -c ' HELD ' holds.out)" -eq 4 ] || fail "expected 4 holds printed"
for n in 1 2 3 4; do
  [ "$(grep -c " HELD $(printf '25NL%013dX' $n) " holds.out)" -eq 1 ] || fail "hold $n not once"
done
# One line per outage each way, naming the sequence it resumed after.
[ "$(grep -c 'connection lost (UNAVAILABLE' holds.err)" -eq 2 ] || fail "expected 2 'connection lost' lines"
grep -q 'retrying in 100ms, then at most 5s apart' holds.err || fail "no backoff on stderr"
[ "$(grep -c 'reconnected after' holds.err)" -eq 2 ] || fail "expected 2 'reconnected' lines"
first_sequence=$(sed -n 's/^\([0-9]*\) HELD.*/\1/p' holds.out | head -1)
second_sequence=$(sed -n 's/^\([0-9]*\) HELD.*/\1/p' holds.out | sed -n 2p)
grep -q "reconnected after .*, resuming after sequence $first_sequence\$" holds.err ||
  fail "the first reconnection does not resume after sequence $first_sequence"
grep -q "reconnected after .*, resuming after sequence $second_sequence\$" holds.err ||
  fail "the second reconnection does not resume after sequence $second_sequence"
[ "$(wc -l < holds.err)" -eq 4 ] || fail "expected exactly 4 lines on stderr"

# No server at all: --give-up-after 2s gives up after about that long.
kill -TERM "$server_pid"; wait "$server_pid" 2> /dev/null
server_pid=
start=$(date +%s)
timeout 20 "$gkctl" holds watch --give-up-after 2s --after-sequence 9 $(as officer) \
  > giveup.out 2> giveup.err
status=$?
elapsed=$(($(date +%s) - start))
[ $status -eq 1 ] || { cat giveup.err; fail "--give-up-after: exit $status, expected 1"; }
[ $elapsed -ge 2 ] && [ $elapsed -le 8 ] || fail "--give-up-after 2s took $elapsed s"
grep -q 'cannot connect (UNAVAILABLE' giveup.err || { cat giveup.err; fail "--give-up-after: no 'cannot connect'"; }
grep -q 'giving up (--give-up-after 2s); resume with --after-sequence 9' giveup.err ||
  { cat giveup.err; fail "--give-up-after: no final message"; }

trap - EXIT
echo "PASS: gkctl holds watch reconnects"
