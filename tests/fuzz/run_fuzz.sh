#!/usr/bin/env bash
# Fuzzes the event decoders for SECONDS each:
#   tests/fuzz/run_fuzz.sh SECONDS
# Configures build-fuzz/ in the repository with clang, AddressSanitizer and libFuzzer
# coverage (GK_FUZZ=ON), builds the fuzzers, and runs each on the seed corpus
# (tests/fuzz/corpus, also encoded as binary Events) plus what earlier runs found
# (build-fuzz/fuzz/corpus-<name>). Exit status 1 when a fuzzer finds a crash or a
# violated property; the input is saved as build-fuzz/fuzz/artifacts/<name>-crash-*
# and is reproduced by running the fuzzer binary on that file. Inputs are at most
# 16 KiB (enough to cross the 4 KiB string limit; the 1 MiB event limit is a plain size
# check covered by tests/codec).
# Environment: JOBS (build parallelism, default 2), CXX (default clang++).
set -euo pipefail

if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 -lt 1 ]]; then
  echo "usage: $0 SECONDS   (fuzzing time per decoder)" >&2
  exit 64
fi
seconds=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build-fuzz
work=$build/fuzz

cmake -S "$repo" -B "$build" -DGK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,fuzzer-no-link -fno-omit-frame-pointer" >/dev/null
cmake --build "$build" -j"${JOBS:-2}" \
  --target decode_event_json_fuzzer decode_event_binary_fuzzer read_binary_event_file_fuzzer \
  fuzz_seed_tool

mkdir -p "$work/artifacts" "$work/corpus-decode_event_json_fuzzer" \
  "$work/corpus-decode_event_binary_fuzzer" "$work/corpus-read_binary_event_file_fuzzer"
"$build/tests/fuzz/fuzz_seed_tool" binary "$repo/tests/fuzz/corpus" "$work/seeds-binary"
"$build/tests/fuzz/fuzz_seed_tool" event-file "$repo/tests/fuzz/corpus" "$work/seeds-event-file"
"$build/tests/fuzz/fuzz_seed_tool" dictionary "$work/json.dict"

failed=0
run() {
  local name=$1 seeds=$2
  shift 2
  echo "== $name: ${seconds}s" >&2
  # The first corpus directory receives new inputs; the seeds stay untouched.
  if ! "$build/tests/fuzz/$name" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$name-" "$@" \
      "$work/corpus-$name" "$seeds"; then
    echo "== $name FAILED: see $work/artifacts/$name-*" >&2
    failed=1
  fi
}
run decode_event_json_fuzzer "$repo/tests/fuzz/corpus" -dict="$work/json.dict"
run decode_event_binary_fuzzer "$work/seeds-binary"
run read_binary_event_file_fuzzer "$work/seeds-event-file"
exit $failed
