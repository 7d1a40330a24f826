import { ADDRESSES_PER_PREFIX, calculateMaxPods, podIpsPerNode } from './max-pods';
import { PodNetworking } from './pod-networking';
import type { VpcCniWarmPool } from '../cni/vpc-cni-codec';
import { NetkitValidationError, requireInteger } from '../private/validation-error';

/**
 * The EC2 APIs a node's pod networking calls while it fills its warm pool, in report order.
 */
export const EC2_APIS = [
  'AssignPrivateIpAddresses',
  'CreateNetworkInterface',
  'AttachNetworkInterface',
  'ModifyNetworkInterfaceAttribute',
  'DescribeInstances',
  'AssignIpv6Addresses',
  'DescribeNetworkInterfaces',
  'CreateTags',
] as const;

/** One of {@link EC2_APIS}. */
export type Ec2Api = (typeof EC2_APIS)[number];

/** Calls per EC2 API. */
export type Ec2ApiCalls = Record<Ec2Api, number>;

/** No calls at all: the start of every count. */
export function noEc2ApiCalls(): Ec2ApiCalls {
  return Object.fromEntries(EC2_APIS.map((api) => [api, 0])) as Ec2ApiCalls;
}

/** A node group, Karpenter node pool or any set of nodes of one shape that scales as one. */
export interface Ec2ApiBurstGroup {
  /** A name for messages. */
  readonly name: string;
  /** Instance types; the count takes the type that needs the fewest calls, so that "at least" stays true. */
  readonly instanceTypes: readonly string[];
  /** Nodes before the burst. */
  readonly fromNodes: number;
  /** Nodes after it. */
  readonly toNodes: number;
  /**
   * Pods per node that need an IP.
   * @default - a full node
   */
  readonly podsPerNode?: number;
}

/** The calls a burst makes, in total and per new node of each group. */
export interface Ec2ApiBurst {
  readonly calls: Ec2ApiCalls;
  readonly groups: Array<{
    readonly name: string;
    readonly instanceType: string;
    readonly newNodes: number;
    readonly perNode: Ec2ApiCalls;
  }>;
}

/** A guard on the pool actions of one node; each adds at least one address, and no type has this many slots. */
const MAX_POOL_ACTIONS = 10_000;

/**
 * The EC2 calls one new node's VPC CNI (ipamd) makes from launch until its pods have their addresses: a lower bound.
 *
 * The rules, from amazon-vpc-cni-k8s `pkg/ipamd/ipamd.go` and `pkg/awsutils/awsutils.go` (master, 2026-08-20), and
 * `docs/eni-and-ip-target.md` / `docs/prefix-and-ip-target.md`:
 * - At start-up (`nodeInit`) ipamd describes the attached ENIs once (`DescribeAllENIs`: `DescribeNetworkInterfaces`
 *   by ENI ID) and tags the primary ENI, which launches untagged (`TagENI`: one `CreateTags`); ENIs it creates carry
 *   their tags from `CreateNetworkInterface`.
 * - Each run of the pool manager takes one action when the pool is low (`increaseDatastorePool`): it adds addresses
 *   (or /28 prefixes) to one ENI that has room, one `AssignPrivateIpAddresses` call (`tryAssignIPs`,
 *   `tryAssignPrefixes`); only when no attached ENI has room does it create one (`tryAllocateENI`).
 * - A new ENI costs `CreateNetworkInterface` (which already carries the ENI's first addresses or prefixes:
 *   `createENIInput` sets `SecondaryPrivateIpAddressCount` / `Ipv4PrefixCount`, so no assign call follows),
 *   `DescribeInstances` (`awsGetFreeDeviceNumber`, by instance ID), `AttachNetworkInterface` and
 *   `ModifyNetworkInterfaceAttribute` (delete on termination) — `AllocENI`.
 * - The primary ENI exists at launch with no secondary addresses, so the first addresses on it cost an assign call;
 *   with custom networking it carries no pod addresses and every pod ENI is created (`GetAllocatableENIs`).
 * - When the pool is low and how much one action takes (`isDatastorePoolTooLow`, `datastoreTargetState`,
 *   `getPrefixesNeeded`, `GetENIResourcesToAllocate`):
 *   - secondary IPs, `WARM_ENI_TARGET` w (default 1): low while available < w × IPs per ENI; an action fills an ENI;
 *   - `WARM_IP_TARGET` / `MINIMUM_IP_TARGET` (set above 0; they take precedence): short = max(WARM_IP_TARGET −
 *     available, MINIMUM_IP_TARGET − total); an action takes `short` addresses (in /28s with prefix delegation);
 *   - prefix delegation, `WARM_PREFIX_TARGET` p (default 1): low while available < 16 × p; an action takes
 *     max(1, p − free prefixes) prefixes;
 *   - never low once the node holds max pods' worth of addresses.
 * - Security groups for pods: the VPC resource controller creates and attaches one trunk ENI per trunking node.
 *
 * The assumptions, each toward fewer calls, and the calls left out are listed in `assumptions.ts`
 * (`ipamd-*`, `calls-left-out`).
 */
