import { autoModeNodeIpUsage } from './auto-mode-ip-usage';
import { autoModePrefixSizeAdvice, isAutoModePrefixMode, singleAddressMode } from './auto-mode-plan-advice';
import { nodeEc2ApiCalls } from './ec2-api-calls';
import { ADDRESSES_PER_PREFIX, calculateMaxPods, podIpsPerNode } from './max-pods';
import { PodNetworking } from './pod-networking';
import { freePrefixBlocks } from './prefix-availability';
import { VpcCniWarmPool, validateWarmPool } from '../cni/vpc-cni-codec';
import { parseCidr } from '../private/ip-address';
import { NetkitValidationError, requireInteger } from '../private/validation-error';

/** AWS reserves the first four and the last address of every subnet. */
const AWS_RESERVED_PER_SUBNET = 5;

/**
 * /80 prefixes in a subnet's IPv6 block: AWS gives every subnet a /64, so 2^(80 − 64).
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 */
export const IPV6_PREFIXES_PER_SUBNET = 2 ** 16;

/** One subnet the nodes' pods take addresses from. */
export interface PlannedSubnet {
  /** IPv4 CIDR, e.g. `10.0.1.0/24`. */
  readonly cidr: string;
  /** Availability Zone, for the per-AZ totals. */
  readonly availabilityZone?: string;
  /**
   * Addresses already in use in the subnet; they break up the aligned /28 blocks prefixes need.
   * @default - none: a fresh subnet
   */
  readonly usedAddresses?: string[];
}

/** One node group to plan for. */
export interface PlannedNodegroup {
  /** A name for the report. */
  readonly name: string;
  /** Instance types; the plan uses the type that holds the most IPs per node (the worst case). */
  readonly instanceTypes: string[];
  readonly minSize: number;
  readonly maxSize: number;
  /**
   * Pods per node that need an IP.
   * @default - the node's max pods minus the two host-network pods (a full node)
   */
  readonly podsPerNode?: number;
  /**
   * Indexes into the plan's subnets that this node group spreads over.
   * @default - all subnets
   */
  readonly subnetIndexes?: number[];
}

/** What one node of a group holds, and what its launch costs in EC2 calls. */
export interface NodeIpUsage {
  readonly instanceType: string;
  readonly podIps: number;
  readonly enisAttached: number;
  /** Addresses the node takes from the subnet: ENI primary IPs plus secondary IPs or /28 prefixes. */
  readonly ipsHeld: number;
  /** /28 prefixes held (prefix delegation). */
  readonly prefixes: number;
  /** IPv6 /80 prefixes the node takes from its subnet's /64 (IPv6 clusters: one on the primary ENI). */
  readonly ipv6Prefixes: number;
  /** CreateNetworkInterface (and as many AttachNetworkInterface) calls, at least (the EC2 call model). */
  readonly eniCalls: number;
  /** AssignPrivateIpAddresses calls, at least: new ENIs come with their addresses, so the primary's and top-ups. */
  readonly assignCalls: number;
  /** AssignIpv6Addresses calls: one /80 per IPv6 node. */
  readonly assignIpv6Calls: number;
}

/** One subnet at the node groups' maximum size. */
export interface SubnetPlan {
  readonly cidr: string;
  readonly availabilityZone?: string;
  readonly usableIps: number;
  readonly nodesAtMax: number;
  readonly ipsAtMax: number;
  readonly headroom: number;
  /** Free aligned /28 blocks of the subnet, and how many prefixes need at maximum size. */
  readonly prefixBlocks: number;
  readonly prefixesAtMax: number;
  /** IPv6 /80 prefixes the nodes take at maximum size, of the {@link IPV6_PREFIXES_PER_SUBNET} of the subnet's /64. */
  readonly ipv6PrefixesAtMax: number;
  /** `low`, `medium` (over half of the /28 blocks needed) or `high` (over 80 %, or not enough free /28s). */
  readonly fragmentationRisk: string;
  readonly fits: boolean;
}

/** The whole plan. */
export interface IpPlan {
  readonly nodegroups: Array<{ readonly name: string; readonly perNode: NodeIpUsage; readonly scaleUpNodes: number }>;
  readonly subnets: SubnetPlan[];
  /** Totals per Availability Zone, over the subnets whose zone is known (empty when none is). */
  readonly azs: Array<{
    readonly availabilityZone: string;
    readonly usableIps: number;
    readonly ipsAtMax: number;
    readonly headroom: number;
  }>;
  /** EC2 calls a scale-up from every group's minimum to its maximum makes. */
  readonly scaleUpCalls: {
    readonly createNetworkInterface: number;
    readonly attachNetworkInterface: number;
    readonly assignPrivateIpAddresses: number;
    readonly assignIpv6Addresses: number;
  };
  readonly fits: boolean;
  /** One line per subnet that does not fit, saying by how much and what to do. */
  readonly problems: string[];
  /** Advice that does not change the verdict: for Auto Mode with /28 prefixes, when `ipv4PrefixSize "32"` fits better. */
  readonly advice: string[];
}

