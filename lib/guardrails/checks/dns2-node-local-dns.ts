import { NODE_LOCAL_DNS_NAME } from '../../manifests/node-local-dns';
import { Guardrail, GuardrailLevel } from '../guardrail';

/** Nodes at which DNS traffic to CoreDNS and the VPC resolver starts hitting the 1024 PPS link-local limit. */
export const LARGE_CLUSTER_NODES = 50;

/**
 * Large clusters without NodeLocal DNSCache send every lookup across the network, whatever the IP family (on IPv6
 * the cache listens on fd00::10).
 */
export const nodeLocalDnsMissing: Guardrail = {
  id: 'NETKIT-DNS2',
  level: GuardrailLevel.WARNING,
  what: `no NodeLocal DNSCache on a cluster whose node groups can reach ${LARGE_CLUSTER_NODES} nodes`,
  fix: 'add NodeLocalDnsCache',
  check: (facts) =>
    facts.clusters.flatMap((cluster) => {
      const nodes = cluster.nodegroups.reduce((sum, ng) => sum + (ng.maxSize ?? 0), 0);
      const hasCache = cluster.manifests.some(
        ({ object }) => object?.kind === 'DaemonSet' && object?.metadata?.name === NODE_LOCAL_DNS_NAME,
      );
      return nodes >= LARGE_CLUSTER_NODES && !hasCache && cluster.resource
        ? [
            {
              construct: cluster.resource,
              message: `node groups can reach ${nodes} nodes with no NodeLocal DNSCache: lookups cross the network to CoreDNS and the VPC resolver, whose 1024 PPS link-local limit per ENI drops DNS silently. Add NodeLocalDnsCache`,
            },
          ]
        : [];
    }),
};
