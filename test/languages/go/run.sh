#!/usr/bin/env bash
# Go smoke test: `go test` against the module this run built (dist/go, from `npx projen package:go`) through the
# replace directive in go.mod. Writes a JUnit summary of the test results to $1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
report="$(realpath -m "${1:-$root/test-reports/go.xml}")"
[ -f "$root/dist/go/cdkeksnetkit/go.mod" ] || { echo "no module in dist/go: run npx projen package:go first" >&2; exit 1; }
mkdir -p "$(dirname "$report")"
cd "$here"
status=0
go test -count=1 -json ./... > "$report.json" || status=$?
# One JUnit test case per Go test and subtest that passed or failed; the parent of failed subtests counts as well.
python3 - "$report.json" "$report" <<'PY'
import json, sys
from xml.sax.saxutils import quoteattr
results = {}
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event.get("Test") and event["Action"] in ("pass", "fail", "skip"):
        results[event["Test"]] = event["Action"]
cases = "".join(
    f'<testcase name={quoteattr(name)}>' + ('<failure/>' if action == "fail" else '<skipped/>' if action == "skip" else '') + '</testcase>'
    for name, action in results.items()
)
failed = sum(a == "fail" for a in results.values())
skipped = sum(a == "skip" for a in results.values())
open(sys.argv[2], "w").write(
    f'<testsuites><testsuite name="go" tests="{len(results)}" failures="{failed}" errors="0" skipped="{skipped}">{cases}</testsuite></testsuites>\n'
)
print(f"go test: {len(results) - failed - skipped} passed, {failed} failed, {skipped} skipped")
PY
rm -f "$report.json"
exit "$status"
