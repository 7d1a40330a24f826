#!/usr/bin/env bash
# Builds kube-apiserver from the k8s.io/kubernetes Go module (the module proxy serves it; there is no release binary
# we may download) and prints the binary's path. The binary is cached per version under the netkit cache directory,
# so the ~6 CPU-minute build runs once per machine; concurrent callers wait on one lock and then reuse it.
#   usage: scripts/build-kube-apiserver.sh [version]     (default: the version the cluster tests run, 1.35.4)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/go-cache.sh
. "$here/go-cache.sh"

version="${1:-${KUBE_APISERVER_VERSION:-1.35.4}}"
version="${version#v}"
minor="${version#*.}"; minor="${minor%%.*}"
staging="v0.${version#*.}"   # k8s.io/* staging modules are tagged v0.<minor>.<patch>
out_dir="${NETKIT_CACHE_DIR}/kube-apiserver/v${version}"
binary="${out_dir}/kube-apiserver"

mkdir -p "$out_dir"
exec 9>"${out_dir}.lock"
flock 9
if [ -x "$binary" ] && "$binary" --version 2>/dev/null | grep -qx "Kubernetes v${version}"; then
  echo "$binary"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
module_json="$(go mod download -json "k8s.io/kubernetes@v${version}")"
gomod="$(printf '%s' "$module_json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[ -f "$gomod" ] || { echo "go mod download k8s.io/kubernetes@v${version} gave no go.mod" >&2; exit 1; }

# k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging/src/...; a dependent
# module must replace each with its published version instead.
{
  echo "module netkit.local/kube-apiserver-build"
  echo
  echo "go 1.25"
  echo
  echo "require k8s.io/kubernetes v${version}"
  echo
  echo "replace ("
  sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/.*#\t\1 => \1 '"$staging"'#p' "$gomod"
  echo ")"
} >go.mod
grep -q 'k8s.io/apiserver => k8s.io/apiserver' go.mod || { echo "no staging replaces found in $gomod" >&2; exit 1; }

ldflags="-s -w"
ldflags+=" -X k8s.io/component-base/version.gitVersion=v${version}"
ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
ldflags+=" -X k8s.io/component-base/version.gitMinor=${minor}"
ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
echo "building kube-apiserver v${version} from the Go module proxy (cached in ${out_dir}; about 6 CPU-minutes once)" >&2
# -mod=mod lets go build resolve the dependency graph from k8s.io/kubernetes's own requirements.
CGO_ENABLED=0 nice -n 10 go build -mod=mod -trimpath -ldflags "$ldflags" -o "$work/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
"$work/kube-apiserver" --version | grep -qx "Kubernetes v${version}" || {
  echo "built kube-apiserver reports $("$work/kube-apiserver" --version), expected v${version}" >&2
  exit 1
}
mv -f "$work/kube-apiserver" "$binary"
echo "$binary"