/** Usable addresses of an IPv4 CIDR, or an error naming the malformed value. */
export function usableIps(cidr: string): number {
  const parsed = parseCidr(cidr);
  const prefix = parsed?.prefixLength ?? 0;
  if (parsed?.family !== 4 || prefix < 16 || prefix > 28) {
    throw new NetkitValidationError(
      `subnet '${cidr}' is not an IPv4 CIDR from /16 to /28 (e.g. 10.0.1.0/24), the sizes a VPC subnet can have`,
    );
  }
  return 2 ** (32 - prefix) - AWS_RESERVED_PER_SUBNET;
}

/**
 * What one node holds from its subnet under the VPC CNI's warm-pool rules.
 * - Secondary IPs with `WARM_ENI_TARGET`: an ENI comes with all of its addresses; a node keeps enough ENIs for its
 *   pods plus `WARM_ENI_TARGET` spare ones.
 * - With `WARM_IP_TARGET` / `MINIMUM_IP_TARGET`: max(pods + WARM_IP_TARGET, MINIMUM_IP_TARGET) secondary addresses,
 *   on as many ENIs as that takes.
 * - Prefix delegation: ceil(pods / 16) + `WARM_PREFIX_TARGET` /28 prefixes (or the IP targets, rounded up to /28s).
 * Every attached ENI also holds its primary address. Capped at what the instance type can attach.
 * @see https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md
 * @see https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/prefix-and-ip-target.md
 */
export function nodeIpUsage(
  instanceType: string,
  mode: PodNetworking,
  warm: VpcCniWarmPool = {},
  podsPerNode?: number,
): NodeIpUsage {
  // The VpcCni add-on's own rules; Auto Mode runs no VPC CNI, and refuses every warm setting below.
  if (!mode.autoModeEnabled) validateWarmPool(mode, warm);
  if (mode.ipv6Enabled) return ipv6NodeIpUsage(instanceType, mode, warm, podsPerNode);
  if (mode.autoModeIpv4PrefixSize !== undefined) {
    const set = Object.entries(warm).filter(([, value]) => value !== undefined);
    if (set.length > 0) {
      throw new NetkitValidationError(
        `${set.map(([name, value]) => `${name} (${value})`).join(', ')} ${set.length === 1 ? 'does' : 'do'} not apply to EKS Auto Mode, which runs its own ` +
          'warm pool; leave the VPC CNI warm settings out of an Auto Mode plan',
      );
    }
    return autoModeNodeIpUsage(instanceType, mode.autoModeIpv4PrefixSize, podsPerNode, mode);
  }
  const capacity = calculateMaxPods(instanceType, { podNetworking: mode });
  const podIps = podIpsPerNode(capacity, podsPerNode);
  const slotsPerEni = capacity.ipv4PerEni - 1;
  const ipTargets = warm.warmIpTarget !== undefined || warm.minimumIpTarget !== undefined;
  const wanted = Math.max(podIps + (warm.warmIpTarget ?? 0), warm.minimumIpTarget ?? 0);
  // Custom networking and the trunk take ENIs that carry no pod addresses; they still hold a primary IP each.
  const fixedEnis = capacity.defaultCardEnis - capacity.usableEnis;
  let enis: number;
  let addresses: number;
  let prefixes = 0;
  if (capacity.prefixDelegation) {
    prefixes = ipTargets
      ? Math.ceil(wanted / ADDRESSES_PER_PREFIX)
      : Math.ceil(podIps / ADDRESSES_PER_PREFIX) + (warm.warmPrefixTarget ?? 1);
    prefixes = Math.min(Math.max(prefixes, 1), capacity.usableEnis * slotsPerEni);
    enis = Math.ceil(prefixes / slotsPerEni);
    addresses = prefixes * ADDRESSES_PER_PREFIX;
  } else if (ipTargets) {
    addresses = Math.min(wanted, capacity.usableEnis * slotsPerEni);
    enis = Math.max(1, Math.ceil(addresses / slotsPerEni));
  } else {
    enis = Math.min(capacity.usableEnis, Math.max(1, Math.ceil(podIps / slotsPerEni)) + (warm.warmEniTarget ?? 1));
    addresses = enis * slotsPerEni;
  }
  const attached = enis + fixedEnis;
  const calls = nodeEc2ApiCalls(instanceType, mode, warm, podsPerNode);
  return {
    instanceType,
    podIps,
    enisAttached: attached,
    ipsHeld: addresses + attached,
    prefixes,
    ipv6Prefixes: 0,
    eniCalls: calls.CreateNetworkInterface,
    assignCalls: calls.AssignPrivateIpAddresses,
    assignIpv6Calls: 0,
  };
}

