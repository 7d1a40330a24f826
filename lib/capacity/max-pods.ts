import { AUTO_MODE_MAX_PODS_CAP } from './auto-mode-networking';
import { InstanceTypeLimits, knownInstanceTypes, lookupInstanceType } from './instance-type-limits';
import { PodNetworking } from './pod-networking';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, raise, requireInteger } from '../private/validation-error';
import { checkObject } from '../private/validators';

/** IPv4 addresses in one /28 prefix. */
export const ADDRESSES_PER_PREFIX = 16;
/** aws-node and kube-proxy run on the host network and need no pod IP. */
export const HOST_NETWORK_PODS = 2;
/** The least max pods that leaves a node room for one workload pod beside the host-network ones. */
export const MIN_MAX_PODS = HOST_NETWORK_PODS + 1;
/** Why max pods cannot go lower, for messages. */
export const MIN_MAX_PODS_WHY = `aws-node and kube-proxy run on every node and count toward max pods, so a node needs at least ${MIN_MAX_PODS} to run one pod of yours`;
/** The EKS max-pods calculator caps at 110 up to 30 vCPUs and at 250 above. */
const SMALL_NODE_CAP = 110;
const LARGE_NODE_CAP = 250;
const SMALL_NODE_MAX_VCPUS = 30;

/**
 * What to compute max pods for, beyond the instance type.
 */
export interface MaxPodsOptions {
  /**
   * How pods get IP addresses.
   * @default PodNetworking.secondaryIps()
   */
  readonly podNetworking?: PodNetworking;

  /**
   * ENIs on the default network card that carry no pod IPs, as Karpenter's `RESERVED_ENIS` setting counts them.
   * When set it replaces the reservation the pod-networking mode implies, so the result is what Karpenter computes.
   * @default - what the mode reserves: one for custom networking, one for the security-groups-for-pods trunk on
   * trunking-compatible types
   */
  readonly reservedEnis?: number;

  /**
   * kubelet `podsPerCore`: at most this many pods per vCPU.
   * @default - no per-core limit
   */
  readonly podsPerCore?: number;

  /**
   * A max-pods value chosen by the user. It must not exceed the ENI capacity, nor 110 on EKS Auto Mode nodes.
   * @default - the recommended value
   */
  readonly maxPods?: number;
}

/**
 * Max pods for one instance type under one pod-networking mode.
 */
export interface MaxPodsResult {
  /** The instance type. */
  readonly instanceType: string;
  /**
   * Default vCPUs of the type.
   * @default - unknown; the 110 cap applies
   */
  readonly vcpus?: number;
  /** ENIs on the default network card. */
  readonly defaultCardEnis: number;
  /** IPv4 addresses per ENI. */
  readonly ipv4PerEni: number;
  /** ENIs left for pod IPs after `MAX_ENI` and reservations. */
  readonly usableEnis: number;
  /** ENIs reserved (custom networking, the security-groups-for-pods trunk, or Karpenter's `reservedEnis`). */
  readonly reservedEnis: number;
  /** Whether /28 prefixes were counted (prefix delegation on a Nitro type with VPC CNI 1.9.0 or later). */
  readonly prefixDelegation: boolean;
  /**
   * The IP capacity: usable ENIs × (IPv4 per ENI − 1) (× 16 with prefixes) + 2 host-network pods. Uncapped;
   * in plain secondary-IP mode it equals AWS's published eni-max-pods value and what nodeadm computes.
   */
  readonly eniLimit: number;
  /**
   * The EKS max-pods calculator's value: eniLimit capped at 110 (≤ 30 vCPUs) or 250, then by podsPerCore. On Auto
   * Mode nodes ({@link PodNetworking.autoMode}) the cap is 110 at any size.
   */
  readonly recommended: number;
  /** The value to give the kubelet: the user's maxPods when set, else `recommended`. */
  readonly maxPods: number;
  /**
   * `vpc.amazonaws.com/pod-eni` capacity: branch ENIs when the type is trunking-compatible, else 0. Nodes advertise
   * it only when security groups for pods is on.
   */
  readonly podEni: number;
  /** How the numbers were reached, on one line. */
  readonly explanation: string;
  /** Inputs that were accepted but are probably not what the user meant. */
  readonly warnings: string[];
}

/**
 * The instance-type capacity math: max pods, the ENI limit, and pod-eni capacity.
 */
export class MaxPods {
  /**
   * Compute max pods for an instance type.
   * @param instanceType e.g. `m5.large`
   */
  public static calculate(instanceType: string, options: MaxPodsOptions = {}): MaxPodsResult {
    return calculateMaxPods(instanceType, options);
  }

