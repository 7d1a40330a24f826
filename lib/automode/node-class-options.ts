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
   * Provisioned IOPS (AWS allows 3,000 to 16,000).
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
export interface AutoModeNodeClassSpec {
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
