import { Check, isToken } from './validators';

/** A managed node group's sizes as given, with the library's defaults applied. */
export interface NodegroupSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/**
 * EKS's documented bounds on a managed node group's scaling configuration.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html
 */
export const NODEGROUP_SCALING = {
  /** NodegroupScalingConfig.maxSize: minimum 1. */
  minMaxSize: 1,
  /** Service quota "Nodes per managed node group", default 450 (adjustable). */
  nodesQuota: 450,
} as const;

/** The library's defaults for node group sizes: two nodes, fixed unless the user widens the range. */
export function nodegroupSizes(given: { minSize?: number; desiredSize?: number; maxSize?: number }): NodegroupSizes {
  const minSize = given.minSize ?? 2;
  const desiredSize = given.desiredSize ?? minSize;
  const maxSize =
    given.maxSize ?? (isToken(minSize) || isToken(desiredSize) ? minSize : Math.max(minSize, desiredSize));
  return { minSize, desiredSize, maxSize };
}

/**
 * minimum ≤ desired ≤ maximum, maximum ≥ 1 (so never all zero), as EKS's scaling configuration requires; sizes that
 * are tokens are left to deploy time. The sizes' own types and signs are checked per prop before this.
 */
export function checkNodegroupSizes(sizes: NodegroupSizes): Check {
  const { minSize, desiredSize, maxSize } = sizes;
  const known = (n: number) => !isToken(n);
  if (known(maxSize) && maxSize < NODEGROUP_SCALING.minMaxSize) {
    return {
      prop: 'maxSize',
      value: maxSize,
      rule: 'must be at least 1: EKS refuses a node group that can never run a node (NodegroupScalingConfig)',
      fix: 'set maxSize to 1 or more; to scale to zero, set minSize and desiredSize to 0',
    };
  }
  if (known(minSize) && known(maxSize) && minSize > maxSize) {
    return {
      prop: 'minSize',
      value: minSize,
      rule: `is above maxSize (${maxSize}); EKS requires minSize ≤ desiredSize ≤ maxSize`,
      fix: `lower minSize to ${maxSize} or raise maxSize to ${minSize}`,
    };
  }
  if (known(desiredSize) && known(minSize) && desiredSize < minSize) {
    return {
      prop: 'desiredSize',
      value: desiredSize,
      rule: `is below minSize (${minSize}); EKS requires minSize ≤ desiredSize ≤ maxSize`,
      fix: `set desiredSize between ${minSize} and ${known(maxSize) ? maxSize : 'maxSize'}`,
    };
  }
  if (known(desiredSize) && known(maxSize) && desiredSize > maxSize) {
    return {
      prop: 'desiredSize',
      value: desiredSize,
      rule: `is above maxSize (${maxSize}); EKS requires minSize ≤ desiredSize ≤ maxSize`,
      fix: `set desiredSize between ${known(minSize) ? minSize : 'minSize'} and ${maxSize}, or raise maxSize`,
    };
  }
  return undefined;
}

/** A warning when the maximum exceeds EKS's default nodes-per-node-group quota (adjustable, so not an error). */
export function nodegroupQuotaWarning(sizes: NodegroupSizes): string | undefined {
  if (isToken(sizes.maxSize) || sizes.maxSize <= NODEGROUP_SCALING.nodesQuota) return undefined;
  return (
    `maxSize (${sizes.maxSize}) is above EKS's default quota of ${NODEGROUP_SCALING.nodesQuota} nodes per managed node group; ` +
    'the node group stops growing there unless the quota "Nodes per managed node group" was raised in Service Quotas, ' +
    'or split the capacity over more node groups'
  );
}