  /**
   * Max pods for every known instance type, for tables. Types the options cannot apply to are left out: those
   * where the mode leaves no ENI for pods, and, with podsPerCore, those whose vCPU count is unknown.
   */
  public static calculateAll(options: MaxPodsOptions = {}): MaxPodsResult[] {
    return calculateAllMaxPods(options);
  }

  private constructor() {}
}

/** kubelet `kubeReserved.memory` in MiB for a max-pods value, as nodeadm, Bottlerocket and Karpenter compute it. */
export function kubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

/**
 * Pods per node that need an IP: `podsPerNode` when given, else a full node (max pods minus the host-network pods),
 * never more than the ENI limit leaves.
 */
export function podIpsPerNode(capacity: MaxPodsResult, podsPerNode?: number): number {
  requireInteger('podsPerNode', podsPerNode, 0);
  return Math.min(podsPerNode ?? capacity.maxPods - HOST_NETWORK_PODS, capacity.eniLimit - HOST_NETWORK_PODS);
}

/**
 * Refuse a `podsPerNode` (pods that need an IP) above what a node of the type runs: its max pods less the
 * host-network pods, which count towards max pods but take no pod IP. Below that the planner would count pods the
 * kubelet never schedules, or quietly plan fewer.
 */
export function checkPodsPerNode(podsPerNode: number, capacity: MaxPodsResult): void {
  const limit = capacity.maxPods - HOST_NETWORK_PODS;
  if (podsPerNode <= limit) return;
  throw new NetkitValidationError(
    `podsPerNode (${podsPerNode}) is above the ${limit} pods with an IP that ${capacity.instanceType} nodes run: ` +
      `max pods ${capacity.maxPods} (${capacity.explanation}) less the ${HOST_NETWORK_PODS} host-network pods ` +
      `(aws-node, kube-proxy); give podsPerNode ${limit} or less, or leave it out for a full node`,
  );
}

