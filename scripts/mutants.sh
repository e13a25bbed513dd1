#!/usr/bin/env bash
# Mutation testing of the rules: changes one operator or branch at a time in
# backup-dsl/src/rules/ and runs backup-dsl's tests; a mutant no test notices is a rule whose
# bound can move unseen.
#
#   scripts/mutants.sh            the rules changed since the previous commit (what CI runs)
#   scripts/mutants.sh BASE       the rules changed since BASE (a commit)
#   scripts/mutants.sh --all      every rule (about 1,200 mutants; half an hour on two cores)
#
# cargo-mutants is installed, pinned, into .tools/ when there is something to test. Exits
# non-zero when a mutant survives; the survivors are in target/mutants/mutants.out/missed.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

args=(-p backup-dsl --timeout 120 --output target/mutants)
mkdir -p target
if [ "${1:-}" = "--all" ]; then
  selection=(--file 'backup-dsl/src/rules/*.rs')
else
  base="${1:-HEAD~1}"
  if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    echo "mutants: no commit $base here (a shallow clone?); nothing to compare against" >&2
    exit 0
  fi
  # Test code is not mutated; only the rules' own lines count.
  git diff "$base" -- 'backup-dsl/src/rules/' > target/rules.diff
  if [ ! -s target/rules.diff ]; then
    echo "mutants: no rule changed since $base"
    exit 0
  fi
  selection=(--in-diff target/rules.diff)
fi

MUTANTS_VERSION=27.1.0
if ! .tools/bin/cargo-mutants --version 2>/dev/null | grep -q "$MUTANTS_VERSION"; then
  cargo install cargo-mutants --locked --version "$MUTANTS_VERSION" --root .tools --quiet
fi
export PATH="$PWD/.tools/bin:$PATH"
# Most of a mutant's cost is its build: no debug info.
export CARGO_PROFILE_DEV_DEBUG=0
status=0
cargo mutants "${args[@]}" "${selection[@]}" -- --lib || status=$?
# Exit 3 is timeouts: a mutant that makes the tests run past the limit changed what they see
# (`Cx::position` answering `None` turns a 10,000-reference chain test quadratic). Counted as
# caught unless a mutant was also missed, which exit 3 can hide.
if [ "$status" = 3 ] && [ ! -s target/mutants/mutants.out/missed.txt ]; then
  echo "mutants: the timeouts above are counted as caught; none missed"
  status=0
fi
exit "$status"
