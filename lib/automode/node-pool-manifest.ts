import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';

/** Everything the Auto Mode NodePool manifest is rendered from. */
export interface AutoModeNodePoolSpec {
  readonly name: string;
  readonly nodeClassName: string;
  readonly capacityTypes: readonly string[];
  readonly architectures: readonly string[];
  readonly instanceTypes?: readonly string[];
  readonly instanceCategories?: readonly string[];
  readonly availabilityZones?: readonly string[];
  readonly cpuLimit: number;
  readonly memoryLimitGiB?: number;
  readonly labels?: Record<string, string>;
  readonly podsPerNode?: number;
  readonly expireAfterHours: number;
}

/** The NodePool annotation that records the pods a user expects per node, for the IP plan. */
export const PODS_PER_NODE_ANNOTATION = 'cdk-eks-netkit.io/pods-per-node';

const CAPACITY_TYPES = ['on-demand', 'spot', 'reserved'];
const ARCHITECTURES = ['amd64', 'arm64'];

/**
 * Render a `karpenter.sh/v1` NodePool whose nodes come from an Auto Mode NodeClass (`eks.amazonaws.com`).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 */
export function renderAutoModeNodePool(spec: AutoModeNodePoolSpec, path = 'NodePool'): Record<string, unknown> {
  const fail = (message: string): never => {
    throw new NetkitValidationError(`${path}: ${message}`);
  };
  checkValues(fail, 'capacityTypes', spec.capacityTypes, CAPACITY_TYPES);
  checkValues(fail, 'architectures', spec.architectures, ARCHITECTURES);
  if (spec.instanceTypes?.length === 0) fail('instanceTypes is empty; leave it out to let Auto Mode choose');
  if (spec.availabilityZones?.length === 0) {
    fail('availabilityZones is empty; leave it out to use every zone of the subnets');
  }
  requireInteger(`${path}: cpuLimit`, spec.cpuLimit, 1);
  requireInteger(`${path}: memoryLimitGiB`, spec.memoryLimitGiB, 1);
  requireInteger(`${path}: podsPerNode`, spec.podsPerNode, 1, 110, 'Auto Mode runs at most 110 pods per node');
  requireInteger(`${path}: expireAfterHours`, spec.expireAfterHours, 1, 8760, 'nodes must be replaced within a year');
  for (const key of Object.keys(spec.labels ?? {})) {
    if (!isUnresolved(key) && /(^|\.)(kubernetes\.io|k8s\.io|karpenter\.sh|eks\.amazonaws\.com)\//.test(key)) {
      fail(`labels: '${key}' is in a namespace Kubernetes, Karpenter or EKS reserves; use your own prefix`);
    }
  }
  const requirement = (key: string, values: readonly string[] | undefined) =>
    values ? [{ key, operator: 'In', values: [...values] }] : [];
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: {
      name: spec.name,
      ...(spec.podsPerNode !== undefined
        ? { annotations: { [PODS_PER_NODE_ANNOTATION]: String(spec.podsPerNode) } }
        : {}),
    },
    spec: {
      template: {
        ...(spec.labels && Object.keys(spec.labels).length > 0 ? { metadata: { labels: { ...spec.labels } } } : {}),
        spec: {
          nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: spec.nodeClassName },
          requirements: [
            ...requirement('karpenter.sh/capacity-type', spec.capacityTypes),
            ...requirement('kubernetes.io/arch', spec.architectures),
            ...requirement('node.kubernetes.io/instance-type', spec.instanceTypes),
            ...requirement('eks.amazonaws.com/instance-category', spec.instanceCategories),
            ...requirement('topology.kubernetes.io/zone', spec.availabilityZones),
          ],
          expireAfter: `${spec.expireAfterHours}h`,
        },
      },
      limits: {
        cpu: String(spec.cpuLimit),
        ...(spec.memoryLimitGiB !== undefined ? { memory: `${spec.memoryLimitGiB}Gi` } : {}),
      },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
    },
  };
}

function checkValues(fail: (m: string) => never, prop: string, values: readonly string[], allowed: string[]): void {
  if (isUnresolved(values)) return;
  const unknown = values.filter((v) => !isUnresolved(v) && !allowed.includes(v));
  if (values.length === 0 || unknown.length > 0) {
    fail(`${prop} (${values.join(', ') || 'empty'}) must be one or more of ${allowed.join(', ')}`);
  }
}
