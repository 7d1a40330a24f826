import { maxPodsOf, withoutReservations } from './capacity';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** maxPods above what an instance type's ENIs can give pods, even before any ENI is reserved. */
export const maxPodsAboveEniCapacity: Guardrail = {
  id: 'NETKIT-CAP1',
  level: GuardrailLevel.ERROR,
  what: 'kubelet maxPods (set in user data) above the ENI capacity of an instance type of the node group',
  fix: 'lower maxPods to the capacity (cdk-eks-netkit max-pods <type>), or enable prefix delegation',
  check: (facts) =>
    clustersWithMode(facts).flatMap((cluster) =>
      cluster.nodegroups.flatMap((ng): Finding[] => {
        const maxPods = Math.max(...(ng.userData?.maxPods ?? []));
        if (!Number.isFinite(maxPods)) return [];
        return ng.instanceTypes.flatMap((t) => {
          const limit = maxPodsOf(t, withoutReservations(cluster.podNetworking))?.eniLimit;
          return limit !== undefined && maxPods > limit
            ? [
                {
                  construct: ng.resource,
                  message: `maxPods (${maxPods}) exceeds the ENI capacity of ${t} with ${withoutReservations(cluster.podNetworking)} (${limit}); pods past ${limit} stay in ContainerCreating. Lower maxPods or enable prefix delegation`,
                },
              ]
            : [];
        });
      }),
    ),
};
