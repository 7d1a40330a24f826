import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';

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
}

/**
 * Check the warm-pool settings against each other and the mode; each error says which setting to drop or add.
 * @see https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md
 */
export function validateWarmPool(podNetworking: PodNetworking, warmPool: VpcCniWarmPool): void {
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
  const env: Record<string, string> = {
    ENABLE_PREFIX_DELEGATION: str(mode.prefixDelegationEnabled),
    ...(mode.prefixDelegationEnabled && w.warmIpTarget === undefined
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
  return {
    env,
    // Security groups for pods: liveness and readiness probes of branch-ENI pods need TCP early demux off.
    ...(mode.securityGroupsForPods ? { init: { env: { DISABLE_TCP_EARLY_DEMUX: 'true' } } } : {}),
    ...(eniConfig ? { eniConfig } : {}),
  };
}
