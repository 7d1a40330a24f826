import { Guardrail, GuardrailLevel } from '../guardrail';

/**
 * Nodes of an IPv6 cluster need subnets with an IPv6 block that auto-assign IPv6 addresses: "Otherwise, you can't
 * deploy your nodes" (EKS user guide, cni-ipv6). Subnets from outside the stack cannot be read and are skipped.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
 */
export const subnetWithoutIpv6: Guardrail = {
  id: 'NETKIT-IPV6-1',
  level: GuardrailLevel.ERROR,
  what: 'a node group of an IPv6 cluster in a subnet without an IPv6 CIDR or without IPv6 auto-assignment',
  fix: 'give the subnets an IPv6 /64 and AssignIpv6AddressOnCreation (ec2.Vpc with ipProtocol DUAL_STACK does both)',
  check: (facts) =>
    facts.clusters
      .filter((c) => c.ipFamily === 'ipv6')
      .flatMap((cluster) =>
        cluster.nodegroups.flatMap((ng) =>
          ng.subnetsIpv6
            .filter((s) => !s.ipv6Cidr || !s.autoAssign)
            .map((s) => ({
              construct: ng.resource,
              message: `subnet ${s.subnet.node.path} ${s.ipv6Cidr ? 'does not auto-assign IPv6 addresses' : 'has no IPv6 CIDR'}, but the cluster is IPv6: EKS cannot deploy nodes there. Give the subnet an IPv6 /64 and AssignIpv6AddressOnCreation (ec2.Vpc with ipProtocol DUAL_STACK)`,
            })),
        ),
      ),
};
