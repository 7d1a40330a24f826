import { ResolvedDataVolume } from './data-volume';
import { NodeImage } from './node-image';
import { renderBottlerocketUserData } from '../bootstrap/bottlerocket';
import {
  CONTAINERD_STATE_DIR,
  KUBELET_STATE_DIR,
  POD_LOGS_DIR,
  renderDataVolumeScript,
} from '../bootstrap/data-volume-script';
import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { renderAl2023UserData } from '../bootstrap/nodeadm';
import { NetkitValidationError, requireInteger } from '../private/validation-error';

/** The launch template device names of the volumes. */
export const ROOT_DEVICE = '/dev/xvda';
export const DATA_DEVICE = '/dev/xvdb';

/** Options that only one node image understands are errors on the other. */
export function checkImageOptions(
  image: NodeImage,
  shellScripts: readonly string[],
  dataVolume?: ResolvedDataVolume,
): void {
  if (image !== NodeImage.BOTTLEROCKET) return;
  if (shellScripts.length > 0) {
    throw new NetkitValidationError(
      'shellScripts cannot run on Bottlerocket: it has no shell in user data, only TOML settings; use nodeImage AL2023 or a Bottlerocket bootstrap container',
    );
  }
  if (dataVolume?.includeKubeletState || dataVolume?.includePodLogs) {
    throw new NetkitValidationError(
      'dataVolume.includeKubeletState and includePodLogs apply to AL2023 only; Bottlerocket keeps all container and kubelet state on its data volume already',
    );
  }
}

/** The shell parts of an AL2023 node's user data: the data-volume script when the node has a data volume, then the user's scripts. */
export function nodeShellParts(
  image: NodeImage,
  dataVolume: ResolvedDataVolume | undefined,
  shellScripts: readonly string[],
): string[] {
  if (image === NodeImage.BOTTLEROCKET) return [];
  const stateDirs = dataVolume && [
    CONTAINERD_STATE_DIR,
    ...(dataVolume.includeKubeletState ? [KUBELET_STATE_DIR] : []),
    ...(dataVolume.includePodLogs ? [POD_LOGS_DIR] : []),
  ];
  const volumeScript = stateDirs ? [renderDataVolumeScript({ deviceName: DATA_DEVICE, stateDirs })] : [];
  return [...volumeScript, ...shellScripts];
}

/** User data for a node: Bottlerocket TOML, or AL2023 MIME with the nodeadm drop-in, then its shell parts. */
export function renderNodeUserData(
  image: NodeImage,
  kubelet: KubeletSettings | undefined,
  dataVolume: ResolvedDataVolume | undefined,
  shellScripts: readonly string[],
): string {
  if (image === NodeImage.BOTTLEROCKET) return kubelet ? renderBottlerocketUserData(kubelet) : '';
  return renderAl2023UserData(kubelet, nodeShellParts(image, dataVolume, shellScripts));
}

/** The AL2023 EKS AMI's root snapshot is 20 GiB; a smaller root volume cannot launch. */
export const AL2023_MIN_ROOT_GIB = 20;
/** Bottlerocket's Kubernetes variants ship a 2 GiB OS image (`os-image-size-gib`); a smaller root cannot launch. */
export const BOTTLEROCKET_MIN_ROOT_GIB = 2;

/** One EBS volume of a node. */
export interface NodeVolume {
  readonly deviceName: string;
  readonly sizeGiB: number;
  readonly iops?: number;
  readonly throughputMiBps?: number;
}

/**
 * A node's EBS volumes: the root (always on AL2023; on Bottlerocket only when sized, since its root holds the OS
 * alone) and the data volume.
 */
export function nodeVolumes(
  image: NodeImage,
  rootVolumeSizeGiB: number | undefined,
  dataVolume: ResolvedDataVolume | undefined,
): NodeVolume[] {
  requireInteger(
    'rootVolumeSizeGiB',
    rootVolumeSizeGiB,
    image === NodeImage.AL2023 ? AL2023_MIN_ROOT_GIB : BOTTLEROCKET_MIN_ROOT_GIB,
    65536,
    `the ${image} root volume holds its ${image === NodeImage.AL2023 ? `${AL2023_MIN_ROOT_GIB} GiB AMI` : `${BOTTLEROCKET_MIN_ROOT_GIB} GiB OS image`}`,
  );
  return [
    ...(image === NodeImage.AL2023 || rootVolumeSizeGiB !== undefined
      ? [{ deviceName: ROOT_DEVICE, sizeGiB: rootVolumeSizeGiB ?? AL2023_MIN_ROOT_GIB }]
      : []),
    ...(dataVolume
      ? [
          {
            deviceName: DATA_DEVICE,
            sizeGiB: dataVolume.sizeGiB,
            iops: dataVolume.iops,
            throughputMiBps: dataVolume.throughputMiBps,
          },
        ]
      : []),
  ];
}
