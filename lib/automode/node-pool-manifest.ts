import { architectureOf, instanceCategoryOf, lookupInstanceType } from '../capacity/instance-type-limits';
import { HOST_NETWORK_PODS, calculateMaxPods } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';
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
  /** How the NodeClass's nodes give pods addresses, for the pods-per-node check. */
  readonly podNetworking?: PodNetworking;
}

/** The NodePool annotation that records the pods a user expects per node, for the IP plan. */
export const PODS_PER_NODE_ANNOTATION = 'cdk-eks-netkit.io/pods-per-node';

const CAPACITY_TYPES = ['on-demand', 'spot', 'reserved'];
const ARCHITECTURES = ['amd64', 'arm64'];

/**
 * Auto Mode replaces every node within 21 days; `expireAfter` can only shorten that.
 * @see https://docs.aws.amazon.com/whitepapers/latest/security-overview-amazon-eks-auto-mode/benefits.html
 */
export const AUTO_MODE_MAX_NODE_LIFETIME_HOURS = 21 * 24;

/**
 * The built-in NodePools EKS manages when Auto Mode's built-in pools are on; a NodePool of the same name would replace
 * one of them.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/set-builtin-node-pools.html
 */
export const AUTO_MODE_BUILT_IN_NODE_POOLS = ['system', 'general-purpose'];

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
  checkName(fail, spec.name);
  requireInteger(
    `${path}: expireAfterHours`,
    spec.expireAfterHours,
    1,
    AUTO_MODE_MAX_NODE_LIFETIME_HOURS,
    'EKS Auto Mode replaces every node within 21 days (504 h); expireAfter can only shorten that',
  );
  checkInstanceTypes(fail, spec);
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

function checkName(fail: (m: string) => never, name: string): void {
  if (isUnresolved(name)) return;
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) {
    fail(`name '${name}' must be a lower-case DNS name (letters, digits, '-' and '.'), e.g. 'general-arm'`);
  }
  if (AUTO_MODE_BUILT_IN_NODE_POOLS.includes(name)) {
    fail(
      `name '${name}' is one of Auto Mode's built-in NodePools (${AUTO_MODE_BUILT_IN_NODE_POOLS.join(', ')}), which EKS manages; ` +
        'applying this pool would replace it: choose another name',
    );
  }
}

/**
 * The listed instance types against the table: known names, an architecture and a category the pool allows, and room
 * for the pods per node under the class's pod networking.
 */
function checkInstanceTypes(fail: (m: string) => never, spec: AutoModeNodePoolSpec): void {
  const types = spec.instanceTypes;
  if (types === undefined || isUnresolved(types)) {
    if (spec.podsPerNode !== undefined && spec.podNetworking && !isUnresolved(spec.podsPerNode)) {
      const cap = spec.podNetworking.autoModeStaticPodAddresses;
      if (cap !== undefined && spec.podsPerNode > cap + HOST_NETWORK_PODS) {
        fail(
          `podsPerNode (${spec.podsPerNode}) is above the ${cap + HOST_NETWORK_PODS} pods the NodeClass's static networkInterfaces allow; lower podsPerNode or give the interfaces more addresses`,
        );
      }
    }
    return;
  }
  for (const type of types) {
    if (isUnresolved(type)) continue;
    try {
      lookupInstanceType(type);
    } catch (e) {
      fail(`instanceTypes: ${(e as Error).message}`);
    }
    const arch = architectureOf(type);
    if (!isUnresolved(spec.architectures) && !spec.architectures.includes(arch)) {
      fail(
        `instanceTypes: ${type} is ${arch}, but architectures is ${spec.architectures.join(', ')}, so Auto Mode would never launch it; ` +
          `add '${arch}' to architectures or drop ${type}`,
      );
    }
    // The requirements are ANDed: a type outside the listed categories is never launched.
    const category = instanceCategoryOf(type);
    const categories = spec.instanceCategories;
    if (
      category !== undefined &&
      categories !== undefined &&
      !isUnresolved(categories) &&
      !categories.some(isUnresolved) &&
      !categories.includes(category)
    ) {
      fail(
        `instanceTypes: ${type} is of instance category ${category}, but instanceCategories is ${categories.join(', ')}, so Auto Mode would never launch it; ` +
          `add '${category}' to instanceCategories or drop ${type}`,
      );
    }
  }
  if (spec.podsPerNode === undefined || isUnresolved(spec.podsPerNode) || !spec.podNetworking) return;
  const known = types.filter((t) => !isUnresolved(t));
  const fewest = known
    .map((t) => calculateMaxPods(t, { podNetworking: spec.podNetworking }))
    .reduce<ReturnType<typeof calculateMaxPods> | undefined>(
      (min, r) => (!min || r.maxPods < min.maxPods ? r : min),
      undefined,
    );
  if (fewest && spec.podsPerNode > fewest.maxPods) {
    fail(
      `podsPerNode (${spec.podsPerNode}) is above max pods of ${fewest.instanceType} under the NodeClass's pod networking ` +
        `(${fewest.maxPods}: ${fewest.explanation}); lower podsPerNode, drop ${fewest.instanceType}, or change the NodeClass's ipv4PrefixSize`,
    );
  }
}
