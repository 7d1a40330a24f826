import { KubeletSettings } from './kubelet-settings';
import { toToml } from '../private/toml';

/**
 * Bottlerocket user data: `settings.kubernetes` TOML with the same kubelet settings as AL2023 nodes. Managed node
 * groups merge EKS's own settings (cluster name, endpoint, CA) with these; ours are applied over them.
 * `serializeImagePulls: false` is built into Bottlerocket's kubelet template.
 * @see https://bottlerocket.dev/en/os/latest/api/settings/kubernetes/
 */
export function renderBottlerocketUserData(settings: KubeletSettings): string {
  const kubernetes: Record<string, unknown> = {
    ...(settings.maxPods !== undefined ? { 'max-pods': settings.maxPods } : {}),
    'registry-qps': settings.registryPullQps,
    'registry-burst': settings.registryBurst,
    'max-parallel-image-pulls': settings.maxParallelImagePulls,
    ...(settings.clusterDns
      ? { 'cluster-dns-ip': settings.clusterDns.length === 1 ? settings.clusterDns[0] : settings.clusterDns }
      : {}),
    ...(settings.kubeReservedMemoryMiB !== undefined
      ? { 'kube-reserved': { memory: `${settings.kubeReservedMemoryMiB}Mi` } }
      : {}),
  };
  return toToml({ settings: { kubernetes } });
}