/**
 * What one IPv6 node holds. Pods take IPv6 addresses from the one /80 prefix ipamd assigns to the primary ENI at
 * start; the VPC CNI attaches no other ENI and keeps no warm pool in IPv6 mode. From the subnet's IPv4 space the node
 * takes only its primary ENI's address (plus the trunk ENI's with security groups for pods), whatever its pods:
 * "for a given worker-node, only a single IPv4 address from the dual-stack subnet is consumed" (EKS best practices,
 * IPv6). Pods reach IPv4 endpoints through a node-local 169.254.172.0/22 address, not a subnet address.
 */
function ipv6NodeIpUsage(
  instanceType: string,
  mode: PodNetworking,
  warm: VpcCniWarmPool,
  podsPerNode?: number,
): NodeIpUsage {
  const capacity = calculateMaxPods(instanceType, { podNetworking: mode });
  const calls = nodeEc2ApiCalls(instanceType, mode, warm, podsPerNode);
  const enis = 1 + calls.CreateNetworkInterface; // the primary, and the trunk when the controller creates one
  return {
    instanceType,
    podIps: podIpsPerNode(capacity, podsPerNode),
    enisAttached: enis,
    ipsHeld: enis,
    prefixes: 0,
    ipv6Prefixes: 1,
    eniCalls: calls.CreateNetworkInterface,
    assignCalls: calls.AssignPrivateIpAddresses,
    assignIpv6Calls: calls.AssignIpv6Addresses,
  };
}

/**
 * Plan the subnets for node groups at their maximum size. Nodes spread evenly over a group's subnets (as managed
 * node groups and Auto Scaling balance AZs), rounded up.
 */
export function planIpCapacity(
  subnets: readonly PlannedSubnet[],
  nodegroups: readonly PlannedNodegroup[],
  mode: PodNetworking,
  warm: VpcCniWarmPool = {},
): IpPlan {
  const plan = planWithoutAdvice(subnets, nodegroups, mode, warm);
  if (!isAutoModePrefixMode(mode)) return plan;
  // Compare at the same pods per node: a "32" node holds fewer pods when its ENIs run out of addresses.
  const samePods = nodegroups.map((g, i) => ({ ...g, podsPerNode: plan.nodegroups[i].perNode.podIps }));
  const advice = autoModePrefixSizeAdvice(plan, planWithoutAdvice(subnets, samePods, singleAddressMode(), warm));
  return { ...plan, advice };
}

