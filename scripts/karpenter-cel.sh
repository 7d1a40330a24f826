#!/usr/bin/env bash
# Builds the Karpenter CEL evaluator (scripts/karpenter-cel/main.go) against Karpenter's own pkg/cel from the
# karpenter-provider-aws Go module and prints the binary's path. Cached per Karpenter version; concurrent callers wait
# on one lock and reuse the binary.
#   usage: scripts/karpenter-cel.sh [version]     (default 1.15.2, the release whose NodeClassCEL the library targets)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
NETKIT_CACHE_DIR="${NETKIT_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/cdk-eks-netkit}"
export GOMODCACHE="${NETKIT_CACHE_DIR}/go/mod" GOCACHE="${NETKIT_CACHE_DIR}/go/build" GOPATH="${NETKIT_CACHE_DIR}/go/path"
export GOFLAGS="-modcacherw -buildvcs=false" GOPROXY="${GOPROXY:-https://proxy.golang.org}" GOTOOLCHAIN=local
command -v go >/dev/null 2>&1 || { echo "go is not installed: the Karpenter CEL evaluator is built from the karpenter-provider-aws Go module (install Go 1.26 or newer)" >&2; exit 1; }
command -v flock >/dev/null 2>&1 || { echo "flock is not installed (Debian package util-linux)" >&2; exit 1; }

version="${1:-1.15.2}"
version="${version#v}"
out_dir="${NETKIT_CACHE_DIR}/karpenter-cel/v${version}"
binary="${out_dir}/karpenter-cel"
source_sum="$(sha256sum "$here/karpenter-cel/main.go" | cut -c1-16)"
mkdir -p "$out_dir" "$GOMODCACHE" "$GOCACHE" "$GOPATH"
exec 9>"${out_dir}.lock"
flock 9
if [ -x "$binary" ] && [ "$(cat "${binary}.source" 2>/dev/null)" = "$source_sum" ]; then
  echo "$binary"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The module asks for a newer Go patch release than the installed toolchain may be, and GOTOOLCHAIN=local fetches
# none, so `go mod download` verifies and caches the zip but does not unpack it: unpack it here, and build against a
# copy whose go directive names the minor only. Nothing else of the module changes.
zip="$({ go mod download -json "github.com/aws/karpenter-provider-aws@v${version}" || true; } | sed -n 's/^[[:space:]]*"Zip": "\(.*\)",$/\1/p')"
[ -f "$zip" ] || { echo "go mod download github.com/aws/karpenter-provider-aws@v${version} gave no zip" >&2; exit 1; }
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$work/unpacked"
mv "$work/unpacked/github.com/aws/karpenter-provider-aws@v${version}" "$work/karpenter"
sed -i -E 's/^go ([0-9]+\.[0-9]+)\.[0-9]+$/go \1.0/; /^toolchain /d' "$work/karpenter/go.mod"
mkdir "$work/eval"
cp "$here/karpenter-cel/main.go" "$work/eval/"
cat >"$work/eval/go.mod" <<MOD
module netkit.local/karpenter-cel

go 1.26

require github.com/aws/karpenter-provider-aws v${version}

replace github.com/aws/karpenter-provider-aws => ../karpenter
MOD
(cd "$work/eval" && go mod tidy >&2 && go build -trimpath -o "$binary.tmp" .)
mv "$binary.tmp" "$binary"
echo "$source_sum" >"${binary}.source"
echo "$binary"
