#!/usr/bin/env bash
# Counts of work instead of times: one stack of N resources (and, with COUNTS_SCENARIO=instances,
# N instances of the seed), built and emitted once under callgrind, which counts what the scenario
# executes (instructions, `Ir`) and how often simulated caches of fixed sizes miss: the first
# level (`D1mr`, 32 KiB, reads), and a last level of 1 MiB (`DLmr`, one core's L2 on the project's
# machine) or of 32 MiB (the whole L3, with `COUNTS_LL=33554432,16,64`). Per resource, so that
# linear work shows as a constant column; the same on any machine whatever else it runs, where
# wall-clock times on a shared machine move by a third.
#
#   bench/counts.sh                        # one stack, N = 10 100 1000 10000, Terraform and CloudFormation
#   COUNTS_N="1000 10000" COUNTS_FORMATS=tf bench/counts.sh
#
# Needs valgrind (Debian: apt-get install valgrind; installed when missing). About 2 minutes.
# Not part of the test command; `callgrind_totals`, which reads its output, is unit tested.
set -euo pipefail
cd "$(dirname "$0")/.."
SCENARIO="${COUNTS_SCENARIO:-resources}"
SIZES="${COUNTS_N:-10 100 1000 10000}"
FORMATS="${COUNTS_FORMATS:-tf cfn}"
LL="${COUNTS_LL:-1048576,8,64}"

if ! command -v valgrind >/dev/null; then
  echo "counts: installing valgrind" >&2
  apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi
command -v valgrind >/dev/null || { echo "counts: valgrind is needed and could not be installed" >&2; exit 1; }

cargo build --quiet --release -p stacks --bin bench_counts
BIN="$PWD/target/release/bench_counts"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

rows=()
for format in $FORMATS; do
  for n in $SIZES; do
    file="$OUT/$SCENARIO-$n-$format.out"
    resources=$(valgrind --tool=callgrind --cache-sim=yes --LL="$LL" \
      --toggle-collect='bench_counts::measured' --callgrind-out-file="$file" \
      "$BIN" run "$SCENARIO" "$n" "$format" 2>"$OUT/valgrind.log") \
      || { cat "$OUT/valgrind.log" >&2; exit 1; }
    rows+=("$SCENARIO $n $format" "$resources" "$file")
  done
done
echo "== $SCENARIO, per resource (last level: $LL)"
"$BIN" report "${rows[@]}"
