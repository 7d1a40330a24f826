/**
 * The kubelet settings the library computes for a node group, shared by the AL2023, Bottlerocket and Karpenter
 * renderers so that every node type gets the same values.
 */
export interface KubeletSettings {
  /** kubelet `maxPods`; unset where another component owns it (Karpenter computes it per instance type). */
  readonly maxPods?: number;
  /** kubelet `kubeReserved.memory` in MiB (11 × maxPods + 255), set with maxPods so it follows our value. */
  readonly kubeReservedMemoryMiB?: number;
  /** kubelet `registryPullQPS`. */
  readonly registryPullQps: number;
  /** kubelet `registryBurst`. */
  readonly registryBurst: number;
  /** kubelet `maxParallelImagePulls` (with `serializeImagePulls: false`). */
  readonly maxParallelImagePulls: number;
  /** kubelet `clusterDNS`, e.g. the NodeLocal DNSCache address; unset keeps the AMI's own. */
  readonly clusterDns?: string[];
}

/** The settings as a KubeletConfiguration fragment (field names as the kubelet spells them). */
export function kubeletConfiguration(settings: KubeletSettings): Record<string, unknown> {
  return {
    ...(settings.maxPods !== undefined ? { maxPods: settings.maxPods } : {}),
    ...(settings.kubeReservedMemoryMiB !== undefined
      ? { kubeReserved: { memory: `${settings.kubeReservedMemoryMiB}Mi` } }
      : {}),
    registryPullQPS: settings.registryPullQps,
    registryBurst: settings.registryBurst,
    serializeImagePulls: false,
    maxParallelImagePulls: settings.maxParallelImagePulls,
    ...(settings.clusterDns ? { clusterDNS: settings.clusterDns } : {}),
  };
}
