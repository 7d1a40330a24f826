#!/usr/bin/env bash
# What the tests run for real, checked before jest starts: shellcheck over rendered user data; xfsprogs, losetup
# and unshare (as root) for the data-volume script on a loop device in a private mount namespace; netcat-openbsd,
# whose nc -z -w the endpoint gate uses as busybox's does; promtool, amtool and node_exporter for the rules, the
# Alertmanager config and the exporter flags; iproute2, ethtool and curl for node_exporter's test host (a veth pair in a
# network namespace); unzip for the kubectl binary of the kubectl layer, which applies the gate patches locally; etcd
# (etcd-server) under the kube-apiserver the cluster tests build, python3 for aws-cdk-lib's kubectl handler; Go (not
# from Debian) for upstream CRDs and manifests from Go modules and the kube-apiserver and Prometheus builds (Debian's
# prometheus has no Kubernetes discovery; scripts/build-prometheus.sh, which .ci/run runs). As root with apt-get,
# missing Debian packages are installed; otherwise the tests stop here with one message naming the packages and the
# command that installs them.
set -euo pipefail

# command → Debian package that provides it
declare -A PACKAGE_OF=(
  [shellcheck]=shellcheck
  [mkfs.xfs]=xfsprogs
  [nc]=netcat-openbsd
  [promtool]=prometheus
  [amtool]=prometheus-alertmanager
  [prometheus-node-exporter]=prometheus-node-exporter
  [losetup]=mount
  [unshare]=util-linux
  [blkid]=util-linux
  [ip]=iproute2
  [ethtool]=ethtool
  [curl]=curl
  [unzip]=unzip
  [flock]=util-linux
  [etcd]=etcd-server
  [python3]=python3
)

missing_packages() {
  local command packages=()
  for command in "${!PACKAGE_OF[@]}"; do
    command -v "$command" >/dev/null 2>&1 || packages+=("${PACKAGE_OF[$command]}")
  done
  # Debian's default nc is netcat-traditional, which has no -z; the gate needs the OpenBSD one.
  if command -v nc >/dev/null 2>&1 && ! nc -h 2>&1 | grep -q OpenBSD; then packages+=(netcat-openbsd); fi
  if [ "${#packages[@]}" -gt 0 ]; then printf '%s\n' "${packages[@]}" | sort -u | tr '\n' ' '; fi
}

missing="$(missing_packages)"
if [ -n "$missing" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test prerequisites: installing ${missing}"
  # shellcheck disable=SC2086 # one word per package
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing; } >&2; then
    echo "test prerequisites: apt-get could not install ${missing}" >&2
  fi
  missing="$(missing_packages)"
fi

problems=()
[ -n "$missing" ] && problems+=("missing Debian packages: ${missing}(install: sudo apt-get install -y ${missing% })")
# Go is not a Debian package here (Debian's is too old): the tests read upstream CRDs and manifests from Go modules
# and build kube-apiserver and Prometheus from them (scripts/upstream-module.sh, scripts/build-kube-apiserver.sh,
# scripts/build-prometheus.sh).
go_minor="$(go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
[ "${go_minor:-0}" -ge 21 ] || problems+=("Go 1.21 or newer is not on PATH (found: $(go env GOVERSION 2>/dev/null || echo none)): the tests fetch upstream CRDs and manifests and build kube-apiserver and Prometheus through the Go module proxy")
[ "$(id -u)" -eq 0 ] || problems+=("not root: the data-volume test attaches a loop device and mounts it in a private mount namespace (run the tests as root, e.g. in a container or CI)")
if [ "${#problems[@]}" -gt 0 ]; then
  {
    echo "The tests run real tools and cannot start:"
    printf '  - %s\n' "${problems[@]}"
  } >&2
  exit 1
fi
