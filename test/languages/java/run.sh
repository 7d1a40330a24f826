#!/usr/bin/env bash
# Java smoke test: builds and runs the Maven project here against the cdk-eks-netkit jar this run built (dist/java,
# from `npx projen package:java`, a Maven repository layout). Surefire's XML reports are copied to $1 (a directory).
# MAVEN_OPTS=-Dmaven.repo.local=… picks the local repository (CI uses a throwaway one, see .ci/run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
reports="$(realpath -m "${1:-$root/test-reports/java}")"
repo="$root/dist/java"
poms=("$repo"/io/github/cdk-eks-netkit/cdk-eks-netkit/*/cdk-eks-netkit-*.pom)
[ -f "${poms[0]}" ] || { echo "no jar in dist/java: run npx projen package:java first" >&2; exit 1; }
version="$(basename "$(dirname "${poms[0]}")")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/pom.xml" "$here/src" "$work/"
status=0
(cd "$work" && mvn -B -q -Dstyle.color=never "-Dnetkit.repository=$repo" "-Dnetkit.version=$version" test) || status=$?
mkdir -p "$reports"
cp "$work"/target/surefire-reports/TEST-*.xml "$reports/" 2>/dev/null || true
exit "$status"