/** See {@link MaxPods.calculate}. */
export function calculateMaxPods(instanceType: string, options: MaxPodsOptions = {}): MaxPodsResult {
  validateOptions(options ?? {});
  options = options ?? {};
  const limits = lookupInstanceType(instanceType);
  const mode = options.podNetworking ?? PodNetworking.secondaryIps();
  if (mode.ipv6Enabled && !limits.bareMetal && limits.hypervisor !== 'nitro') {
    throw new NetkitValidationError(
      `${instanceType} cannot run IPv6 pods: it is not a Nitro type (${limits.hypervisor || 'no'} hypervisor), and the ` +
        "VPC CNI's IPv6 mode needs prefix delegation, which only Nitro types support; choose a Nitro instance type",
    );
  }

  const warnings: string[] = [];
  const enis = mode.maxEni === undefined ? limits.defaultCardEnis : Math.min(mode.maxEni, limits.defaultCardEnis);
  const modeReserved = reservationsOf(mode, limits);
  const modeReservedCount = modeReserved.length; // each reservation is one ENI
  const reserved = options.reservedEnis ?? modeReservedCount;
  if (options.reservedEnis !== undefined && options.reservedEnis < modeReservedCount) {
    warnings.push(
      `reservedEnis ${options.reservedEnis} is less than the ${modeReservedCount} ENI(s) ` +
        `${modeReserved.join(' and ')} reserve(s) on ${instanceType}: ` +
        'Karpenter would schedule more pods than the node can give IPs; set RESERVED_ENIS to match the mode',
    );
  }
  const usableEnis = enis - reserved;
  if (usableEnis <= 0) {
    const why = options.reservedEnis !== undefined ? `reservedEnis ${reserved}` : modeReserved.join(' and ');
    throw new NetkitValidationError(
      `${instanceType} has ${enis} ENI(s) on its default network card and ${why} reserve(s) ${reserved}, ` +
        'which leaves no ENI for pod IPs; choose an instance type with more ENIs or reserve fewer',
    );
  }

  const prefixIgnored = prefixDelegationIgnoredBecause(mode, limits);
  const prefixDelegation = mode.prefixDelegationEnabled && prefixIgnored === undefined;
  if (mode.prefixDelegationEnabled && prefixIgnored) {
    warnings.push(`prefix delegation is not counted on ${instanceType}: ${prefixIgnored}`);
  }
  const addressesPerEni = (limits.ipv4PerEni - 1) * (prefixDelegation ? ADDRESSES_PER_PREFIX : 1);
  const eniLimit = usableEnis * addressesPerEni + HOST_NETWORK_PODS;
  const enisTerm = enisExpression(limits, mode, enis, options.reservedEnis, modeReserved);
  const addressTerm = mode.ipv6Enabled
    ? `(${limits.ipv4PerEni} − 1) slots × ${ADDRESSES_PER_PREFIX} (the EKS calculator's prefix count; pods' IPv6 addresses come from one /80 on the primary ENI, so addresses never bind)`
    : `(${limits.ipv4PerEni} − 1) IPs${prefixDelegation ? ` × ${ADDRESSES_PER_PREFIX} per /28 prefix` : ''}`;
  const eniLimitTerm = `${enisTerm} × ${addressTerm} + ${HOST_NETWORK_PODS} = ${eniLimit}`;

  const cap = mode.autoModeEnabled
    ? AUTO_MODE_MAX_PODS_CAP
    : limits.vcpus !== undefined && limits.vcpus > SMALL_NODE_MAX_VCPUS
      ? LARGE_NODE_CAP
      : SMALL_NODE_CAP;
  let recommended = Math.min(cap, eniLimit);
  const steps = [mode.autoModeEnabled ? `Auto Mode caps at ${AUTO_MODE_MAX_PODS_CAP}` : capStep(limits.vcpus, cap)];
  const fixed = mode.autoModeStaticPodAddresses;
  if (fixed !== undefined) {
    // Static interfaces: Auto Mode adds no addresses after launch, so the listed ones (plus host-network pods) bound it.
    recommended = Math.min(recommended, fixed + HOST_NETWORK_PODS);
    steps.push(
      `static networkInterfaces give ${fixed} pod addresses + ${HOST_NETWORK_PODS} = ${fixed + HOST_NETWORK_PODS}`,
    );
  }
  const measured = mode.autoModeMeasuredMaxPods;
  if (measured !== undefined && measured > eniLimit) {
    // No node of the type can run more pods than its ENIs give addresses: the reading is of another type or mode.
    throw new NetkitValidationError(
      `measuredMaxPods (${measured}) is above the ENI limit of ${instanceType} with ${mode.describe()} ` +
        `(${eniLimitTerm}), which no such node can exceed; give status.capacity.pods of a live ${instanceType} node ` +
        'with this ipv4PrefixSize',
    );
  }
  if (measured !== undefined) {
    // The user's reading of status.capacity.pods replaces the library's reading of Auto Mode's calculation.
    recommended = measured;
    steps.push(`measured on a live node (status.capacity.pods): ${measured}`);
  }
  if (options.podsPerCore !== undefined) {
    if (limits.vcpus === undefined) {
      throw new NetkitValidationError(
        `podsPerCore (${options.podsPerCore}) needs the vCPU count of ${instanceType}, which is unknown; ` +
          'set maxPods instead of podsPerCore for this type',
      );
    }
    recommended = Math.min(recommended, options.podsPerCore * limits.vcpus);
    steps.push(`podsPerCore ${options.podsPerCore} × ${limits.vcpus} vCPUs = ${options.podsPerCore * limits.vcpus}`);
  }
  steps.push(`recommended ${recommended}`);

  if (mode.autoModeEnabled && options.maxPods !== undefined && options.maxPods > AUTO_MODE_MAX_PODS_CAP) {
    throw new NetkitValidationError(
      `maxPods (${options.maxPods}) is above ${AUTO_MODE_MAX_PODS_CAP}, the max pods EKS Auto Mode allows on any node; ` +
        `give maxPods ${AUTO_MODE_MAX_PODS_CAP} or less`,
    );
  }
  if (options.maxPods !== undefined && options.maxPods > eniLimit) {
    const fix =
      prefixDelegation || prefixIgnored
        ? 'lower maxPods or choose an instance type with more ENIs'
        : 'lower maxPods or enable prefix delegation';
    throw new NetkitValidationError(
      `maxPods (${options.maxPods}) exceeds the ENI capacity of ${instanceType} with ${mode.describe()} (${eniLimit}); ${fix}`,
    );
  }
  if (options.maxPods !== undefined) steps.push(`maxPods ${options.maxPods} set by the user`);

  const explanation =
    `${instanceType}, ${mode.describe()}: ${eniLimitTerm}` +
    `${prefixIgnored ? ` (prefixes not counted: ${prefixIgnored})` : ''}; ${steps.join('; ')}`;

  return {
    instanceType,
    vcpus: limits.vcpus,
    defaultCardEnis: limits.defaultCardEnis,
    ipv4PerEni: limits.ipv4PerEni,
    usableEnis,
    reservedEnis: reserved,
    prefixDelegation,
    eniLimit,
    recommended,
    maxPods: options.maxPods ?? recommended,
    podEni: limits.trunking ? limits.branchEnis : 0,
    explanation,
    warnings,
  };
}

