import { KubeletSettings, kubeletConfiguration } from './kubelet-settings';
import { MimePart, renderMimeMultipart } from './mime';
import { toYaml } from '../private/yaml';

/**
 * Where our NodeConfig lands. nodeadm merges `/etc/eks/nodeadm.d/` over every user-data NodeConfig, EKS's own
 * appended part included, so these values are the effective ones (AMI release v20251023 or later).
 */
export const NODEADM_DROP_IN_PATH = '/etc/eks/nodeadm.d/60-cdk-eks-netkit.yaml';

/** The NodeConfig document carrying our kubelet settings. */
export function nodeConfig(settings: KubeletSettings): Record<string, unknown> {
  return {
    apiVersion: 'node.eks.aws/v1alpha1',
    kind: 'NodeConfig',
    spec: {
      kubelet: {
        config: kubeletConfiguration(settings),
        // Should EKS's own part pass --max-pods as a flag, flags beat config files; ours comes last and wins.
        ...(settings.maxPods !== undefined ? { flags: [`--max-pods=${settings.maxPods}`] } : {}),
      },
    },
  };
}

/**
 * AL2023 user data for a managed node group: a cloud-config part that writes our NodeConfig as a nodeadm drop-in
 * (cloud-init writes it before nodeadm's run phase reads the drop-in directory), then any shell parts.
 * Nothing else: no hostname, iptables, docker or package commands.
 */
export function renderAl2023UserData(settings: KubeletSettings, shellParts: readonly string[] = []): string {
  const cloudConfig = {
    write_files: [
      {
        path: NODEADM_DROP_IN_PATH,
        owner: 'root:root',
        permissions: '0644',
        content: toYaml(nodeConfig(settings)),
      },
    ],
  };
  const parts: MimePart[] = [
    { contentType: 'text/cloud-config; charset="us-ascii"', body: `#cloud-config\n${toYaml(cloudConfig)}` },
    ...shellParts.map((body) => ({ contentType: 'text/x-shellscript; charset="us-ascii"', body })),
  ];
  return renderMimeMultipart(parts);
}
