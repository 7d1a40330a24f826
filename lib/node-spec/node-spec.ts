import { DataVolumeOptions, ResolvedDataVolume, resolveDataVolume } from './data-volume';
import { KubeletTuningOptions } from './kubelet-tuning';
import { NodeVolume, checkImageOptions, nodeShellParts, nodeVolumes, renderNodeUserData } from './node-bootstrap';
import { NodeImage } from './node-image';
import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { requireInteger } from '../private/validation-error';

/**
 * How the library's nodes are built, whether a managed node group or a Karpenter node class launches them.
 */
export interface NodeSpecOptions {
  /**
   * The node operating system.
   * @default NodeImage.AL2023
   */
  readonly nodeImage?: NodeImage;

  /**
   * kubelet settings. On a Karpenter node class without prefix delegation, Karpenter computes max pods per
   * instance type itself; set `maxPods` there only to lower it.
   * @default - max pods from the calculator (node groups), registryPullQPS 50, registryBurst 100,
   * maxParallelImagePulls 10
   */
  readonly kubelet?: KubeletTuningOptions;

  /**
   * Container state on its own encrypted gp3 volume. On Bottlerocket this sizes the data volume (`/dev/xvdb`).
   * @default - 100 GiB, 3,000 IOPS, 250 MiB/s, holding /var/lib/containerd
   */
  readonly dataVolume?: DataVolumeOptions;

  /**
   * Root volume size in GiB (AL2023: at least the AMI's 20 GiB).
   * @default - 20 GiB on AL2023; the AMI's own size on Bottlerocket
   */
  readonly rootVolumeSizeGiB?: number;

  /**
   * IMDSv2 hop limit. 1 keeps pods on the pod network away from the node's instance metadata and credentials;
   * give them IAM through EKS Pod Identity or IRSA. Raise it to 2 only for pods that must read instance metadata.
   * @default 1
   */
  readonly httpPutResponseHopLimit?: number;
}

/** A node specification with its defaults applied and its options checked against each other. */
export interface NodeSpec {
  readonly image: NodeImage;
  readonly dataVolume?: ResolvedDataVolume;
  readonly volumes: NodeVolume[];
  readonly httpPutResponseHopLimit: number;
  readonly shellScripts: readonly string[];
}

/** Apply the defaults and check the options: the same rules for node groups and node classes. */
export function resolveNodeSpec(options: NodeSpecOptions, shellScripts: readonly string[] = []): NodeSpec {
  const image = options.nodeImage ?? NodeImage.AL2023;
  requireInteger('httpPutResponseHopLimit', options.httpPutResponseHopLimit, 1, 64);
  const dataVolume = resolveDataVolume(options.dataVolume);
  checkImageOptions(image, shellScripts, dataVolume);
  return {
    image,
    dataVolume,
    volumes: nodeVolumes(image, options.rootVolumeSizeGiB, dataVolume),
    httpPutResponseHopLimit: options.httpPutResponseHopLimit ?? 1,
    shellScripts,
  };
}

/**
 * The node's user data for its kubelet settings (the cluster DNS included); without settings, only its shell parts
 * (AL2023 nodes whose kubelet settings travel another way).
 */
export function nodeUserData(spec: NodeSpec, kubelet: KubeletSettings | undefined): string {
  return renderNodeUserData(spec.image, kubelet, spec.dataVolume, spec.shellScripts);
}

/** What a node is told at boot, before rendering: its kubelet settings and its shell parts. */
export interface NodeBoot {
  readonly kubelet?: KubeletSettings;
  readonly shellParts: readonly string[];
}

/** The boot of a node with this spec and these kubelet settings: what {@link nodeUserData} renders. */
export function nodeBoot(spec: NodeSpec, kubelet: KubeletSettings | undefined): NodeBoot {
  return { kubelet, shellParts: nodeShellParts(spec.image, spec.dataVolume, spec.shellScripts) };
}
