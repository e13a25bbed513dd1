#!/usr/bin/env bash
# Side by side with the seed's own tool (CDK for Terraform), measured alternately in one run:
#
#   1. synth of N instances of the seed into one Terraform document, N in $COMPARE_N
#      (default "1 10 50 200"): our release `synth --instance ...` against `node main.js N` of
#      the seed compiled as a cdktf app (bench/seed/);
#   2. the edit loop: one changed line in the seed, then `cargo build` + synth against `tsc` +
#      node synth;
#   3. the same edit with `synth --watch` running (the edit carried into the compiled stack, no
#      build): from the edit to the new document written, against the same `tsc` + node synth.
#
# Whole processes under GNU time: wall time, CPU time (user + system) and peak memory, median
# (min-max) of $COMPARE_RUNS runs (default 5), and how many times more the seed's tool takes.
# Results are appended, one JSON line per row, to target/bench/compare.jsonl.
#
# Needs npm (the pinned packages of bench/seed/package.json go into bench/.cache/) and GNU time
# (installed from Debian's packages when missing). Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RUNS="${COMPARE_RUNS:-5}"
SIZES="${COMPARE_N:-1 10 50 200}"
CACHE="$ROOT/bench/.cache/node"
RESULTS="$ROOT/target/bench/compare.jsonl"

if [ ! -x /usr/bin/time ]; then
  echo "compare: installing GNU time" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
command -v npm >/dev/null || { echo "compare: npm is needed (Debian: apt-get install npm)" >&2; exit 1; }

# The seed's tool, pinned, installed once.
mkdir -p "$CACHE"
if ! cmp -s bench/seed/package.json "$CACHE/package.json" || [ ! -d "$CACHE/node_modules/cdktf" ]; then
  cp bench/seed/package.json "$CACHE/package.json"
  (cd "$CACHE" && npm install --no-audit --no-fund --loglevel=error)
fi
APP="$CACHE/app"
rm -rf "$APP" && mkdir -p "$APP"
cp -r bench/seed/lib bench/seed/main.ts bench/seed/tsconfig.json "$APP/"
ln -sfn ../node_modules "$APP/node_modules"
# The seed does not type-check (its defects D2 and D3 are type errors); tsc still emits, as the
# seed's own build did.
(cd "$APP" && ./node_modules/.bin/tsc -p . >/dev/null || true)
test -f "$APP/dist/main.js"

cargo build --release --quiet -p stacks --bin synth --bin bench_compare
SYNTH="$ROOT/target/release/synth"
COMPARE="$ROOT/target/release/bench_compare"
mkdir -p "$ROOT/target/bench"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "== synth of N instances into one Terraform document ($RUNS runs each, alternately)"
for n in $SIZES; do
  instances=()
  for ((i = 0; i < n; i++)); do instances+=(--instance "env=e$i"); done
  if [ "$n" = 1 ]; then instances=(); fi
  "$COMPARE" --runs "$RUNS" --label "N=$n" --json "$RESULTS" \
    --ours "$SYNTH" --format tf --stack backup_infrastructure "${instances[@]}" --out "$OUT/ours" \
    --theirs node "$APP/dist/main.js" "$n" "$OUT/theirs"
done

echo "== edit loop: one changed line, then build and synth"
# Ours: the seed port's log retention, 365 -> 400 -> 365 (both valid), each run a real rebuild.
EDIT_RS="$ROOT/stacks/src/seed.rs"
EDIT_TS="$APP/lib/backup-infrastructure-stack.ts"
cp "$EDIT_RS" "$OUT/seed.rs.orig"
restore() { cp "$OUT/seed.rs.orig" "$EDIT_RS"; }
trap 'restore; rm -rf "$OUT"' EXIT
cargo build --quiet -p stacks --bin synth
cat > "$OUT/ours.sh" <<EOF
set -e
if grep -q 'retention_days: 365,' "$EDIT_RS"; then
  sed -i '0,/retention_days: 365,/s//retention_days: 400,/' "$EDIT_RS"
