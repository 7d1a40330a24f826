import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** Two max-pods values in one user data: which one wins depends on merge order nobody checks. */
export const conflictingMaxPods: Guardrail = {
  id: 'NETKIT-BOOT4',
  level: GuardrailLevel.ERROR,
  what: 'user data that sets max pods twice with different values (a --max-pods flag against the NodeConfig)',
  fix: 'set max pods once, in the NodeConfig (TunedNodegroup does)',
  check: (facts) =>
    facts.clusters.flatMap((cluster) =>
      cluster.nodegroups.flatMap((ng): Finding[] => {
        const values = [...new Set(ng.userData?.maxPods ?? [])];
        return values.length > 1
          ? [
              {
                construct: ng.launchTemplate ?? ng.resource,
                message: `user data sets max pods to ${values.join(' and ')}; the kubelet gets whichever is merged last. Set it once, in the NodeConfig`,
              },
            ]
          : [];
      }),
    ),
};