export function nodeEc2ApiCalls(
  instanceType: string,
  mode: PodNetworking,
  warm: VpcCniWarmPool = {},
  podsPerNode?: number,
): Ec2ApiCalls {
  for (const [name, value] of Object.entries(warm)) requireInteger(name, value, 0);
  const capacity = calculateMaxPods(instanceType, { podNetworking: mode });
  if (mode.ipv6Enabled) return ipv6NodeEc2ApiCalls(mode, capacity.podEni > 0);
  const pods = podIpsPerNode(capacity, podsPerNode);
  const prefixes = capacity.prefixDelegation;
  const unitIps = prefixes ? ADDRESSES_PER_PREFIX : 1;
  const slots = capacity.ipv4PerEni - 1; // addresses, or prefixes, per ENI besides its primary address
  // ipamd treats a target of 0 as unset (`warmIPTargetsDefined`).
  const warmIp = warm.warmIpTarget ?? 0;
  const minimumIp = warm.minimumIpTarget ?? 0;
  const ipTargets = warmIp > 0 || minimumIp > 0;
  const warmEni = warm.warmEniTarget ?? 1;
  const warmPrefix = warm.warmPrefixTarget ?? 1;

  const calls = noEc2ApiCalls();
  calls.DescribeNetworkInterfaces++; // nodeInit: DescribeAllENIs
  calls.CreateTags++; // nodeInit: TagENI on the primary ENI
  if (mode.securityGroupsForPods && capacity.podEni > 0) {
    calls.CreateNetworkInterface++;
    calls.AttachNetworkInterface++;
  }
  const enis: number[] = mode.customNetworking ? [] : [0]; // units held per pod ENI; the primary starts empty
  let total = 0; // units held
  for (let action = 0; action < MAX_POOL_ACTIONS; action++) {
    const totalIps = total * unitIps;
    const used = Math.min(pods, totalIps);
    const available = totalIps - used;
    const freePrefixes = total - Math.ceil(used / ADDRESSES_PER_PREFIX);
    if (totalIps >= capacity.maxPods) break;
    const shortIps = Math.max(warmIp - available, minimumIp - totalIps, 0);
    let wanted: number; // units the action takes; 0 when the pool is not low
    if (ipTargets) {
      wanted = prefixes ? Math.ceil(shortIps / ADDRESSES_PER_PREFIX) : shortIps;
    } else if (prefixes) {
      const low = available < ADDRESSES_PER_PREFIX * warmPrefix || (warmPrefix === 0 && available === 0);
      wanted = low ? Math.max(1, warmPrefix - freePrefixes) : 0;
    } else {
      const low = available < slots * warmEni || (warmEni === 0 && available === 0);
      wanted = low ? slots : 0;
    }
    if (wanted === 0) break;
    const last = enis.length - 1;
    if (last >= 0 && enis[last] < slots) {
      const added = Math.min(slots - enis[last], wanted);
      enis[last] += added;
      total += added;
      calls.AssignPrivateIpAddresses++;
    } else if (enis.length < capacity.usableEnis) {
      const added = Math.min(slots, wanted);
      enis.push(added);
      total += added;
      calls.CreateNetworkInterface++;
      calls.DescribeInstances++;
      calls.AttachNetworkInterface++;
      calls.ModifyNetworkInterfaceAttribute++;
    } else {
      break; // every ENI is full: the pods beyond wait for capacity that never comes
    }
  }
  return calls;
}

