/**
 * The VPC CNI codec: the one place that knows how a pod-networking mode and warm pool become the vpc-cni add-on's
 * environment, how an environment reads back as a mode and warm pool, and the rules between them. VpcCni renders
 * through it, the guardrails parse through it.
 */
import { cniVersionAtLeast, parseCniVersion, readVersion } from '../capacity/cni-version';
import { PodNetworking } from '../capacity/pod-networking';
import {
  NetkitValidationError,
  isNetkitValidationError,
  isUnresolved,
  requireInteger,
} from '../private/validation-error';

/** The VPC CNI warm-pool and cooldown settings (all optional). */
export interface VpcCniWarmPool {
  readonly warmEniTarget?: number;
  readonly warmIpTarget?: number;
  readonly minimumIpTarget?: number;
  readonly warmPrefixTarget?: number;
  readonly ipCooldownPeriodSeconds?: number;
}

/** A custom-networking subnet for one Availability Zone. */
export interface EniConfigSubnet {
  readonly subnetId: string;
  readonly securityGroupIds?: string[];
}

/** Everything the vpc-cni add-on configuration is rendered from. */
export interface VpcCniConfigurationInput {
  readonly podNetworking: PodNetworking;
  readonly warmPool: VpcCniWarmPool;
  /** The API server URL aws-node uses instead of the kube-proxy-programmed ClusterIP. */
  readonly clusterEndpoint?: string;
  /** Custom networking: the region and one subnet per AZ name. */
  readonly region?: string;
  readonly eniConfigSubnets?: Record<string, EniConfigSubnet>;
  /** Security groups for pods: `strict` or `standard`. */
  readonly podSecurityGroupEnforcingMode?: string;
  /**
   * IPv6 only: whether pods reach IPv4 endpoints through the node's IPv4 address (`ENABLE_V4_EGRESS`).
   * @default - the VPC CNI default (on)
   */
  readonly ipv4Egress?: boolean;
  /**
   * The VPC CNI version the cluster runs, when known (the mode's, else the add-on's), for settings newer releases
   * brought.
   * @default - unknown: settings are not checked against it
   */
  readonly cniVersion?: string;
}

/** Each warm-pool setting and its env variable. */
const WARM_POOL_ENV: Array<[keyof VpcCniWarmPool, string]> = [
  ['warmEniTarget', 'WARM_ENI_TARGET'],
  ['warmIpTarget', 'WARM_IP_TARGET'],
  ['minimumIpTarget', 'MINIMUM_IP_TARGET'],
  ['warmPrefixTarget', 'WARM_PREFIX_TARGET'],
  ['ipCooldownPeriodSeconds', 'IP_COOLDOWN_PERIOD'],
];

/**
 * Check the warm-pool settings against each other and the mode; each error says which setting to drop or add.
 * @see https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md
 */
export function validateWarmPool(podNetworking: PodNetworking, warmPool: VpcCniWarmPool): void {
  if (podNetworking.ipv6Enabled) {
    // ipamd's pool manager returns at once in IPv6 mode: the /80 assigned at node start serves every pod.
    const set = WARM_POOL_ENV.filter(([key]) => key !== 'ipCooldownPeriodSeconds' && warmPool[key] !== undefined);
    if (set.length > 0) {
      throw new NetkitValidationError(
        `${set.map(([key]) => `${key} (${warmPool[key]})`).join(', ')} ${set.length === 1 ? 'does' : 'do'} not apply on IPv6: the VPC CNI gives each ` +
          'node one /80 prefix when it starts and keeps no warm pool (WARM and MINIMUM targets are IPv4-only); drop them',
      );
    }
  }
  requireInteger('warmEniTarget', warmPool.warmEniTarget, 0);
  requireInteger('warmIpTarget', warmPool.warmIpTarget, 1, undefined, 'leave it unset to use warmEniTarget');
  requireInteger('minimumIpTarget', warmPool.minimumIpTarget, 1);
  requireInteger(
    'warmPrefixTarget',
    warmPool.warmPrefixTarget,
    1,
    undefined,
    'leave it unset to use warmIpTarget/minimumIpTarget',
  );
  requireInteger('ipCooldownPeriodSeconds', warmPool.ipCooldownPeriodSeconds, 0);
  const set = (value: number | undefined) => value !== undefined;
  if (set(warmPool.minimumIpTarget) && !set(warmPool.warmIpTarget)) {
    throw new NetkitValidationError(
      `minimumIpTarget (${warmPool.minimumIpTarget}) without warmIpTarget makes the CNI treat WARM_IP_TARGET as 0, so pools never grow past the minimum; set warmIpTarget too`,
    );
  }
  if (set(warmPool.warmIpTarget) && set(warmPool.warmEniTarget)) {
    throw new NetkitValidationError(
      `warmIpTarget (${warmPool.warmIpTarget}) overrides warmEniTarget (${warmPool.warmEniTarget}); set only one of them`,
    );
  }
  if (set(warmPool.warmPrefixTarget) && !podNetworking.prefixDelegationEnabled) {
    throw new NetkitValidationError(
      `warmPrefixTarget (${warmPool.warmPrefixTarget}) only applies with prefix delegation; use PodNetworking.prefixDelegation() or drop warmPrefixTarget`,
    );
  }
  if (set(warmPool.warmPrefixTarget) && (set(warmPool.warmIpTarget) || set(warmPool.minimumIpTarget))) {
    throw new NetkitValidationError(
      'warmPrefixTarget conflicts with warmIpTarget/minimumIpTarget: with prefix delegation the IP targets override the prefix target; set one or the other',
    );
  }
  const { warmIpTarget, minimumIpTarget } = warmPool;
  if (
    warmIpTarget !== undefined &&
    minimumIpTarget !== undefined &&
    ![warmIpTarget, minimumIpTarget].some(isUnresolved) &&
    minimumIpTarget < warmIpTarget
  ) {
    throw new NetkitValidationError(
      `minimumIpTarget (${minimumIpTarget}) is below warmIpTarget (${warmIpTarget}); a node then holds warmIpTarget anyway, so raise minimumIpTarget to at least ${warmIpTarget}`,
    );
  }
}

