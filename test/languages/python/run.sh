#!/usr/bin/env bash
# Python smoke test: installs the wheel this run built (dist/python, from `npx projen package:python`) into a fresh
# virtualenv with aws-cdk-lib and constructs from PyPI, then runs test_smoke.py. JUnit XML goes to $1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
report="$(realpath -m "${1:-$root/test-reports/python.xml}")"
wheels=("$root"/dist/python/cdk_eks_netkit-*.whl)
[ -f "${wheels[0]}" ] || { echo "no wheel in dist/python: run npx projen package:python first" >&2; exit 1; }
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" "${wheels[0]}"
cd "$here"
"$venv/bin/python" -m pytest -p no:cacheprovider -q --junitxml="$report" test_smoke.py
