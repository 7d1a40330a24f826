#!/usr/bin/env bash
# Prints the directory of a Go module's source as the Go module proxy serves it, downloaded once into the netkit cache
# (see go-cache.sh). The tests read upstream manifests and CRDs from there (the Karpenter CRDs, the VPC CNI manifest),
# so they are the released files, not copies in this repository.
#   usage: scripts/upstream-module.sh <module> <version>
#   e.g.   scripts/upstream-module.sh github.com/aws/karpenter-provider-aws 1.15.2
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/go-cache.sh
. "$here/go-cache.sh"

[ "$#" -eq 2 ] || { echo "usage: $0 <module> <version>" >&2; exit 2; }
module="$1"
version="v${2#v}"
# Outside any module, so a go.mod around the caller does not matter.
cd "$(mktemp -d)"
trap 'rmdir "$PWD" 2>/dev/null || true' EXIT
if ! json="$(go mod download -json "${module}@${version}")"; then
  # go reports the reason in the JSON's Error field (e.g. the proxy does not serve that version).
  reason="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)"$/\1/p')"
  echo "go mod download ${module}@${version}: ${reason:-$json}" >&2
  exit 1
fi
dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$dir" ] || { echo "go mod download ${module}@${version} gave no directory: $json" >&2; exit 1; }
echo "$dir"
