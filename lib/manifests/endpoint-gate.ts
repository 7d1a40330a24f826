import { PATCH_REVISION_ANNOTATION, REMOVE_PATCH_REVISION } from '../private/revision';

/**
 * The wait-for-endpoint init container: the container after it starts only once the endpoint accepts TCP
 * connections, instead of crash-looping while kube-proxy has not yet programmed the Service address.
 */

/** Name of the init container the gate patches add. */
export const GATE_CONTAINER_NAME = 'netkit-wait-for-endpoint';

/**
 * The default gate image: busybox from the Docker official-images mirror on Amazon ECR Public, which nodes pull
 * without Docker Hub rate limits. Pinned; its `nc` supports `-z`. Nodes without an internet route cannot pull it:
 * they need `gateImage` pointing at a registry they reach (an ECR pull-through cache or a private copy).
 */
export const GATE_IMAGE = 'public.ecr.aws/docker/library/busybox:1.37.0';

/**
 * The gate script (POSIX sh). It waits for GATE_HOST:GATE_PORT, falling back to the kubernetes Service address the
 * kubelet injects, with a bounded per-try timeout. With no address at all it exits non-zero, so the kubelet restarts
 * it once the variables are there (a pod started on a brand-new cluster can miss them).
 */
export const GATE_SCRIPT = `host="\${GATE_HOST:-\${KUBERNETES_SERVICE_HOST:-}}"
port="\${GATE_PORT:-\${KUBERNETES_SERVICE_PORT:-443}}"
timeout="\${GATE_TIMEOUT_SECONDS:-2}"
if [ -z "$host" ]; then
  echo "netkit-gate: no address to wait for (GATE_HOST and KUBERNETES_SERVICE_HOST are empty); exiting so the kubelet restarts this container" >&2
  exit 1
fi
until nc -z -w "$timeout" "$host" "$port"; do
  echo "netkit-gate: waiting for $host:$port" >&2
  sleep 1
done
echo "netkit-gate: $host:$port accepts connections" >&2
`;

/** What the gate waits for. */
export interface GateTarget {
  /** Host name or IP; unset means the kubernetes Service address from the pod's environment. */
  readonly host?: string;
  /** TCP port; unset means the kubernetes Service port. */
  readonly port?: number;
  /** Per-try connect timeout in seconds. */
  readonly timeoutSeconds: number;
  /** The image with `sh` and an `nc` that takes `-z -w`; unset means {@link GATE_IMAGE}. */
  readonly image?: string;
  /**
   * Init containers of the DaemonSet the gate runs after; unset means the gate runs first. Names missing from the
   * DaemonSet are ignored (the gate then runs first).
   */
  readonly after?: string[];
}

/** The init container. */
export function gateInitContainer(target: GateTarget): Record<string, unknown> {
  return {
    name: GATE_CONTAINER_NAME,
    image: target.image ?? GATE_IMAGE,
    command: ['sh', '-c', GATE_SCRIPT],
    env: [
      ...(target.host !== undefined ? [{ name: 'GATE_HOST', value: target.host }] : []),
      ...(target.port !== undefined ? [{ name: 'GATE_PORT', value: String(target.port) }] : []),
      { name: 'GATE_TIMEOUT_SECONDS', value: String(target.timeoutSeconds) },
    ],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}

/** aws-node's own init container (installs the CNI binaries; needs no API server). */
export const AWS_NODE_INIT_CONTAINER = 'aws-vpc-cni-init';

/**
 * Strategic-merge patches that add the gate to a DaemonSet and take it out again. Init containers merge by name,
 * so applying the patch twice leaves one gate. A strategic merge puts a new list entry before the existing ones
 * unless the patch orders them (`$setElementOrder`): the gate runs first, or after the init containers named in
 * `target.after` (on aws-node: after aws-vpc-cni-init, so installing the CNI binaries does not wait for the API). `revision` goes on the DaemonSet's own metadata (not the pod
 * template, so it rolls nothing): when it changes, CloudFormation re-applies the patch.
 */
export function gatePatches(
  target: GateTarget,
  revision: string,
): { apply: Record<string, unknown>; restore: Record<string, unknown> } {
  return {
    apply: {
      metadata: { annotations: { [PATCH_REVISION_ANNOTATION]: revision } },
      spec: {
        template: {
          spec: {
            ...(target.after?.length
              ? { '$setElementOrder/initContainers': [...target.after, GATE_CONTAINER_NAME].map((name) => ({ name })) }
              : {}),
            initContainers: [gateInitContainer(target)],
          },
        },
      },
    },
    restore: {
      metadata: REMOVE_PATCH_REVISION,
      spec: { template: { spec: { initContainers: [{ name: GATE_CONTAINER_NAME, $patch: 'delete' }] } } },
    },
  };
}
