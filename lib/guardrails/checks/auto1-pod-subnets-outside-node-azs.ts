import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** Pods get addresses in the pod subnet of their node's zone: a node zone without one leaves its pods without IPs. */
export const podSubnetsOutsideNodeAzs: Guardrail = {
  id: 'NETKIT-AUTO1',
  level: GuardrailLevel.ERROR,
  what: 'an Auto Mode NodeClass whose pod subnets do not cover the Availability Zones of its node subnets',
  fix: 'select a pod subnet in every zone of the node subnets (podSubnetSelectorTerms), or drop the zone from subnetSelectorTerms',
  check: (facts) =>
    facts.autoMode.nodeClasses.flatMap((c): Finding[] => {
      if (!c.nodeSubnets || !c.podSubnets) return [];
      if ([...c.nodeSubnets, ...c.podSubnets].some((s) => s.azKey === undefined)) return [];
      const podAzs = new Set(c.podSubnets.map((s) => s.azKey));
      const uncovered = c.nodeSubnets.filter((s) => !podAzs.has(s.azKey));
      if (uncovered.length === 0) return [];
      return [
        {
          construct: c.resource,
          message:
            `NodeClass ${c.name}: node subnet(s) ${uncovered.map((s) => s.cidr ?? 'unknown').join(', ')} lie in zones ` +
            'no pod subnet covers; pods of nodes there get no IP. Add a pod subnet in each of those zones',
        },
      ];
    }),
};
