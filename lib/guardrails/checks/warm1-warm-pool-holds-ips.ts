import { nodeIpUsage } from '../../capacity/ip-planner';
import { warmInstancesAtMaxSize } from '../../nodes/warm-pool';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

const int = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/**
 * A warm pool that keeps instances beyond the node group's maxSize: they wait in the same subnets and hold addresses
 * there (ENIs stay attached to stopped instances; reused ones keep their pod addresses), so readiness is bought with
 * subnet IPs. NETKIT-IP1 counts them; this says how many.
 */
export const warmPoolHoldsIps: Guardrail = {
  id: 'NETKIT-WARM1',
  level: GuardrailLevel.WARNING,
  what: 'a warm pool that keeps instances beyond maxSize, holding subnet addresses the IP plan must count',
  fix: 'size the subnets for maxSize plus the warm instances, or lower warmPool.minSize / maxGroupPreparedCapacity',
  check: (facts) =>
    clustersWithMode(facts).flatMap((cluster) =>
      cluster.nodegroups.flatMap((ng): Finding[] => {
        if (!ng.warmPool || ng.maxSize === undefined || ng.instanceTypes.length === 0) return [];
        const warm = warmInstancesAtMaxSize(ng.maxSize, ng.warmPool.minSize, ng.warmPool.maxGroupPreparedCapacity);
        if (warm === 0) return [];
        const env = cluster.cniAddon?.env ?? {};
        let perInstance: number;
        try {
          perInstance = Math.max(
            ...ng.instanceTypes.map(
              (t) =>
                nodeIpUsage(t, cluster.podNetworking, {
                  warmEniTarget: int(env.WARM_ENI_TARGET),
                  warmIpTarget: int(env.WARM_IP_TARGET),
                  minimumIpTarget: int(env.MINIMUM_IP_TARGET),
                  warmPrefixTarget: int(env.WARM_PREFIX_TARGET),
                }).ipsHeld,
            ),
          );
        } catch {
          return []; // an unknown type: NETKIT-CAP checks name it
        }
        const reuse = ng.warmPool.reuseOnScaleIn ? ', and reuseOnScaleIn returns nodes with their pod addresses' : '';
        return [
          {
            construct: ng.resource,
            message:
              `the warm pool keeps ${warm} instance(s) beyond maxSize ${ng.maxSize} in the node group's subnets; ` +
              `counted as nodes (stopped instances keep their ENIs${reuse}) that is up to ${warm} × ${perInstance} = ` +
              `${warm * perInstance} more addresses (${cluster.podNetworking.describe()}). NETKIT-IP1 and ` +
              '`cdk-eks-netkit plan` count them; size the subnets for it or shrink the pool',
          },
        ];
      }),
    ),
};