const str = (value: number | boolean) => String(value);

/**
 * The vpc-cni add-on `configurationValues`: every env value a string, as the add-on schema requires.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html
 */
export function renderVpcCniConfiguration(input: VpcCniConfigurationInput): Record<string, unknown> {
  const mode = input.podNetworking;
  validateWarmPool(mode, input.warmPool);
  const w = input.warmPool;
  requireCniRelease(
    input.cniVersion,
    'ipCooldownPeriodSeconds',
    w.ipCooldownPeriodSeconds,
    [1, 15, 0],
    'IP_COOLDOWN_PERIOD',
  );
  requireCniRelease(input.cniVersion, 'ipv4Egress', input.ipv4Egress, [1, 15, 1], 'ENABLE_V4_EGRESS');
  if (input.ipv4Egress !== undefined && !mode.ipv6Enabled) {
    throw new NetkitValidationError(
      `ipv4Egress (${input.ipv4Egress}) only applies to IPv6 clusters (ENABLE_V4_EGRESS); podNetworking is ${mode.describe()}, so drop ipv4Egress or use PodNetworking.ipv6()`,
    );
  }
  const env: Record<string, string> = {
    ENABLE_PREFIX_DELEGATION: str(mode.prefixDelegationEnabled),
    // IPv6 mode exists only with prefix delegation; IPv4 must be off, the VPC CNI runs no dual stack.
    ...(mode.ipv6Enabled ? { ENABLE_IPv6: 'true', ENABLE_IPv4: 'false' } : {}),
    ...(mode.ipv6Enabled && input.ipv4Egress !== undefined ? { ENABLE_V4_EGRESS: str(input.ipv4Egress) } : {}),
    ...(mode.prefixDelegationEnabled && !mode.ipv6Enabled && w.warmIpTarget === undefined
      ? { WARM_PREFIX_TARGET: str(w.warmPrefixTarget ?? 1) }
      : {}),
    ...(w.warmEniTarget !== undefined ? { WARM_ENI_TARGET: str(w.warmEniTarget) } : {}),
    ...(w.warmIpTarget !== undefined ? { WARM_IP_TARGET: str(w.warmIpTarget) } : {}),
    ...(w.minimumIpTarget !== undefined ? { MINIMUM_IP_TARGET: str(w.minimumIpTarget) } : {}),
    ...(w.ipCooldownPeriodSeconds !== undefined ? { IP_COOLDOWN_PERIOD: str(w.ipCooldownPeriodSeconds) } : {}),
    ...(mode.maxEni !== undefined ? { MAX_ENI: str(mode.maxEni) } : {}),
    ...(input.clusterEndpoint !== undefined ? { CLUSTER_ENDPOINT: input.clusterEndpoint } : {}),
    ...(mode.customNetworking
      ? { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone' }
      : {}),
    ...(mode.securityGroupsForPods
      ? { ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: input.podSecurityGroupEnforcingMode ?? 'strict' }
      : {}),
  };
  const eniConfig = mode.customNetworking && {
    create: true,
    region: input.region,
    subnets: Object.fromEntries(
      Object.entries(input.eniConfigSubnets ?? {}).map(([az, s]) => [
        az,
        { id: s.subnetId, ...(s.securityGroupIds ? { securityGroups: s.securityGroupIds } : {}) },
      ]),
    ),
  };
  const initEnv: Record<string, string> = {
    // Security groups for pods: liveness and readiness probes of branch-ENI pods need TCP early demux off.
    ...(mode.securityGroupsForPods ? { DISABLE_TCP_EARLY_DEMUX: 'true' } : {}),
    // The init container sets up the node's IPv6 sysctls; the VPC CNI README asks for ENABLE_IPv6 on both containers.
    ...(mode.ipv6Enabled ? { ENABLE_IPv6: 'true' } : {}),
  };
  return {
    env,
    ...(Object.keys(initEnv).length > 0 ? { init: { env: initEnv } } : {}),
    ...(eniConfig ? { eniConfig } : {}),
  };
}

/** What a vpc-cni environment says: the pod-networking mode, the warm pool and the enforcing mode. */
export interface VpcCniSettings {
  readonly podNetworking: PodNetworking;
  readonly warmPool: VpcCniWarmPool;
  /** `strict` or `standard`, with security groups for pods. */
  readonly podSecurityGroupEnforcingMode?: string;
}

/** A whole number from an env value, or undefined when it is absent or not one (a deploy-time value). */
function envNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Read a vpc-cni environment back as the mode, warm pool and enforcing mode it configures. Values that are not
 * literal (deploy-time tokens) are left out. `version` is the add-on version, when known.
 */
export function parseVpcCniEnv(env: Record<string, string>, version?: string): VpcCniSettings {
  const options = {
    customNetworking: env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true',
    securityGroupsForPods: env.ENABLE_POD_ENI === 'true',
    maxEni: envNumber(env.MAX_ENI),
    cniVersion: version !== undefined && readVersion(version) ? version : undefined,
  };
  const podNetworking =
    env.ENABLE_IPv6 === 'true'
      ? PodNetworking.ipv6({
          securityGroupsForPods: options.securityGroupsForPods,
          cniVersion: ipv6Capable(options.cniVersion) ? options.cniVersion : undefined,
        })
      : env.ENABLE_PREFIX_DELEGATION === 'true'
        ? PodNetworking.prefixDelegation(options)
        : PodNetworking.secondaryIps(options);
  const warmPool: Record<string, number> = {};
  for (const [key, name] of WARM_POOL_ENV) {
    const value = envNumber(env[name]);
    if (value !== undefined) warmPool[key] = value;
  }
  return {
    podNetworking,
    warmPool,
    podSecurityGroupEnforcingMode: options.securityGroupsForPods ? env.POD_SECURITY_GROUP_ENFORCING_MODE : undefined,
  };
}

/** An env value of a hand-written vpc-cni configuration that no mode can hold: the variable, its value and why. */
export interface VpcCniEnvProblem {
  /** The env variable, when the problem is one variable's. */
  readonly variable?: string;
  readonly value?: string;
  /** What is allowed and the fix. */
  readonly reason: string;
}

/**
 * Read a vpc-cni environment written by hand (not rendered by VpcCni) back as {@link parseVpcCniEnv} does; a value
 * no mode can hold is returned as a problem naming the env variable, not thrown as an error about a library prop
 * the user never wrote.
 */
export function readVpcCniEnv(
  env: Record<string, string>,
  version?: string,
): { readonly settings: VpcCniSettings } | { readonly problem: VpcCniEnvProblem } {
  const maxEni = envNumber(env.MAX_ENI);
  if (maxEni !== undefined && maxEni < 1) {
    return {
      problem: {
        variable: 'MAX_ENI',
        value: env.MAX_ENI,
        reason:
          'MAX_ENI counts ENIs per node, at least the primary one, so it must be a whole number of 1 or more; set it to 1 or more, or leave it out for no limit',
      },
    };
  }
  try {
    return { settings: parseVpcCniEnv(env, version) };
  } catch (err) {
    // Any other rule of the mode a hand-written environment breaks: said, not thrown.
    if (!isNetkitValidationError(err)) throw err;
    return { problem: { reason: (err as Error).message } };
  }
}

/**
 * A setting a VPC CNI release brought: refused when the cluster's CNI is known to be older, since older releases
 * ignore the variable without a word.
 * @see https://github.com/aws/amazon-vpc-cni-k8s#cni-configuration-variables
 */
function requireCniRelease(
  version: string | undefined,
  prop: string,
  value: unknown,
  since: [number, number, number],
  variable: string,
): void {
  const parsed =
    value === undefined || version === undefined || isUnresolved(version) ? undefined : readVersion(version);
  if (parsed && !cniVersionAtLeast(parsed, ...since)) {
    throw new NetkitValidationError(
      `${prop} (${value}) sets ${variable}, which VPC CNI ${since.join('.')} brought, but the cluster runs ${version}; ` +
        `upgrade the VPC CNI or drop ${prop}`,
    );
  }
}

/** Whether a version read back can run IPv6 (1.10.1 or later); an older one is left out rather than refused. */
function ipv6Capable(version: string | undefined): boolean {
  return version !== undefined && cniVersionAtLeast(parseCniVersion(version), 1, 10, 1);
}

/**
 * Whether aws-node's ipamd still blocks on the API server at start, so it needs CLUSTER_ENDPOINT or the gate:
 * VPC CNI older than 1.20, custom networking and security groups for pods.
 */
export function apiServerGateMatters(mode: PodNetworking): boolean {
  const old = mode.cniVersion !== undefined && !cniVersionAtLeast(parseCniVersion(mode.cniVersion), 1, 20);
  return old || mode.customNetworking || mode.securityGroupsForPods;
}
