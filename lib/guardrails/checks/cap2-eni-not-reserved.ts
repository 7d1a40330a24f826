import { maxPodsOf, withoutReservations } from './capacity';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** Custom networking or security groups for pods take an ENI; max pods (node groups) or RESERVED_ENIS (Karpenter) ignore it. */
export const eniNotReserved: Guardrail = {
  id: 'NETKIT-CAP2',
  level: GuardrailLevel.ERROR,
  what: 'custom networking or security groups for pods without the ENI they take reserved: node-group maxPods above the mode capacity, or a Karpenter chart without settings.reservedENIs',
  fix: 'compute maxPods for the mode (TunedNodegroup does), and set Karpenter settings.reservedENIs to what the mode needs',
  check: (facts) =>
    clustersWithMode(facts).flatMap((cluster) => {
      const mode = cluster.podNetworking;
      if (mode.karpenterReservedEnis === 0) return [];
      const nodegroups = cluster.nodegroups.flatMap((ng): Finding[] => {
        const maxPods = Math.max(...(ng.userData?.maxPods ?? []));
        if (!Number.isFinite(maxPods)) return [];
        return ng.instanceTypes.flatMap((t) => {
          const plain = maxPodsOf(t, withoutReservations(mode))?.eniLimit;
          const limit = maxPodsOf(t, mode)?.eniLimit ?? 2;
          return plain !== undefined && maxPods <= plain && maxPods > limit
            ? [
                {
                  construct: ng.resource,
                  message: `maxPods (${maxPods}) ignores the ENI that ${mode} takes on ${t}: the capacity is ${limit}. Set maxPods to ${limit} or less`,
                },
              ]
            : [];
        });
      });
      const charts = cluster.charts
        .filter((c) => c.chart === 'karpenter')
        .flatMap((c): Finding[] => {
          const reserved = Number(c.values?.settings?.reservedENIs ?? 0);
          return reserved < mode.karpenterReservedEnis
            ? [
                {
                  construct: c.resource,
                  message: `Karpenter settings.reservedENIs is ${reserved}, but ${mode} needs ${mode.karpenterReservedEnis}; Karpenter then schedules more pods than nodes have IPs for. Set settings.reservedENIs to ${mode.karpenterReservedEnis}`,
                },
              ]
            : [];
        });
      return [...nodegroups, ...charts];
    }),
};
