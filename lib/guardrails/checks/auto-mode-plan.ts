import { IPV4_PREFIX_SIZES, Ipv4PrefixSize } from '../../capacity/auto-mode-networking';
import { lookupInstanceType } from '../../capacity/instance-type-limits';
import { IpPlan, planIpCapacity } from '../../capacity/ip-planner';
import { PodNetworking } from '../../capacity/pod-networking';
import { AutoModeFacts, AutoModeNodeClassFacts, AutoModeNodePoolFacts } from '../auto-mode-facts';

/** A NodePool's plan over its NodeClass's subnets at the pool's CPU limit. */
export interface AutoModePoolPlan {
  readonly pool: AutoModeNodePoolFacts;
  readonly nodeClass: AutoModeNodeClassFacts;
  /** The most nodes the CPU limit allows: ⌊cpu ÷ the fewest vCPUs of the listed types⌋. */
  readonly maxNodes: number;
  readonly plan: IpPlan;
}

/**
 * Plan every NodePool that lists its instance types and has a literal CPU limit, over the subnets its NodeClass
 * selects by ID (the pod subnets when set, where pods take their addresses). Pools the stack cannot tell that much
 * about are skipped.
 */
export function autoModePoolPlans(facts: AutoModeFacts): AutoModePoolPlan[] {
  return facts.nodePools.flatMap((pool): AutoModePoolPlan[] => {
    const nodeClass = facts.nodeClasses.find((c) => c.name === pool.nodeClassName);
    const subnets = nodeClass?.podSubnets ?? nodeClass?.nodeSubnets;
    if (!nodeClass || !subnets || subnets.some((s) => !s.cidr) || pool.cpuLimit === undefined) return [];
    if (pool.instanceTypes.length === 0) return [];
    const prefixSize = nodeClass.spec.advancedNetworking?.ipv4PrefixSize ?? Ipv4PrefixSize.AUTO;
    if (!IPV4_PREFIX_SIZES.includes(prefixSize)) return [];
    try {
      const vcpus = pool.instanceTypes.map((t) => lookupInstanceType(t).vcpus);
      if (vcpus.some((v) => v === undefined)) return [];
      const maxNodes = Math.floor(pool.cpuLimit / Math.min(...(vcpus as number[])));
      if (maxNodes < 1) return [];
      const plan = planIpCapacity(
        subnets.map((s) => ({ cidr: s.cidr!, availabilityZone: azName(s.azKey) })),
        [
          {
            name: pool.name,
            instanceTypes: pool.instanceTypes,
            minSize: 0,
            maxSize: maxNodes,
            podsPerNode: pool.podsPerNode,
          },
        ],
        PodNetworking.autoMode({ ipv4PrefixSize: prefixSize }),
      );
      return [{ pool, nodeClass, maxNodes, plan }];
    } catch {
      return []; // unknown types or odd CIDRs: nothing to plan with
    }
  });
}

/** The zone's name when the stack has it as a literal (not an `Fn::Select` of `Fn::GetAZs`). */
function azName(azKey: string | undefined): string | undefined {
  const value = azKey !== undefined ? JSON.parse(azKey) : undefined;
  return typeof value === 'string' ? value : undefined;
}
