import { NetkitValidationError } from '../private/validation-error';
/** Where the data volume is mounted; each state directory is bind-mounted from a folder under it. */
export const DATA_VOLUME_MOUNT_POINT = '/mnt/netkit-data';

/** State directories that can move to the data volume; containerd's is always among them. */
export const CONTAINERD_STATE_DIR = '/var/lib/containerd';
export const KUBELET_STATE_DIR = '/var/lib/kubelet';
export const POD_LOGS_DIR = '/var/log/pods';

/** What the data-volume script is rendered for. */
export interface DataVolumeScriptOptions {
  /** The launch template's device name for the volume, e.g. `/dev/xvdb`. */
  readonly deviceName: string;
  /** Absolute directories to move onto the volume, e.g. `/var/lib/containerd`. */
  readonly stateDirs: readonly string[];
}

/**
 * Render the AL2023 shell part that puts container state on its own EBS volume.
 *
 * cloud-init runs it once per instance, before nodeadm's run phase (ordered after cloud-final) starts containerd
 * and the kubelet. It formats the device only when it holds no filesystem, copies what the AMI already put in each
 * state directory (the pre-cached pause image under /var/lib/containerd) on first mount, and writes fstab entries so
 * the same mounts come back on every boot. `NETKIT_*` variables let tests point it at a loop device and a scratch root.
 */
export function renderDataVolumeScript(options: DataVolumeScriptOptions): string {
  for (const dir of options.stateDirs) {
    if (!/^\/[a-z0-9/_-]+$/.test(dir)) {
      throw new NetkitValidationError(
        `state directory '${dir}' must be an absolute path of [a-z0-9/_-] (it is written into a shell script)`,
      );
    }
  }
  if (!/^\/dev\/[a-z0-9]+$/.test(options.deviceName)) {
    throw new NetkitValidationError(`device name '${options.deviceName}' must look like /dev/xvdb`);
  }
  return `#!/bin/bash
# cdk-eks-netkit: container state on its own EBS volume, mounted before containerd starts.
set -euo pipefail

DEVICE="\${NETKIT_DATA_DEVICE:-${options.deviceName}}"
ROOT="\${NETKIT_ROOT:-}"
FSTAB="\${NETKIT_FSTAB:-/etc/fstab}"
FS_TYPE="\${NETKIT_FS_TYPE:-xfs}"
MOUNT_POINT="$ROOT${DATA_VOLUME_MOUNT_POINT}"
STATE_DIRS=(${options.stateDirs.join(' ')})

log() { echo "netkit-data-volume: $*" >&2; }

# The launch template names the device ${options.deviceName}; on Nitro it appears as an NVMe namespace, found by the
# udev link or by the block-device name EBS reports for it.
resolve_device() {
  local nvme name
  name="$(basename "$DEVICE")"
  for _ in $(seq 1 60); do
    if [ -b "$DEVICE" ]; then readlink -f "$DEVICE"; return 0; fi
    for nvme in /dev/nvme*n1; do
      [ -b "$nvme" ] || continue
      if [ "$(ebsnvme-id -b "$nvme" 2>/dev/null | sed 's#^/dev/##')" = "$name" ]; then echo "$nvme"; return 0; fi
    done
    sleep 1
  done
  log "no block device $DEVICE after 60 s"
  return 1
}

add_fstab() {
  grep -qsxF "$1" "$FSTAB" || echo "$1" >>"$FSTAB"
}

if command -v systemctl >/dev/null && systemctl is-active --quiet containerd 2>/dev/null; then
  systemctl stop containerd
fi

device="$(resolve_device)"
if [ -z "$(blkid -o value -s TYPE "$device" || true)" ]; then
  log "formatting $device as $FS_TYPE"
  "mkfs.$FS_TYPE" -q -L netkit-data "$device"
fi
uuid="$(blkid -o value -s UUID "$device")"

mkdir -p "$MOUNT_POINT"
add_fstab "UUID=$uuid $MOUNT_POINT $FS_TYPE defaults,noatime,nofail 0 2"
mountpoint -q "$MOUNT_POINT" || mount --fstab "$FSTAB" "$MOUNT_POINT"

for dir in "\${STATE_DIRS[@]}"; do
  name="$(echo "\${dir#/}" | tr / -)"
  source="$MOUNT_POINT/$name"
  target="$ROOT$dir"
  mkdir -p "$source" "$target"
  # First mount only: keep what the AMI put there, such as the pre-cached pause image.
  if [ ! -e "$MOUNT_POINT/.copied-$name" ] && ! mountpoint -q "$target"; then
    cp -a "$target/." "$source/"
    touch "$MOUNT_POINT/.copied-$name"
  fi
  add_fstab "$source $target none bind,nofail,x-systemd.requires-mounts-for=$MOUNT_POINT 0 0"
  mountpoint -q "$target" || mount --fstab "$FSTAB" "$target"
done
log "container state on $device: \${STATE_DIRS[*]}"
`;
}
