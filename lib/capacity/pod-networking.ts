import { AUTO_MODE_MAX_PODS_CAP, Ipv4PrefixSize } from './auto-mode-networking';
import { cniVersionAtLeast, parseCniVersion } from './cni-version';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, raise, requireInteger } from '../private/validation-error';
import { checkBoolean, checkEnum, checkObject, checkStringType } from '../private/validators';

/**
 * A factory's options checked against its struct's rules (null reads as none): a value the max-pods math needs at
 * synth, such as maxEni, cannot be a token.
 */
function checkedOptions<T extends object>(struct: string, options: T | null | undefined): T {
  const given = (options ?? {}) as T;
  validateProps(undefined, struct, given, '', 'options');
  return given;
}

/**
 * Options shared by every pod-networking mode.
 */
export interface PodNetworkingOptions {
  /**
   * VPC CNI custom networking (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`): pods get IPs from ENIConfig subnets, and the
   * node's primary ENI serves the node only, so one ENI less carries pod IPs.
   * @default false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html
   */
  readonly customNetworking?: boolean;

  /**
   * Security groups for pods (`ENABLE_POD_ENI`): trunking-compatible nodes attach a trunk ENI, which takes one ENI
   * slot from secondary-IP pods, and advertise branch ENIs as `vpc.amazonaws.com/pod-eni`.
   * @default false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
   */
  readonly securityGroupsForPods?: boolean;

  /**
   * The VPC CNI version the cluster runs (`1.19.2` or `v1.19.2-eksbuild.1`). Prefix delegation needs 1.9.0 or later.
   * @default - a version EKS currently ships (1.9.0 or later)
   */
  readonly cniVersion?: string;

  /**
   * The VPC CNI `MAX_ENI` setting: the most ENIs the CNI attaches per node.
   * @default - no limit below the instance type's own
   */
  readonly maxEni?: number;
}

/**
 * Options for IPv6 pod networking.
 */
export interface Ipv6PodNetworkingOptions {
  /**
   * Security groups for pods (`ENABLE_POD_ENI`). On IPv6 the trunk ENI takes an ENI slot but no pod addresses: pods'
   * IPv6 addresses come from the /80 prefix of the primary ENI.
   * @default false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
   */
  readonly securityGroupsForPods?: boolean;

  /**
   * The VPC CNI version the cluster runs. IPv6 needs 1.10.1 or later.
   * @default - a version EKS currently ships (1.10.1 or later)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
   */
  readonly cniVersion?: string;
}

/**
 * Options for EKS Auto Mode pod networking.
 */
export interface AutoModePodNetworkingOptions {
  /**
   * The NodeClass `ipv4PrefixSize`: /28 prefixes (`Auto`) or single addresses (`"32"`).
   * @default Ipv4PrefixSize.AUTO
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
   */
  readonly ipv4PrefixSize?: Ipv4PrefixSize;
  /**
   * The pod addresses a NodeClass's static `networkInterfaces` assign at launch. Auto Mode adds none after launch, so
   * max pods is at most this many.
   * @default - no static interfaces: addresses are added as pods need them
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#static-network-interfaces
   */
  readonly staticPodAddresses?: number;
  /**
   * Max pods read from a live Auto Mode node (`status.capacity.pods`) of the instance type you plan for. AWS does not
   * document whether Auto Mode's max-pods calculation counts /28 prefixes or single addresses under `Auto`; given,
   * this value is max pods instead of the library's reading. It applies to every instance type, so plan one type at a
   * time with it.
   * @default - the library's reading: prefixes counted (see docs/assumptions.md, auto-mode-max-pods-counts-prefixes)
   */
  readonly measuredMaxPods?: number;
}

/**
 * How pods get IP addresses: the one value node groups, add-ons, Karpenter node classes and guardrails share,
 * so that a cluster has a single source of truth for its pod-networking mode.
 */
export class PodNetworking {
  /**
   * Each pod gets a secondary IPv4 address of an ENI: the VPC CNI default.
   */
  public static secondaryIps(options: PodNetworkingOptions = {}): PodNetworking {
    return new PodNetworking(false, checkedOptions('PodNetworkingOptions', options));
  }

