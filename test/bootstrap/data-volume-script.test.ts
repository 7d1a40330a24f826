import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { shellcheck } from './shellcheck';
import { renderDataVolumeScript } from '../../lib/bootstrap/data-volume-script';
import { requireRoot, requireTool } from '../required-tools';

const script = renderDataVolumeScript({
  deviceName: '/dev/xvdb',
  stateDirs: ['/var/lib/containerd', '/var/lib/kubelet'],
});

test('the data-volume script passes shellcheck', () => {
  expect(shellcheck(script)).toEqual({ status: 0, output: '' });
});

/**
 * Runs the script for real, as root, inside a private mount namespace: a loop device stands in for the EBS volume and
 * a scratch directory for the node's root. The harness only acts and reports; the assertions are below.
 */
const HARNESS = `
set -euo pipefail
work="$1"; script="$2"
truncate -s 300M "$work/volume.img"
dev="$(losetup -f --show "$work/volume.img")"
trap 'umount -R "$work/root/var/lib/containerd" "$work/root/var/lib/kubelet" "$work/root/mnt/netkit-data" 2>/dev/null; losetup -d "$dev"' EXIT
mkdir -p "$work/root/var/lib/containerd/io.containerd.content.v1.content/blobs" "$work/root/etc"
echo "pause-image-layer" >"$work/root/var/lib/containerd/io.containerd.content.v1.content/blobs/pause"
touch "$work/root/etc/fstab"
export NETKIT_DATA_DEVICE="$dev" NETKIT_ROOT="$work/root" NETKIT_FSTAB="$work/root/etc/fstab"
run() { bash "$script" 2>>"$work/log"; }
report() { echo "$1 pause=$(cat "$work/root/var/lib/containerd/io.containerd.content.v1.content/blobs/pause" 2>/dev/null || echo missing) containerd_mounted=$(mountpoint -q "$work/root/var/lib/containerd" && echo yes || echo no) kubelet_mounted=$(mountpoint -q "$work/root/var/lib/kubelet" && echo yes || echo no)"; }
run; report first
echo "written-before-reboot" >"$work/root/var/lib/kubelet/state"
echo "image-pulled" >"$work/root/var/lib/containerd/image"
run; report second
# Reboot: every mount is gone, then the boot mounts what fstab lists.
umount "$work/root/var/lib/containerd" "$work/root/var/lib/kubelet" "$work/root/mnt/netkit-data"
report down
mount -a --fstab "$work/root/etc/fstab"
report rebooted
echo "after-reboot kubelet_state=$(cat "$work/root/var/lib/kubelet/state") image=$(cat "$work/root/var/lib/containerd/image")"
run; report third
echo "formats=$(grep -c formatting "$work/log" || true) fstab_lines=$(wc -l <"$work/root/etc/fstab") fs=$(blkid -o value -s TYPE "$dev")"
`;

test('on a loop device: one format, the pause image kept, mounts and files survive a reboot, re-runs change nothing', () => {
  requireRoot('it attaches a loop device and mounts it in a private mount namespace');
  requireTool('losetup', 'mount', 'it attaches the loop device that stands in for the EBS volume');
  requireTool('unshare', 'util-linux', 'it mounts inside a private mount namespace');
  requireTool('mkfs.xfs', 'xfsprogs', 'the script formats the volume as XFS');
  requireTool('blkid', 'util-linux', 'the script and the test read the filesystem type with blkid');
  const work = mkdtempSync(path.join(tmpdir(), 'netkit-volume-'));
  try {
    writeFileSync(path.join(work, 'script.sh'), script);
    writeFileSync(path.join(work, 'harness.sh'), HARNESS);
    const run = spawnSync(
      'unshare',
      ['-m', '--propagation', 'private', 'bash', path.join(work, 'harness.sh'), work, path.join(work, 'script.sh')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual([
      'first pause=pause-image-layer containerd_mounted=yes kubelet_mounted=yes',
      'second pause=pause-image-layer containerd_mounted=yes kubelet_mounted=yes',
      'down pause=pause-image-layer containerd_mounted=no kubelet_mounted=no',
      'rebooted pause=pause-image-layer containerd_mounted=yes kubelet_mounted=yes',
      'after-reboot kubelet_state=written-before-reboot image=image-pulled',
      'third pause=pause-image-layer containerd_mounted=yes kubelet_mounted=yes',
      'formats=1 fstab_lines=3 fs=xfs',
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
