import { Ipv4PrefixSize } from '../capacity/auto-mode-networking';

/**
 * One term of a NodeClass selector: an ID, tags, or (security groups only) a name. Terms are ORed; the tags of one
 * term are ANDed.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export interface AutoModeSelectorTerm {
  /**
   * A subnet or security group ID.
   * @default - select by tags or name
   */
  readonly id?: string;
  /**
   * Tags the resource must carry; `*` matches any value.
   * @default - select by ID or name
   */
  readonly tags?: Record<string, string>;
  /**
   * A security group name (security group selectors only).
   * @default - select by ID or tags
   */
  readonly name?: string;
}

/** NodeClass `snatPolicy`: how pod traffic leaving the VPC is translated. */
export enum AutoModeSnatPolicy {
  /** Pod traffic to outside the VPC is translated to the node's address (`Random`, the default). */
  RANDOM = 'Random',
  /** No SNAT: pods keep their addresses, for private networks routed through a NAT gateway (`Disabled`). */
  DISABLED = 'Disabled',
}

/** NodeClass `networkPolicy`: what Kubernetes network policy allows when no policy selects a pod. */
export enum AutoModeNetworkPolicy {
  /** Traffic is allowed unless a policy denies it (`DefaultAllow`, the default). */
  DEFAULT_ALLOW = 'DefaultAllow',
  /** Traffic is denied unless a policy allows it (`DefaultDeny`). */
  DEFAULT_DENY = 'DefaultDeny',
}

/**
 * The node's ephemeral storage: the one EBS volume that holds container images, container state and pod volumes on an
 * Auto Mode node. Its IOPS and throughput are what image pulls at boot run against.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export interface AutoModeEphemeralStorage {
  /**
   * Size in GiB (AWS allows 1 to 59,000 GiB).
   * @default 100
   */
  readonly sizeGiB?: number;
  /**
   * Provisioned IOPS (AWS allows 3,000 to 16,000, above 3,000 at most 500 per GiB of sizeGiB).
   * @default 3000
   */
  readonly iops?: number;
  /**
   * Provisioned throughput in MiB/s (AWS allows 125 to 1,000, at most 0.25 per provisioned IOPS). Auto Mode's own
   * default, 125, is what the root volumes of the enterprise case study throttled at during boot.
   * @default 250
   */
  readonly throughputMiBps?: number;
  /**
   * KMS key to encrypt the volume with: a key ID, key ARN, alias name or alias ARN.
   * @default - the AWS managed EBS key
   */
  readonly kmsKeyId?: string;
}

/** Everything the NodeClass manifest is rendered from; validated by the renderer. */
export interface AutoModeNodeClassSpec extends AutoModeNodeClassExtras {
  readonly name: string;
  readonly roleName: string;
  readonly subnetSelectorTerms: readonly AutoModeSelectorTerm[];
  readonly securityGroupSelectorTerms: readonly AutoModeSelectorTerm[];
  readonly podSubnetSelectorTerms?: readonly AutoModeSelectorTerm[];
  readonly podSecurityGroupSelectorTerms?: readonly AutoModeSelectorTerm[];
  readonly snatPolicy?: AutoModeSnatPolicy;
  readonly networkPolicy?: AutoModeNetworkPolicy;
  readonly networkPolicyEventLogs?: boolean;
  readonly ipv4PrefixSize?: Ipv4PrefixSize;
  readonly associatePublicIpAddress?: boolean;
  readonly httpsProxy?: string;
  readonly noProxy?: readonly string[];
  readonly ephemeralStorage?: AutoModeEphemeralStorage;
  readonly tags?: Record<string, string>;
}

/**
 * A CA certificate bundle the node trusts (NodeClass `certificateBundles`), e.g. the CA of a TLS-intercepting proxy
 * that `httpsProxy` points at.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#auto-node-class-spec
 */
export interface AutoModeCertificateBundle {
  /** A name for the bundle, unique in the NodeClass. */
  readonly name: string;
  /** The PEM certificate(s), base64-encoded (AWS's format: `base64 -w0 ca.pem`). */
  readonly data: string;
}