  /**
   * Each ENI slot holds /28 prefixes (16 addresses) instead of single addresses (`ENABLE_PREFIX_DELEGATION`).
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
   */
  public static prefixDelegation(options: PodNetworkingOptions = {}): PodNetworking {
    return new PodNetworking(true, checkedOptions('PodNetworkingOptions', options));
  }

  /**
   * IPv6 clusters: the VPC CNI runs in IPv6 mode, which exists only with prefix delegation and without custom
   * networking. Each node takes one /80 prefix on its primary ENI, from which every pod gets its IPv6 address; max pods
   * is what the EKS calculator gives with prefix delegation (capped at 110 or 250). Nitro instance types only.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
   */
  public static ipv6(options: Ipv6PodNetworkingOptions = {}): PodNetworking {
    options = checkedOptions('Ipv6PodNetworkingOptions', options);
    raise(
      undefined,
      checkStringType('cniVersion', options.cniVersion),
      checkBoolean('securityGroupsForPods', options.securityGroupsForPods),
    );
    if (options.cniVersion !== undefined) {
      const version = parseCniVersion(options.cniVersion);
      if (!cniVersionAtLeast(version, 1, 10, 1)) {
        throw new NetkitValidationError(
          `cniVersion '${options.cniVersion}' cannot run IPv6: the VPC CNI's IPv6 mode needs 1.10.1 or later; give a newer cniVersion`,
        );
      }
    }
    return new PodNetworking(
      true,
      { securityGroupsForPods: options.securityGroupsForPods, cniVersion: options.cniVersion },
      undefined,
      true,
    );
  }

  /**
   * EKS Auto Mode nodes: AWS runs pod networking (the VPC CNI's settings do not apply), takes /28 prefixes on the
   * primary ENI or, with `ipv4PrefixSize` `"32"`, single addresses, and caps max pods at 110 after the ENI calculation.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-networking.html
   */
  public static autoMode(options: AutoModePodNetworkingOptions = {}): PodNetworking {
    options = checkedOptions('AutoModePodNetworkingOptions', options);
    raise(undefined, checkEnum('ipv4PrefixSize', options?.ipv4PrefixSize, Ipv4PrefixSize, 'Ipv4PrefixSize'));
    const prefixSize = options?.ipv4PrefixSize ?? Ipv4PrefixSize.AUTO;
    requireInteger('staticPodAddresses', options?.staticPodAddresses, 1);
    requireInteger(
      'measuredMaxPods',
      options?.measuredMaxPods,
      1,
      AUTO_MODE_MAX_PODS_CAP,
      `Auto Mode caps max pods at ${AUTO_MODE_MAX_PODS_CAP}; give status.capacity.pods of a live node`,
    );
    return new PodNetworking(prefixSize === Ipv4PrefixSize.AUTO, {}, prefixSize, false, options ?? {});
  }

  /** Whether ENI slots hold /28 prefixes. */
  public readonly prefixDelegationEnabled: boolean;
  /** Whether custom networking is on. */
  public readonly customNetworking: boolean;
  /** Whether security groups for pods is on. */
  public readonly securityGroupsForPods: boolean;
  /**
   * The VPC CNI version, as given.
   * @default - a version EKS currently ships
   */
  public readonly cniVersion?: string;
  /**
   * The VPC CNI `MAX_ENI` setting.
   * @default - no limit
   */
  public readonly maxEni?: number;
  /**
   * The Auto Mode NodeClass `ipv4PrefixSize`, set only for {@link PodNetworking.autoMode}.
   * @default - not Auto Mode
   */
  public readonly autoModeIpv4PrefixSize?: Ipv4PrefixSize;
  /** Whether pods get IPv6 addresses ({@link PodNetworking.ipv6}). */
  public readonly ipv6Enabled: boolean;
  /**
   * Auto Mode with static network interfaces: the pod addresses assigned at launch, all a node ever has.
   * @default - not static
   */
  public readonly autoModeStaticPodAddresses?: number;
  /**
   * Auto Mode max pods as measured on a live node, when given.
   * @default - the library's reading
   */
  public readonly autoModeMeasuredMaxPods?: number;

