import { Guardrail, GuardrailLevel } from '../guardrail';

/**
 * A vpc-cni configuration that contradicts the cluster's IP family: on an IPv6 cluster, prefix delegation or IPv6 off,
 * or custom networking on (ipamd refuses all three: "IPv6 is supported only in Prefix Delegation mode. Custom
 * Networking is not supported in IPv6 mode"); on an IPv4 cluster, IPv6 on. With `resolveConflicts: OVERWRITE` such a
 * configuration replaces the add-on's own IPv6 defaults.
 * @see https://github.com/aws/amazon-vpc-cni-k8s#enable_ipv6-v1100
 */
export const cniAgainstFamily: Guardrail = {
  id: 'NETKIT-IPV6-3',
  level: GuardrailLevel.ERROR,
  what: "a vpc-cni configuration that contradicts the cluster's IP family (prefix delegation or IPv6 off, or custom networking, on an IPv6 cluster; IPv6 on an IPv4 cluster)",
  fix: 'on IPv6 clusters use VpcCni with PodNetworking.ipv6() (the default there), or leave those settings out',
  check: (facts) =>
    facts.clusters.flatMap((cluster) => {
      const env = cluster.cniAddon?.env;
      if (!env || !cluster.ipFamily) return [];
      const wrong =
        cluster.ipFamily === 'ipv6'
          ? [
              ...(env.ENABLE_PREFIX_DELEGATION === 'false' ? ['ENABLE_PREFIX_DELEGATION "false"'] : []),
              ...(env.ENABLE_IPv6 === 'false' ? ['ENABLE_IPv6 "false"'] : []),
              ...(env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true'
                ? ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG "true"']
                : []),
            ]
          : env.ENABLE_IPv6 === 'true'
            ? ['ENABLE_IPv6 "true"']
            : [];
      return wrong.map((setting) => ({
        construct: cluster.cniAddon!.resource,
        message: `the vpc-cni add-on sets ${setting} on an ${cluster.ipFamily === 'ipv6' ? 'IPv6' : 'IPv4'} cluster: ${
          cluster.ipFamily === 'ipv6'
            ? 'the VPC CNI runs IPv6 only with prefix delegation and without custom networking, so aws-node does not start'
            : 'an IPv4 cluster has no IPv6 pod addresses to give'
        }. Use VpcCni with PodNetworking.ipv6() on IPv6 clusters (the default there), or drop the setting`,
      }));
    }),
};
