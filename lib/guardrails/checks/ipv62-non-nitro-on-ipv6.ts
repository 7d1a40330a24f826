import { knownLimits } from './capacity';
import { Guardrail, GuardrailLevel } from '../guardrail';

/**
 * IPv6 pods need prefix delegation, which only Nitro types have: on any other type the VPC CNI refuses to start
 * ("IPv6 is only supported in Prefix delegation Mode", amazon-vpc-cni-k8s `isConfigValid`), so the node never gets
 * pod networking. Nitro bare metal works (VPC CNI 1.11+).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
 */
export const nonNitroOnIpv6: Guardrail = {
  id: 'NETKIT-IPV6-2',
  level: GuardrailLevel.ERROR,
  what: 'non-Nitro instance types in a node group of an IPv6 cluster, where the VPC CNI cannot start',
  fix: 'use Nitro instance types',
  check: (facts) =>
    facts.clusters
      .filter((c) => c.podNetworking.ipv6Enabled)
      .flatMap((cluster) =>
        cluster.nodegroups.flatMap((ng) =>
          ng.instanceTypes
            .map((t) => knownLimits(t))
            .filter((l) => l !== undefined && !l.bareMetal && l.hypervisor !== 'nitro')
            .map((l) => ({
              construct: ng.resource,
              message: `${l!.instanceType} is on the ${l!.hypervisor || 'unknown'} hypervisor: the VPC CNI's IPv6 mode needs prefix delegation, which only Nitro types have, so aws-node fails there. Use a Nitro type`,
            })),
        ),
      ),
};