else
  sed -i '0,/retention_days: 400,/s//retention_days: 365,/' "$EDIT_RS"
fi
cd "$ROOT" && cargo build --quiet -p stacks --bin synth
"$ROOT/target/debug/synth" --format tf --stack backup_infrastructure --out "$OUT/ours-edit" >/dev/null
EOF
cat > "$OUT/theirs.sh" <<EOF
set -e
if grep -q 'retentionInDays: 30,' "$EDIT_TS"; then
  sed -i '0,/retentionInDays: 30,/s//retentionInDays: 31,/' "$EDIT_TS"
else
  sed -i '0,/retentionInDays: 31,/s//retentionInDays: 30,/' "$EDIT_TS"
fi
cd "$APP" && (./node_modules/.bin/tsc -p . >/dev/null || true) && node dist/main.js 1 "$OUT/theirs-edit" >/dev/null
EOF
"$COMPARE" --runs "$RUNS" --label "edit loop" --json "$RESULTS" \
  --ours bash "$OUT/ours.sh" --theirs bash "$OUT/theirs.sh"
restore
cargo build --quiet -p stacks --bin synth

echo "== edit loop with synth --watch: one changed line to the new document"
# The watch runs the debug build of the unedited seed (as the loop above), and reports each
# synthesis on a line of its log; our side of a run is the edit, then waiting for that line
# (polled every 2 ms: the figure includes up to 2 ms of polling, and the watch's own 10 ms).
WATCH_LOG="$OUT/watch.log"
"$ROOT/target/debug/synth" --watch --format tf --stack backup_infrastructure --out "$OUT/ours-watch" >"$WATCH_LOG" 2>&1 &
WATCH_PID=$!
trap 'kill "$WATCH_PID" 2>/dev/null || true; restore; rm -rf "$OUT"' EXIT
for _ in $(seq 1 500); do
  grep -q 'watch: synthesized' "$WATCH_LOG" && break
  sleep 0.01
done
grep -q 'watch: synthesized' "$WATCH_LOG" || { cat "$WATCH_LOG" >&2; echo "compare: the watch did not start" >&2; exit 1; }
cat > "$OUT/ours-watch.sh" <<EOF
set -e
before=\$(grep -c 'watch: synthesized' "$WATCH_LOG")
if grep -q 'retention_days: 365,' "$EDIT_RS"; then
  sed -i '0,/retention_days: 365,/s//retention_days: 400,/' "$EDIT_RS"
else
  sed -i '0,/retention_days: 400,/s//retention_days: 365,/' "$EDIT_RS"
fi
for _ in \$(seq 1 5000); do
  [ "\$(grep -c 'watch: synthesized' "$WATCH_LOG")" -gt "\$before" ] && exit 0
  sleep 0.002
done
echo "the watch did not synthesize the edit" >&2
exit 1
EOF
"$COMPARE" --runs "$RUNS" --label "edit loop, synth --watch" --json "$RESULTS" \
  --ours bash "$OUT/ours-watch.sh" --theirs bash "$OUT/theirs.sh"
kill "$WATCH_PID" 2>/dev/null || true
if grep -q 'rebuilding' "$WATCH_LOG"; then
  cat "$WATCH_LOG" >&2
  echo "compare: the watch rebuilt instead of carrying the edit" >&2
  exit 1
fi
echo "the watch's own figures (from reading the edit to the document written):"
grep 'watch: synthesized' "$WATCH_LOG" | tail -n +2 | sed -E 's/.* in ([0-9.]+) ms.*/\1/' | sort -n |
  awk '{a[NR]=$1} END {print "  median " a[int((NR+1)/2)] " ms, min " a[1] " ms, max " a[NR] " ms, " NR " edits"}'
restore
echo "results appended to $RESULTS"