  private constructor(
    prefixDelegation: boolean,
    options: PodNetworkingOptions,
    autoModeIpv4PrefixSize?: Ipv4PrefixSize,
    ipv6 = false,
    autoMode: AutoModePodNetworkingOptions = {},
  ) {
    raise(
      undefined,
      checkObject(
        'options',
        options,
        'a PodNetworkingOptions object',
        (o) => typeof o === 'object' && !Array.isArray(o),
        'pass { ... }',
      ),
      checkStringType('cniVersion', options.cniVersion),
      checkBoolean('customNetworking', options.customNetworking),
      checkBoolean('securityGroupsForPods', options.securityGroupsForPods),
    );
    if (options.cniVersion !== undefined) parseCniVersion(options.cniVersion);
    // MAX_ENI counts ENIs per node; the largest EC2 types have 80, so a value past 1000 is a slip, not a setting.
    requireInteger('maxEni', options.maxEni, 1, 1000, 'MAX_ENI counts ENIs per node, at least the primary one');
    this.prefixDelegationEnabled = prefixDelegation;
    this.customNetworking = options.customNetworking ?? false;
    this.securityGroupsForPods = options.securityGroupsForPods ?? false;
    this.cniVersion = options.cniVersion;
    this.maxEni = options.maxEni;
    this.autoModeIpv4PrefixSize = autoModeIpv4PrefixSize;
    this.ipv6Enabled = ipv6;
    this.autoModeStaticPodAddresses = autoMode.staticPodAddresses;
    this.autoModeMeasuredMaxPods = autoMode.measuredMaxPods;
  }

  /** Whether this is EKS Auto Mode pod networking. */
  public get autoModeEnabled(): boolean {
    return this.autoModeIpv4PrefixSize !== undefined;
  }

  /**
   * Whether the CNI version can hand out prefixes (1.9.0 or later; true when no version was given).
   */
  public get cniSupportsPrefixDelegation(): boolean {
    return this.cniVersion === undefined || cniVersionAtLeast(parseCniVersion(this.cniVersion), 1, 9);
  }

  /**
   * The `RESERVED_ENIS` the Karpenter controller needs for this mode: one for custom networking and one for the
   * security-groups-for-pods trunk. Karpenter's setting is global to the controller, so it counts the trunk even
   * though non-trunking types attach none.
   * @see https://karpenter.sh/docs/reference/settings/
   */
  public get karpenterReservedEnis(): number {
    return (this.customNetworking ? 1 : 0) + (this.securityGroupsForPods ? 1 : 0);
  }

  /**
   * Whether `other` gives every instance type the same max pods and ENI reservations as this mode: the same
   * prefix delegation, the same Auto Mode prefix size (Auto Mode is neither VPC CNI mode), custom networking, security groups for pods and MAX_ENI, and (with prefix delegation) the
   * same answer to whether the CNI version hands out prefixes. Versions that change nothing else are equal.
   */
  public sameMathAs(other: PodNetworking): boolean {
    return (
      this.ipv6Enabled === other.ipv6Enabled &&
      this.prefixDelegationEnabled === other.prefixDelegationEnabled &&
      this.autoModeIpv4PrefixSize === other.autoModeIpv4PrefixSize &&
      this.customNetworking === other.customNetworking &&
      this.securityGroupsForPods === other.securityGroupsForPods &&
      this.maxEni === other.maxEni &&
      (!this.prefixDelegationEnabled || this.cniSupportsPrefixDelegation === other.cniSupportsPrefixDelegation)
    );
  }

  /** The description, so the mode reads well in messages and logs. */
  public toString(): string {
    return this.describe();
  }

  /** A short description, e.g. `prefix delegation + custom networking`. */
  public describe(): string {
    if (this.autoModeIpv4PrefixSize === Ipv4PrefixSize.AUTO) return 'EKS Auto Mode, /28 prefixes (ipv4PrefixSize Auto)';
    if (this.autoModeIpv4PrefixSize !== undefined) return 'EKS Auto Mode, single IPs (ipv4PrefixSize "32")';
    return [
      this.ipv6Enabled
        ? 'IPv6 (a /80 prefix per node)'
        : this.prefixDelegationEnabled
          ? 'prefix delegation'
          : 'secondary IPs',
      ...(this.customNetworking ? ['custom networking'] : []),
      ...(this.securityGroupsForPods ? ['security groups for pods'] : []),
      ...(this.cniVersion ? [`VPC CNI ${this.cniVersion}`] : []),
      ...(this.maxEni ? [`MAX_ENI ${this.maxEni}`] : []),
    ].join(' + ');
  }
}
