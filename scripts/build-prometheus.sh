#!/usr/bin/env bash
# Builds Prometheus from the github.com/prometheus/prometheus Go module and prints the binary's path. Debian's
# prometheus package is built without Kubernetes service discovery, which the scrape configuration test needs. Only
# the Kubernetes discovery plugin is compiled in (build tags remove_all_sd,enable_kubernetes_sd) and no web UI assets
# (no builtinassets tag): the test uses the scrape engine and the HTTP API only. Cached per version under the netkit
# cache directory, so the build runs once per machine; concurrent callers wait on one lock and then reuse it.
#   usage: scripts/build-prometheus.sh [--cached] [version]   (default: the version the cluster tests run, 3.16.0)
#   --cached: print the path of an existing build, or fail saying how to build it (what the tests call).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/go-cache.sh
. "$here/go-cache.sh"

cached_only=false
if [ "${1:-}" = --cached ]; then cached_only=true; shift; fi
version="${1:-${PROMETHEUS_VERSION:-3.16.0}}"
version="${version#v}"
IFS=. read -r major minor patch <<<"$version"
if [ "$major" != 3 ] || [ -z "$minor" ] || [ -z "$patch" ]; then
  echo "Prometheus version ${version}: expected 3.<minor>.<patch>" >&2
  exit 1
fi
# Prometheus 3.x is published as Go module versions v0.3<minor, two digits>.<patch> (3.16.0 is v0.316.0).
module_version="$(printf 'v0.3%02d.%s' "$minor" "$patch")"
out_dir="${NETKIT_CACHE_DIR}/prometheus/v${version}"
binary="${out_dir}/prometheus"

reports_version() { "$1" --version 2>/dev/null | head -n1 | grep -q "^prometheus, version ${version} "; }

if [ "$cached_only" = true ]; then
  if [ -x "$binary" ] && reports_version "$binary"; then
    echo "$binary"
    exit 0
  fi
  echo "prometheus ${version} is not built (the scrape configuration test runs it): run bash scripts/build-prometheus.sh ${version} once on this machine (about 5 CPU-minutes; .ci/run does it before the tests)" >&2
  exit 1
fi

mkdir -p "$out_dir"
exec 9>"${out_dir}.lock"
flock 9
if [ -x "$binary" ] && reports_version "$binary"; then
  echo "$binary"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
module_json="$(go mod download -json "github.com/prometheus/prometheus@${module_version}")"
gomod="$(printf '%s' "$module_json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[ -f "$gomod" ] || { echo "go mod download github.com/prometheus/prometheus@${module_version} gave no go.mod" >&2; exit 1; }
go_line="$(grep -m1 '^go [0-9]' "$gomod")"
{
  echo "module netkit.local/prometheus-build"
  echo
  echo "$go_line"
  echo
  echo "require github.com/prometheus/prometheus ${module_version}"
} >go.mod

ldflags="-s -w"
ldflags+=" -X github.com/prometheus/common/version.Version=${version}"
ldflags+=" -X github.com/prometheus/common/version.Revision=${module_version}"
ldflags+=" -X github.com/prometheus/common/version.Branch=module-proxy"
echo "building prometheus ${version} (${module_version}) from the Go module proxy (cached in ${out_dir}; about 5 CPU-minutes once)" >&2
# -mod=mod resolves the dependency graph from the Prometheus module's own requirements.
CGO_ENABLED=0 nice -n 10 go build -mod=mod -trimpath -tags remove_all_sd,enable_kubernetes_sd -ldflags "$ldflags" \
  -o "$work/prometheus" github.com/prometheus/prometheus/cmd/prometheus
reports_version "$work/prometheus" || {
  echo "built prometheus reports '$("$work/prometheus" --version 2>&1 | head -n1)', expected ${version}" >&2
  exit 1
}
mv -f "$work/prometheus" "$binary"
echo "$binary"
