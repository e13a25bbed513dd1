#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: pinned Python validators into a
# project-local venv (.venv), and Graphviz from Debian's packages when `dot` is missing. Terraform (with the hashicorp/aws provider in a filesystem mirror,
# TF_PROVIDER_MIRROR, default /opt/tf-plugins) must be on the machine; the tests fail loudly if it
# is not, because BACKUP_DSL_REQUIRE_VALIDATORS=1 is set here.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/pip install --quiet --disable-pip-version-check -r tests/requirements.txt; then
  echo "error: could not install the pinned validators from tests/requirements.txt" >&2
  exit 1
fi

# Graphviz for the graph tests (`synth graph` output must render), from Debian's packages.
if ! command -v dot >/dev/null; then
  echo "installing Graphviz for the graph tests" >&2
  if ! { apt-get update -qq && apt-get install -y -qq graphviz; } >/dev/null; then
    echo "error: could not install graphviz (apt-get install graphviz)" >&2
    exit 1
  fi
fi

export CFN_LINT="$PWD/.venv/bin/cfn-lint"
export BACKUP_DSL_REQUIRE_VALIDATORS=1
"$CFN_LINT" --version

cargo test --workspace --all-features "$@"
