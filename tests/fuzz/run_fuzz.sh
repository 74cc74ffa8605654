#!/usr/bin/env bash
# What ./gk test runs: every fuzz target for SECONDS each, on its checked-in corpus
# (tests/fuzz/corpus/<target>/, which holds the reproducer of every bug fuzzing found) plus
# what earlier runs found:
#   tests/fuzz/run_fuzz.sh SECONDS
# A thin wrapper over tools/fuzz/run (build-fuzz/, ASan + UBSan, one line per target, exit 1
# with the reproducer's path on a crash). Environment: JOBS (build parallelism, default 2).
set -euo pipefail

if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 -lt 1 ]]; then
  echo "usage: $0 SECONDS   (fuzzing time per target)" >&2
  exit 64
fi
exec "$(dirname "$0")/../../tools/fuzz/run" --seconds "$1" --jobs "${JOBS:-2}"