/** See {@link MaxPods.calculateAll}. */
export function calculateAllMaxPods(options: MaxPodsOptions = {}): MaxPodsResult[] {
  validateOptions(options ?? {});
  const results: MaxPodsResult[] = [];
  for (const instanceType of knownInstanceTypes()) {
    try {
      results.push(calculateMaxPods(instanceType, options));
    } catch (err) {
      // The options are valid, so this type cannot run pods under them (no ENI left, or vCPUs unknown): no row.
      if (!(err instanceof NetkitValidationError)) throw err;
    }
  }
  return results;
}

function validateOptions(options: MaxPodsOptions): void {
  raise(
    undefined,
    checkObject(
      'options',
      options,
      'a MaxPodsOptions object',
      (o) => typeof o === 'object' && !Array.isArray(o),
      'pass { ... }',
    ),
    checkObject(
      'podNetworking',
      options.podNetworking,
      'a PodNetworking',
      (p) => p instanceof PodNetworking,
      'pass PodNetworking.secondaryIps(), PodNetworking.prefixDelegation() or PodNetworking.autoMode()',
      false,
    ),
  );
  // Tokens are refused by the rules: max pods is arithmetic on these numbers at synth.
  validateProps(undefined, 'MaxPodsOptions', options, '', 'options');
  requireInteger(
    'reservedEnis',
    options.reservedEnis,
    0,
    1000,
    'RESERVED_ENIS counts whole ENIs (the largest EC2 types have 80) and cannot be negative',
  );
  requireInteger('podsPerCore', options.podsPerCore, 1);
  requireInteger('maxPods', options.maxPods, MIN_MAX_PODS, undefined, MIN_MAX_PODS_WHY);
}

/**
 * What a mode reserves on a type, one ENI per entry. The trunk exists only on trunking-compatible types. On IPv6 no
 * ENI carries pod addresses besides the primary one (its /80 holds them all), so nothing is taken from pods.
 */
function reservationsOf(mode: PodNetworking, limits: InstanceTypeLimits): string[] {
  if (mode.ipv6Enabled) return [];
  return [
    ...(mode.customNetworking ? ['custom networking'] : []),
    ...(mode.securityGroupsForPods && limits.trunking ? ['the security-groups-for-pods trunk'] : []),
  ];
}

/** Why the EKS calculator would not count prefixes here, or undefined when it would. */
function prefixDelegationIgnoredBecause(mode: PodNetworking, limits: InstanceTypeLimits): string | undefined {
  if (!mode.prefixDelegationEnabled) return undefined;
  // The VPC CNI hands out IPv6 prefixes on Nitro bare metal too (1.11+); non-Nitro types were refused above.
  if (mode.ipv6Enabled) return undefined;
  if (limits.bareMetal) return 'bare-metal types report no Nitro hypervisor';
  if (limits.hypervisor !== 'nitro') return `${limits.hypervisor || 'no'} hypervisor, prefixes need Nitro`;
  if (!mode.cniSupportsPrefixDelegation) return `VPC CNI ${mode.cniVersion} is older than 1.9.0`;
  return undefined;
}

function capStep(vcpus: number | undefined, cap: number): string {
  if (vcpus === undefined) return `vCPUs unknown → cap ${cap}`;
  return `${vcpus} vCPUs ${vcpus > SMALL_NODE_MAX_VCPUS ? '>' : '≤'} ${SMALL_NODE_MAX_VCPUS} → cap ${cap}`;
}

function enisExpression(
  limits: InstanceTypeLimits,
  mode: PodNetworking,
  enis: number,
  reservedEnis: number | undefined,
  modeReserved: string[],
): string {
  const base =
    mode.maxEni !== undefined && mode.maxEni < limits.defaultCardEnis
      ? `${enis} ENIs (MAX_ENI)`
      : `${enis} ENIs on the default card`;
  const minus =
    reservedEnis !== undefined
      ? reservedEnis > 0
        ? [` − ${reservedEnis} reserved`]
        : []
      : modeReserved.map((reason) => ` − 1 ${reason}`);
  return minus.length > 0 ? `(${base}${minus.join('')})` : base;
}
