# shellcheck shell=bash
# Sourced by the scripts that fetch or build from Go modules: one cache directory outside the repository, kept
# between runs on this machine, usable as root on a fresh machine. Go's module cache locks its own downloads, so
# two runs at once share it safely; each script also takes its own flock for what it writes.
# Override the location with NETKIT_CACHE_DIR.
NETKIT_CACHE_DIR="${NETKIT_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/cdk-eks-netkit}"
export NETKIT_CACHE_DIR
export GOMODCACHE="${NETKIT_CACHE_DIR}/go/mod"
export GOCACHE="${NETKIT_CACHE_DIR}/go/build"
export GOPATH="${NETKIT_CACHE_DIR}/go/path"
# -modcacherw: the module cache can be deleted without chmod; -buildvcs=false: builds run outside any repository.
export GOFLAGS="-modcacherw -buildvcs=false"
# A module whose go.mod asks for a newer Go than the installed one (Karpenter 1.15.x asks for 1.26.10 or newer):
# GOTOOLCHAIN=auto fetches that toolchain from the module proxy into the same cache.
export GOTOOLCHAIN=auto
mkdir -p "$GOMODCACHE" "$GOCACHE" "$GOPATH"

command -v go >/dev/null 2>&1 || {
  echo "go is not installed: the tests fetch upstream manifests and build kube-apiserver from the Go module proxy with it (install Go 1.21 or newer; it fetches the newer toolchain a module asks for)" >&2
  exit 1
}
command -v flock >/dev/null 2>&1 || { echo "flock is not installed (Debian package util-linux)" >&2; exit 1; }
