import { Ipv4PrefixSize } from './auto-mode-networking';
import type { NodeIpUsage } from './ip-planner';
import { ADDRESSES_PER_PREFIX, HOST_NETWORK_PODS, calculateMaxPods } from './max-pods';
import { PodNetworking } from './pod-networking';
import { requireInteger } from '../private/validation-error';

/**
 * What one Auto Mode node holds. Auto Mode's warm pool is not documented and not configurable (the VPC CNI's
 * `WARM_*` settings do not apply), so the node is counted with what its pods need and nothing spare:
 * - `Auto`: ⌈pod IPs ÷ 16⌉ /28 prefixes, at least one (every node reserves a /28, 16 addresses, even when empty),
 *   on the primary ENI first and on more ENIs when it runs out of slots; plus one primary address per ENI.
 * - `"32"`: pod IPs as secondary addresses, at least one ENI; plus one primary address per ENI.
 * A full node has max pods − 2 pod IPs, as in the ENI formula.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-networking.html
 */
export function autoModeNodeIpUsage(
  instanceType: string,
  prefixSize: Ipv4PrefixSize,
  podsPerNode?: number,
): NodeIpUsage {
  requireInteger('podsPerNode', podsPerNode, 0);
  const capacity = calculateMaxPods(instanceType, {
    podNetworking: PodNetworking.autoMode({ ipv4PrefixSize: prefixSize }),
  });
  const podIps = Math.min(podsPerNode ?? capacity.maxPods - HOST_NETWORK_PODS, capacity.eniLimit - HOST_NETWORK_PODS);
  const slotsPerEni = capacity.ipv4PerEni - 1;
  if (prefixSize === Ipv4PrefixSize.AUTO && capacity.prefixDelegation) {
    const prefixes = Math.max(1, Math.ceil(podIps / ADDRESSES_PER_PREFIX));
    const enis = Math.ceil(prefixes / slotsPerEni);
    return usage(instanceType, podIps, enis, prefixes * ADDRESSES_PER_PREFIX, prefixes);
  }
  const enis = Math.max(1, Math.ceil(podIps / slotsPerEni));
  return usage(instanceType, podIps, enis, podIps, 0);
}

function usage(instanceType: string, podIps: number, enis: number, addresses: number, prefixes: number) {
  return {
    instanceType,
    podIps,
    enisAttached: enis,
    ipsHeld: addresses + enis,
    prefixes,
    ipv6Prefixes: 0,
    eniCalls: enis - 1,
    assignCalls: enis,
    assignIpv6Calls: 0,
  };
}
