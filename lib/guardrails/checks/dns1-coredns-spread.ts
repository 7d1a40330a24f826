import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { shapeOf } from '../stack-facts';

/** One CoreDNS replica, or all of them in one zone, is a single point of failure for every lookup. */
export const coreDnsSpread: Guardrail = {
  id: 'NETKIT-DNS1',
  level: GuardrailLevel.WARNING,
  what: 'CoreDNS with fewer than 2 replicas or without a zone spread',
  fix: 'configure the coredns add-on with 2+ replicas and a topology.kubernetes.io/zone spread (the CoreDns construct does)',
  check: (facts) =>
    facts.clusters.flatMap((cluster): Finding[] => {
      if (!cluster.coreDns) {
        return cluster.resource && cluster.nodegroups.length > 0
          ? [
              {
                construct: cluster.resource,
                message:
                  'CoreDNS runs with the EKS defaults: no zone spread, so one AZ outage can take every replica. Add the coredns add-on with a zone spread',
              },
            ]
          : [];
      }
      const config = cluster.coreDns.configuration;
      if (config === undefined) return [];
      if (config === null || typeof config !== 'object' || Array.isArray(config)) {
        return [
          {
            construct: cluster.coreDns.resource,
            uncheckable: true,
            message: `the coredns add-on's ConfigurationValues is ${shapeOf(config)}, not an object, so NETKIT-DNS1 did not check its replicas and zone spread`,
          },
        ];
      }
      const replicas = config.autoScaling?.enabled ? config.autoScaling.minReplicas : (config.replicaCount ?? 2);
      const constraints = config.topologySpreadConstraints ?? [];
      if (!Array.isArray(constraints)) {
        return [
          {
            construct: cluster.coreDns.resource,
            uncheckable: true,
            message:
              `the coredns add-on's topologySpreadConstraints is ${shapeOf(constraints)} (${JSON.stringify(constraints)}), ` +
              'not a list of constraints, so NETKIT-DNS1 did not check its replicas and zone spread (EKS rejects it too): ' +
              'give a list',
          },
        ];
      }
      const zoneSpread = constraints.some((c: any) => c?.topologyKey === 'topology.kubernetes.io/zone');
      return [
        ...(typeof replicas === 'number' && replicas < 2
          ? [
              {
                construct: cluster.coreDns.resource,
                message: `CoreDNS runs ${replicas} replica: every lookup in the cluster depends on one pod. Run at least 2`,
              },
            ]
          : []),
        ...(!zoneSpread
          ? [
              {
                construct: cluster.coreDns.resource,
                message:
                  'CoreDNS has no topology.kubernetes.io/zone spread constraint: its replicas can share one AZ. Add one',
              },
            ]
          : []),
      ];
    }),
};
