import { Ipv4PrefixSize } from './auto-mode-networking';
import type { IpPlan } from './ip-planner';
import { PodNetworking } from './pod-networking';

/** Prefix mode counts as wasteful when it holds at least this many times the addresses of `"32"` mode. */
const SPARSE_NODE_WASTE_FACTOR = 1.5;
/** …and uses over this share of a subnet's addresses at maximum size, so the waste matters. */
const SUBNET_PRESSURE = 0.5;

/**
 * When an Auto Mode plan with /28 prefixes would be better served by `ipv4PrefixSize: "32"`, say why:
 * - the subnets cannot give the /28 blocks the nodes need (too small or fragmented), where `"32"` fits;
 * - or the nodes are pod-sparse: a /28 per node holds at least 1.5 times the addresses `"32"` would, and the nodes
 *   take over half of a subnet at maximum size (AWS's advice for pod-sparse fleets at large node counts).
 * Returns no advice when prefixes are the right fit, or when a `"32"` node cannot hold as many pods (its ENIs run
 * out of addresses first).
 * @param plan the plan in `Auto` mode
 * @param plan32 the same plan in `"32"` mode, with each group's pods per node set to the pod IPs of `plan`
 */
export function autoModePrefixSizeAdvice(plan: IpPlan, plan32: IpPlan): string[] {
  const samePods = plan.nodegroups.every((g, i) => plan32.nodegroups[i].perNode.podIps === g.perNode.podIps);
  // A "32" node that cannot hold the pods a prefix node does is no like-for-like alternative.
  if (!samePods) return [];
  const advice: string[] = [];
  plan.subnets.forEach((subnet, i) => {
    const single = plan32.subnets[i];
    const where = `subnet ${subnet.cidr}${subnet.availabilityZone ? ` (${subnet.availabilityZone})` : ''}`;
    if (subnet.prefixesAtMax > subnet.prefixBlocks && single.fits) {
      advice.push(
        `${where}: ${subnet.nodesAtMax} Auto Mode nodes need ${subnet.prefixesAtMax} free /28 blocks and the subnet has ` +
          `${subnet.prefixBlocks}; with ipv4PrefixSize "32" they need ${single.ipsAtMax} of ${single.usableIps} IPs and fit — ` +
          'set ipv4PrefixSize "32" on the NodeClass (Auto Mode would otherwise fall back to single IPs node by node)',
      );
    } else if (
      subnet.ipsAtMax >= SPARSE_NODE_WASTE_FACTOR * single.ipsAtMax &&
      subnet.ipsAtMax > SUBNET_PRESSURE * subnet.usableIps &&
      single.ipsAtMax < subnet.ipsAtMax
    ) {
      advice.push(
        `${where}: pod-sparse Auto Mode nodes hold ${subnet.ipsAtMax} IPs in /28 prefixes but would hold ` +
          `${single.ipsAtMax} with ipv4PrefixSize "32" (of ${subnet.usableIps}); set ipv4PrefixSize "32" on the NodeClass` +
          (single.fits ? '' : ', and make room for the rest: it still does not fit'),
      );
    }
  });
  return advice;
}

/** Whether a mode is Auto Mode with /28 prefixes, the only mode the advice is for. */
export function isAutoModePrefixMode(mode: PodNetworking): boolean {
  return mode.autoModeIpv4PrefixSize === Ipv4PrefixSize.AUTO;
}

/** The `"32"` counterpart of an Auto Mode prefix plan's inputs, for {@link autoModePrefixSizeAdvice}. */
export function singleAddressMode(): PodNetworking {
  return PodNetworking.autoMode({ ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS });
}
