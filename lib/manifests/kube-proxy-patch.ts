import { PATCH_REVISION_ANNOTATION } from '../private/revision';

/** The kube-proxy command of the EKS add-on, with the node name taken from the downward API. */
export const KUBE_PROXY_COMMAND = [
  'kube-proxy',
  '--v=2',
  '--config=/var/lib/kube-proxy-config/config',
  '--hostname-override=$(NODE_NAME)',
];

/**
 * The strategic-merge patch that makes kube-proxy use the node's registered name: it stops resolving a hostname
 * that DHCP options may make wrong (40 s of retries at every boot). The whole command is set, so applying it to a
 * DaemonSet that already has the flag changes nothing; env merges by name.
 */
export function kubeProxyHostnamePatch(revision: string): Record<string, unknown> {
  return {
    metadata: { annotations: { [PATCH_REVISION_ANNOTATION]: revision } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'kube-proxy',
              command: KUBE_PROXY_COMMAND,
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
            },
          ],
        },
      },
    },
  };
}