function planWithoutAdvice(
  subnets: readonly PlannedSubnet[],
  nodegroups: readonly PlannedNodegroup[],
  mode: PodNetworking,
  warm: VpcCniWarmPool,
): IpPlan {
  if (subnets.length === 0) throw new NetkitValidationError('the plan needs at least one subnet (--subnet CIDR)');
  if (nodegroups.length === 0) throw new NetkitValidationError('the plan needs at least one node group');
  const sizes = subnets.map((s) => usableIps(s.cidr));
  const perSubnet = subnets.map(() => ({ nodes: 0, ips: 0, prefixes: 0, ipv6Prefixes: 0 }));
  const calls = {
    createNetworkInterface: 0,
    attachNetworkInterface: 0,
    assignPrivateIpAddresses: 0,
    assignIpv6Addresses: 0,
  };

  const groups = nodegroups.map((group) => {
    requireInteger(`${group.name}.minSize`, group.minSize, 0);
    requireInteger(
      `${group.name}.maxSize`,
      group.maxSize,
      Math.max(group.minSize, 1),
      undefined,
      'maxSize must be at least minSize and 1',
    );
    if (group.instanceTypes.length === 0) throw new NetkitValidationError(`${group.name} has no instance types`);
    const perNode = group.instanceTypes
      .map((t) => nodeIpUsage(t, mode, warm, group.podsPerNode))
      .reduce((worst, u) => (u.ipsHeld > worst.ipsHeld ? u : worst));
    const indexes = group.subnetIndexes ?? subnets.map((_, i) => i);
    indexes.forEach((i) => {
      if (!perSubnet[i]) {
        throw new NetkitValidationError(
          `${group.name} names subnet index ${i}, but the plan has ${subnets.length} subnets`,
        );
      }
    });
    const nodesPerSubnet = Math.ceil(group.maxSize / indexes.length);
    for (const i of indexes) {
      perSubnet[i].nodes += nodesPerSubnet;
      perSubnet[i].ips += nodesPerSubnet * perNode.ipsHeld;
      perSubnet[i].prefixes += nodesPerSubnet * perNode.prefixes;
      perSubnet[i].ipv6Prefixes += nodesPerSubnet * perNode.ipv6Prefixes;
    }
    const scaleUpNodes = group.maxSize - group.minSize;
    calls.createNetworkInterface += scaleUpNodes * perNode.eniCalls;
    calls.attachNetworkInterface += scaleUpNodes * perNode.eniCalls;
    calls.assignPrivateIpAddresses += scaleUpNodes * perNode.assignCalls;
    calls.assignIpv6Addresses += scaleUpNodes * perNode.assignIpv6Calls;
    return { name: group.name, perNode, scaleUpNodes };
  });

  const subnetPlans: SubnetPlan[] = subnets.map((subnet, i) => {
    const usable = sizes[i];
    const blocks = freePrefixBlocks(subnet.cidr, subnet.usedAddresses);
    const { nodes, ips, prefixes, ipv6Prefixes } = perSubnet[i];
    const share = blocks > 0 ? prefixes / blocks : prefixes > 0 ? Infinity : 0;
    return {
      cidr: subnet.cidr,
      availabilityZone: subnet.availabilityZone,
      usableIps: usable,
      nodesAtMax: nodes,
      ipsAtMax: ips,
      headroom: usable - ips,
      prefixBlocks: blocks,
      prefixesAtMax: prefixes,
      ipv6PrefixesAtMax: ipv6Prefixes,
      fragmentationRisk: prefixes === 0 ? 'low' : share > 0.8 ? 'high' : share > 0.5 ? 'medium' : 'low',
      fits: ips <= usable && prefixes <= blocks && ipv6Prefixes <= IPV6_PREFIXES_PER_SUBNET,
    };
  });

  // Per zone only for subnets whose zone is known: a subnet without one is no zone of its own.
  const azTotals = new Map<string, { usableIps: number; ipsAtMax: number }>();
  for (const s of subnetPlans) {
    const az = s.availabilityZone;
    if (az === undefined) continue;
    const total = azTotals.get(az) ?? { usableIps: 0, ipsAtMax: 0 };
    azTotals.set(az, { usableIps: total.usableIps + s.usableIps, ipsAtMax: total.ipsAtMax + s.ipsAtMax });
  }
  const problems = subnetPlans
    .filter((s) => !s.fits)
    .map((s) =>
      s.ipsAtMax > s.usableIps
        ? `subnet ${s.cidr}${s.availabilityZone ? ` (${s.availabilityZone})` : ''} needs ${s.ipsAtMax} IPs for ${s.nodesAtMax} nodes at maximum size but has ${s.usableIps}; ` +
          (mode.autoModeEnabled
            ? 'use a larger subnet, add subnets, or lower the NodePool limits'
            : 'use a larger subnet, add subnets, lower maxSize, or hold fewer spare IPs (WARM_IP_TARGET / MINIMUM_IP_TARGET instead of WARM_ENI_TARGET)')
        : s.ipv6PrefixesAtMax > IPV6_PREFIXES_PER_SUBNET
          ? `subnet ${s.cidr} needs ${s.ipv6PrefixesAtMax} IPv6 /80 prefixes but its /64 holds ${IPV6_PREFIXES_PER_SUBNET}; add subnets`
          : `subnet ${s.cidr} needs ${s.prefixesAtMax} free /28 prefixes at maximum size but has ${s.prefixBlocks}; use a larger subnet or a subnet CIDR reservation for prefixes`,
    );
  return {
    nodegroups: groups,
    subnets: subnetPlans,
    azs: [...azTotals].map(([availabilityZone, t]) => ({ availabilityZone, ...t, headroom: t.usableIps - t.ipsAtMax })),
    scaleUpCalls: calls,
    fits: problems.length === 0,
    problems,
    advice: [],
  };
}

/**
 * The longest subnet prefix length (the smallest subnets, /28 to /16) at which one subnet per AZ holds the node
 * groups at maximum size, for sizing a new VPC.
 */
export function smallestFittingPrefixLength(
  azCount: number,
  nodegroups: readonly PlannedNodegroup[],
  mode: PodNetworking,
  warm: VpcCniWarmPool = {},
): number {
  requireInteger('azCount', azCount, 1, 16);
  for (let prefix = 28; prefix >= 16; prefix--) {
    const subnets = Array.from({ length: azCount }, (_, i) => ({ cidr: `10.${i}.0.0/${prefix}` }));
    if (planIpCapacity(subnets, nodegroups, mode, warm).fits) return prefix;
  }
  throw new NetkitValidationError(
    `the node groups do not fit in ${azCount} subnets of /16 each; add Availability Zones or lower maxSize`,
  );
}
