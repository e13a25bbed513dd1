#!/usr/bin/env bash
# The macro's own cost: `cargo check` of a crate holding one generated `stack!` of N resources
# (groups of a key, a vault encrypted with it, and a plan copying to the previous vault), after a
# touch of its source, so that only the macro's expansion and the crate's own type check run.
# Median (min-max) of $MACRO_RUNS runs (default 3); sizes in $MACRO_N (default "10 100 1000
# 2000 4000"). Appends JSON lines to target/bench/macro_cost.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RUNS="${MACRO_RUNS:-3}"
SIZES="${MACRO_N:-10 100 1000 2000 4000}"
CRATE="$ROOT/target/bench/macro-cost"
export CARGO_TARGET_DIR="$ROOT/target/bench/macro-cost-target"
RESULTS="$ROOT/target/bench/macro_cost.jsonl"
mkdir -p "$CRATE/src"
cat > "$CRATE/Cargo.toml" <<EOF
[package]
name = "macro-cost"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
backup-dsl = { path = "$ROOT/backup-dsl" }
backup-dsl-macros = { path = "$ROOT/backup-dsl-macros" }
EOF

generate() {
  local resources=$1 groups i
  groups=$(((resources + 2) / 3))
  {
    echo 'use backup_dsl_macros::stack;'
    echo 'stack! {'
    echo '    #[region("us-east-1")]'
    echo '    pub fn generated() {'
    for ((i = 0; i < groups; i++)); do
      echo "        let key_$i = kms::Key { description: \"key $i\" };"
      echo "        let vault_$i = backup::Vault { name: \"vault-$i\", kms_key: key_$i };"
      if [ "$i" -gt 0 ]; then
        echo "        let plan_$i = backup::Plan { name: \"plan-$i\", rules: [Rule { name: \"daily\", vault: vault_$i, schedule: \"cron(0 2 * * ? *)\", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_$((i - 1)) }] }] };"
      else
        echo "        let plan_$i = backup::Plan { name: \"plan-$i\", rules: [Rule { name: \"daily\", vault: vault_$i, schedule: \"cron(0 2 * * ? *)\", lifecycle: Lifecycle { delete_after_days: 35 } }] };"
      fi
    done
    echo '    }'
    echo '}'
    echo 'fn main() { let _ = generated(); }'
  } > "$CRATE/src/main.rs"
}

printf '%-10s %-28s %s\n' resources 'cargo check s, median (min-max)' 'ms per resource'
for n in $SIZES; do
  generate "$n"
  (cd "$CRATE" && cargo check --quiet)
  times=()
  for ((r = 0; r < RUNS; r++)); do
    touch "$CRATE/src/main.rs"
    start=$(date +%s.%N)
    (cd "$CRATE" && cargo check --quiet)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  median=$(echo "$sorted" | sed -n "$(((RUNS + 1) / 2))p")
  min=$(echo "$sorted" | head -1)
  max=$(echo "$sorted" | tail -1)
  per=$(echo "$median * 1000 / $n" | bc -l)
  printf '%-10s %-28s %.3f\n' "$n" "$(printf '%.2f (%.2f-%.2f)' "$median" "$min" "$max")" "$per"
  printf '{"resources": %s, "median_s": %s, "min_s": %s, "max_s": %s}\n' "$n" "$median" "$min" "$max" >> "$RESULTS"
done
