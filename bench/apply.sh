#!/usr/bin/env bash
# Apply side by side, in one run: `synth apply` (through the AWS SDK) against `terraform apply`
# of our own Terraform output, both of the bundled core stack's emulator subset (vaults with
# their locks in two Regions, a plan with a cross-Region copy, a report plan: the types the
# local emulator implements; stacks::emulator_subset), against the same local moto server on
# 127.0.0.1, reset between tools. For each tool: the first apply, then a no-change re-apply.
# Wall time of the whole process (median, min-max of $APPLY_RUNS runs, default 3) and the number
# of HTTP requests the emulator served (from its request log; the SDK's retries of what the
# emulator answers with a 500 count), and of those the writes.
#
# Needs the project's .venv (scripts/test.sh makes it), terraform and the hashicorp/aws provider
# (a filesystem mirror: $TF_PROVIDER_MIRROR, default /opt/tf-plugins). Not part of the tests.
# Results are appended, one JSON line per row, to target/bench/apply.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RUNS="${APPLY_RUNS:-3}"
MIRROR="${TF_PROVIDER_MIRROR:-/opt/tf-plugins}"
WORK="$ROOT/target/bench/apply"
RESULTS="$ROOT/target/bench/apply.jsonl"
mkdir -p "$WORK"
[ -x .venv/bin/python ] || { echo "apply bench: run scripts/test.sh first (it makes .venv with moto)" >&2; exit 1; }
command -v terraform >/dev/null || { echo "apply bench: terraform is needed" >&2; exit 1; }

cargo build --release -q -p stacks --features aws --bin bench_apply
BIN="$ROOT/target/release/bench_apply"

# Fake credentials for the emulator only; the standard chain is kept off the host's files.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
LOG="$WORK/moto.log"
.venv/bin/python tests/moto_server.py -H 127.0.0.1 -p "$PORT" 2>"$LOG" >/dev/null &
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
reset() { curl -s -X POST "$URL/moto-api/reset" >/dev/null; }
requests() { grep -c '" [0-9][0-9][0-9] ' "$LOG" || true; }
# Writes: what is neither a read (GET) nor STS's account lookup (a POST to /) nor the reset.
writes() { grep '" [0-9][0-9][0-9] ' "$LOG" | grep -v '"GET ' | grep -v '"POST / HTTP' | grep -vc 'moto-api' || true; }

# Terraform: our document with the providers pointed at the emulator.
TF="$WORK/tf"
rm -rf "$TF" && mkdir -p "$TF"
"$BIN" tf "$TF/main.tf.json"
.venv/bin/python - "$TF/main.tf.json" "$URL" <<'PY'
import json, sys
path, url = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
for p in doc["provider"]["aws"]:
    p.update({
        "access_key": "testing", "secret_key": "testing",
        "skip_credentials_validation": True, "skip_requesting_account_id": True,
        "skip_metadata_api_check": "true", "skip_region_validation": True,
        "endpoints": [{"backup": url, "sts": url, "kms": url, "iam": url}],
    })
json.dump(doc, open(path, "w"), indent=2)
PY
cat >"$TF/cli.tfrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$TF/cli.tfrc"
(cd "$TF" && terraform init -input=false -no-color >/dev/null)

# One measured phase: wall seconds, requests and writes served.
measure() { # name phase command...
  local name=$1 phase=$2; shift 2
  local before_r before_w start end
  before_r=$(requests); before_w=$(writes)
  start=$(date +%s.%N)
  "$@" >"$WORK/last.out" 2>&1 || { cat "$WORK/last.out" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$name $phase $(echo "$end - $start" | bc) $(( $(requests) - before_r )) $(( $(writes) - before_w ))"
}

ROWS="$WORK/rows.txt"
: >"$ROWS"
for run in $(seq 1 "$RUNS"); do
  reset
  measure "synth-apply" first "$BIN" apply "$URL" >>"$ROWS"
  measure "synth-apply" again "$BIN" apply "$URL" >>"$ROWS"
  reset
  rm -f "$TF/terraform.tfstate" "$TF/terraform.tfstate.backup"
  measure "terraform-apply" first terraform -chdir="$TF" apply -auto-approve -input=false -no-color >>"$ROWS"
  measure "terraform-apply" again terraform -chdir="$TF" apply -auto-approve -input=false -no-color >>"$ROWS"
done

.venv/bin/python - "$ROWS" "$RESULTS" <<'PY'
import json, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
out = open(sys.argv[2], "a")
table = {}
for tool, phase, wall, req, wr in rows:
    table.setdefault((tool, phase), []).append((float(wall), int(req), int(wr)))
print(f"{'tool':<16} {'phase':<6} {'wall s median (min-max)':<26} {'requests':>8} {'writes':>6}")
for (tool, phase), samples in table.items():
    walls = [s[0] for s in samples]
    reqs = sorted(s[1] for s in samples)
    wrs = sorted(s[2] for s in samples)
    med = statistics.median(walls)
    print(f"{tool:<16} {phase:<6} {med:.2f} ({min(walls):.2f}-{max(walls):.2f}){'':<10} {reqs[len(reqs)//2]:>8} {wrs[len(wrs)//2]:>6}")
    out.write(json.dumps({"tool": tool, "phase": phase, "wall_s_median": med, "wall_s_min": min(walls), "wall_s_max": max(walls), "requests": reqs[len(reqs)//2], "writes": wrs[len(wrs)//2], "runs": len(samples)}) + "\n")
PY
