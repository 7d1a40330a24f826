import { knownLimits } from './capacity';
import { Guardrail, GuardrailLevel } from '../guardrail';

/**
 * Prefix delegation counts only on Nitro types; Xen and bare-metal nodes fall back to single IPs. Not on IPv6
 * clusters: there a non-Nitro type is fatal, not a fallback (NETKIT-IPV6-2), and Nitro bare metal takes prefixes.
 */
export const prefixDelegationUnsupported: Guardrail = {
  id: 'NETKIT-CAP3',
  level: GuardrailLevel.WARNING,
  what: 'prefix delegation on Xen or bare-metal instance types, which the EKS max-pods calculation treats as single-IP nodes',
  fix: 'use Nitro (non-metal) instance types in node groups of a prefix-delegation cluster',
  check: (facts) =>
    facts.clusters
      .filter((c) => c.podNetworking.prefixDelegationEnabled && !c.podNetworking.ipv6Enabled)
      .flatMap((cluster) =>
        cluster.nodegroups.flatMap((ng) =>
          ng.instanceTypes
            .map((t) => knownLimits(t))
            .filter((l) => l !== undefined && (l.bareMetal || l.hypervisor !== 'nitro'))
            .map((l) => ({
              construct: ng.resource,
              message: `${l!.instanceType} is ${l!.bareMetal ? 'bare metal' : `on the ${l!.hypervisor || 'unknown'} hypervisor`}: prefix delegation does not raise its pod capacity. Use a Nitro type`,
            })),
        ),
      ),
};
