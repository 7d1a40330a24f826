import { knownLimits } from './capacity';
import { Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** Security groups for pods need a trunk ENI, which t3/t4g and Xen types cannot attach. */
export const securityGroupsForPodsUnsupported: Guardrail = {
  id: 'NETKIT-CAP4',
  level: GuardrailLevel.WARNING,
  what: 'security groups for pods on instance types that cannot attach a trunk ENI (no vpc.amazonaws.com/pod-eni)',
  fix: 'use trunking-compatible types (most Nitro types; not t3/t3a/t4g or Xen) for pods with security groups',
  check: (facts) =>
    clustersWithMode(facts)
      .filter((c) => c.podNetworking.securityGroupsForPods)
      .flatMap((cluster) =>
        cluster.nodegroups.flatMap((ng) =>
          ng.instanceTypes
            .map((t) => knownLimits(t))
            .filter((l) => l !== undefined && !l.trunking)
            .map((l) => ({
              construct: ng.resource,
              message: `${l!.instanceType} cannot attach a trunk ENI: pods with security groups never schedule on it (pod-eni 0). Use a trunking-compatible type`,
            })),
        ),
      ),
};