/** NodeClass `advancedSecurity.kernelLockdown`: the Linux kernel lockdown mode of the nodes. */
export enum AutoModeKernelLockdown {
  /** `integrity`: no unsigned kernel modules, no writes to kernel memory. */
  INTEGRITY = 'integrity',
  /** `none`: kernel lockdown off. */
  NONE = 'none',
}

/**
 * NodeClass `advancedSecurity`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-advanced-security.html
 */
export interface AutoModeAdvancedSecurity {
  /**
   * Launch nodes from AMIs with FIPS 140 validated cryptographic modules (AWS offers them in US, GovCloud (US) and
   * Canada Regions only).
   * @default - AWS's default, false
   */
  readonly fips?: boolean;
  /**
   * The kernel lockdown mode.
   * @default - AWS's default
   */
  readonly kernelLockdown?: AutoModeKernelLockdown;
}

/**
 * One term of NodeClass `capacityReservationSelectorTerms`: a reservation by ID, or by tags (optionally only those an
 * account owns).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-odcr.html
 */
export interface AutoModeCapacityReservationTerm {
  /**
   * A capacity reservation ID, `cr-…`.
   * @default - select by tags
   */
  readonly id?: string;
  /**
   * Tags the reservation must carry.
   * @default - select by ID
   */
  readonly tags?: Record<string, string>;
  /**
   * The 12-digit account ID that owns the reservations (with tags only), for reservations shared from another account.
   * @default - any owner
   */
  readonly owner?: string;
}

/** NodeClass `advancedNetworking.networkInterfaces[].interfaceType`. */
export enum AutoModeInterfaceType {
  /** `interface`: an ENA network interface that carries IP traffic (and pod addresses on network card 0). */
  INTERFACE = 'interface',
  /** `efa-only`: an EFA interface for RDMA traffic only; it takes no IP addresses. */
  EFA_ONLY = 'efa-only',
}

/**
 * One statically configured network interface (NodeClass `advancedNetworking.networkInterfaces`). With static
 * interfaces Auto Mode attaches no IPs, prefixes or ENIs after launch: the addresses listed here are all the pods get.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#static-network-interfaces
 */
export interface AutoModeNetworkInterface {
  /** The network card, from 0. */
  readonly networkCardIndex: number;
  /** The device index on that card, from 0. Card 0, device 0 is the primary ENI. */
  readonly deviceIndex: number;
  /** `interface` or `efa-only`; the primary ENI must be `interface`. */
  readonly interfaceType: AutoModeInterfaceType;
  /**
   * Secondary IPv4 addresses to assign at launch (network card 0, `interface` only; not with the prefix count).
   * @default - none
   */
  readonly secondaryIpv4Count?: number;
  /**
   * /28 prefixes (16 addresses each) to assign at launch (network card 0, `interface` only; not with the count).
   * @default - none
   */
  readonly secondaryIpv4PrefixCount?: number;
}

/**
 * NodeClass `placementGroupSelector`: an existing EC2 placement group, by name or by ID.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/device-management-efa.html
 */
export interface AutoModePlacementGroupSelector {
  /**
   * The placement group name.
   * @default - select by ID
   */
  readonly name?: string;
  /**
   * The placement group ID, `pg-…`.
   * @default - select by name
   */
  readonly id?: string;
}

/** The NodeClass fields beyond networking basics and storage, as the renderer takes them. */
export interface AutoModeNodeClassExtras {
  readonly certificateBundles?: readonly AutoModeCertificateBundle[];
  readonly advancedSecurity?: AutoModeAdvancedSecurity;
  readonly capacityReservationSelectorTerms?: readonly AutoModeCapacityReservationTerm[];
  readonly networkInterfaces?: readonly AutoModeNetworkInterface[];
  readonly enableV4Egress?: boolean;
  readonly placementGroup?: AutoModePlacementGroupSelector;
}
