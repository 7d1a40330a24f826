import { planIpCapacity } from '../../capacity/ip-planner';
import { warmInstancesAtMaxSize } from '../../nodes/warm-pool';
import { isNetkitValidationError } from '../../private/validation-error';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

const int = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/** Subnets that cannot hold the node groups at maximum size: the weekend scale-up that stalls on Monday. */
export const subnetCapacity: Guardrail = {
  id: 'NETKIT-IP1',
  level: GuardrailLevel.ERROR,
  what: 'subnets that cannot hold the node groups at their maximum size (the IP capacity planner)',
  fix: 'larger or more subnets, a lower maxSize, or warm targets that hold fewer spare IPs (cdk-eks-netkit plan)',
  check: (facts) =>
    clustersWithMode(facts)
      .filter((c) => !c.podNetworking.customNetworking)
      .flatMap((cluster) => {
        const groups = cluster.nodegroups.filter(
          (ng) => ng.subnetCidrs && ng.maxSize !== undefined && ng.instanceTypes.length > 0,
        );
        if (groups.length === 0) return [];
        const cidrs = [...new Map(groups.flatMap((ng) => ng.subnetCidrs!).map((s) => [s.cidr, s])).values()];
        const env = cluster.cniAddon?.env ?? {};
        let plan;
        try {
          plan = planIpCapacity(
            cidrs.map((s) => ({ cidr: s.cidr, availabilityZone: s.az })),
            groups.map((ng) => ({
              name: ng.resource.node.path,
              instanceTypes: ng.instanceTypes,
              minSize: Math.min(ng.minSize ?? 0, ng.maxSize!),
              // Warm-pool instances sit in the same subnets and hold addresses there: count them as nodes.
              maxSize:
                ng.maxSize! +
                (ng.warmPool
                  ? warmInstancesAtMaxSize(ng.maxSize!, ng.warmPool.minSize, ng.warmPool.maxGroupPreparedCapacity)
                  : 0),
              subnetIndexes: ng.subnetCidrs!.map((s) => cidrs.findIndex((c) => c.cidr === s.cidr)),
            })),
            cluster.podNetworking,
            {
              warmEniTarget: int(env.WARM_ENI_TARGET),
              warmIpTarget: int(env.WARM_IP_TARGET),
              minimumIpTarget: int(env.MINIMUM_IP_TARGET),
              warmPrefixTarget: int(env.WARM_PREFIX_TARGET),
            },
          );
        } catch (err) {
          // An instance type the data module does not know, or a CIDR the planner refuses: said, not hidden.
          if (!isNetkitValidationError(err)) throw err;
          return [
            {
              construct: groups[0].resource,
              uncheckable: true,
              message: `NETKIT-IP1 could not plan the node groups' subnets: ${err.message}`,
            },
          ];
        }
        const failing = new Set(plan.subnets.filter((s) => !s.fits).map((s) => s.cidr));
        return groups
          .filter((ng) => ng.subnetCidrs!.some((s) => failing.has(s.cidr)))
          .map((ng): Finding => ({ construct: ng.resource, message: plan.problems.join('; ') }));
      }),
};
