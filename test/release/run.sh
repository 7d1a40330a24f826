#!/usr/bin/env bash
# The release's publish steps, dry-run on the packages this CI run built in dist/ (npm, PyPI, Maven Central, Go), plus
# actionlint over the generated release workflow and a version bump in a scratch clone. No credentials: nothing is
# uploaded. JUnit XML goes to $1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
report="$(realpath -m "${1:-$root/test-reports/release.xml}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cd "$here"
PATH="$work/venv/bin:$PATH" "$work/venv/bin/python" -m pytest -p no:cacheprovider -q --junitxml="$report" test_release_dry_run.py