/**
 * The EC2 calls of one new IPv6 node: whatever its pods, ipamd's nodeInit describes the attached ENIs and tags the
 * primary one as on IPv4 (`DescribeAllENIs`, `TagENI`: the IPv6 init path of ipamd's own tests expects both), reads the
 * primary ENI's IPv6 prefixes
 * (`GetIPv6PrefixesFromEC2`: one `DescribeNetworkInterfaces` by ENI ID) and, finding none, assigns one /80
 * (`AllocIPv6Prefixes`: one `AssignIpv6Addresses` with `Ipv6PrefixCount` 1), then runs no pool manager: "no additional
 * ENIs are attached in IPv6 mode" (`StartNodeIPPoolManager`). Security groups for pods add the trunk the VPC resource
 * controller creates and attaches. Source: amazon-vpc-cni-k8s `pkg/ipamd/ipamd.go` (`assignIPv6Prefix`) and
 * `pkg/awsutils/awsutils.go` (master, 2026-08-20). Multi-NIC nodes (`ENABLE_MULTI_NIC`) are not counted.
 */
function ipv6NodeEc2ApiCalls(mode: PodNetworking, trunking: boolean): Ec2ApiCalls {
  const calls = noEc2ApiCalls();
  calls.DescribeNetworkInterfaces = 2; // nodeInit's DescribeAllENIs, then GetIPv6PrefixesFromEC2
  calls.CreateTags = 1; // nodeInit: TagENI on the primary ENI
  calls.AssignIpv6Addresses = 1;
  if (mode.securityGroupsForPods && trunking) {
    calls.CreateNetworkInterface++;
    calls.AttachNetworkInterface++;
  }
  return calls;
}

/** The sum of the calls, over every API. */
export function totalEc2ApiCalls(calls: Ec2ApiCalls): number {
  return EC2_APIS.reduce((sum, api) => sum + calls[api], 0);
}

/**
 * The calls a burst of new nodes makes: every group scaling from `fromNodes` to `toNodes` at once. Linear in the new
 * nodes: each new node fills its own warm pool.
 */
export function burstEc2ApiCalls(
  groups: readonly Ec2ApiBurstGroup[],
  mode: PodNetworking,
  warm: VpcCniWarmPool = {},
): Ec2ApiBurst {
  const calls = noEc2ApiCalls();
  const perGroup = groups.map((group) => {
    requireInteger(`${group.name} fromNodes`, group.fromNodes, 0);
    requireInteger(
      `${group.name} toNodes`,
      group.toNodes,
      group.fromNodes,
      undefined,
      `the burst goes from ${group.fromNodes} nodes up; give a node count at least that`,
    );
    if (group.instanceTypes.length === 0) throw new NetkitValidationError(`${group.name} has no instance types`);
    const [fewest] = group.instanceTypes
      .map((instanceType) => ({ instanceType, perNode: nodeEc2ApiCalls(instanceType, mode, warm, group.podsPerNode) }))
      .sort((a, b) => totalEc2ApiCalls(a.perNode) - totalEc2ApiCalls(b.perNode));
    const newNodes = group.toNodes - group.fromNodes;
    for (const api of EC2_APIS) calls[api] += newNodes * fewest.perNode[api];
    return { name: group.name, instanceType: fewest.instanceType, newNodes, perNode: fewest.perNode };
  });
  return { calls, groups: perGroup };
}
