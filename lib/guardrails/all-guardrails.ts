import { ec2ApiBurst } from './checks/api1-ec2-api-burst';
import { podSubnetsOutsideNodeAzs } from './checks/auto1-pod-subnets-outside-node-azs';
import { nodePoolLimitsExceedSubnets } from './checks/auto2-node-pool-limits-exceed-subnets';
import { prefixModeWhereSingleIpsFit } from './checks/auto3-prefix-mode-where-single-ips-fit';
import { ephemeralStorageBelowBootSafe } from './checks/auto4-ephemeral-storage-below-boot-safe';
import { hostnameOverride } from './checks/boot1-hostname-override';
import { iptablesRewrite } from './checks/boot2-iptables-rewrite';
import { dockerService } from './checks/boot3-docker-service';
import { conflictingMaxPods } from './checks/boot4-conflicting-max-pods';
import { maxPodsAboveEniCapacity } from './checks/cap1-max-pods-above-eni-capacity';
import { eniNotReserved } from './checks/cap2-eni-not-reserved';
import { prefixDelegationUnsupported } from './checks/cap3-prefix-delegation-unsupported';
import { securityGroupsForPodsUnsupported } from './checks/cap4-security-groups-for-pods-unsupported';
import { apiServerRace } from './checks/cni1-api-server-race';
import { nodegroupBeforeCni } from './checks/cni2-nodegroup-before-cni';
import { conflictingVpcCni } from './checks/cni3-conflicting-vpc-cni';
import { coreDnsSpread } from './checks/dns1-coredns-spread';
import { nodeLocalDnsMissing } from './checks/dns2-node-local-dns';
import { imdsV1Allowed } from './checks/imds1-imdsv1-allowed';
import { subnetCapacity } from './checks/ip1-subnet-capacity';
import { subnetWithoutIpv6 } from './checks/ipv61-subnet-without-ipv6';
import { nonNitroOnIpv6 } from './checks/ipv62-non-nitro-on-ipv6';
import { cniAgainstFamily } from './checks/ipv63-cni-against-family';
import { imagePullQpsDefault } from './checks/kubelet1-image-pull-qps';
import { duplicateNodegroupName } from './checks/ng1-duplicate-nodegroup-name';
import { jobWithoutTtl } from './checks/pod1-job-without-ttl';
import { terminatedPodsOutlastBranchEnis } from './checks/pod2-terminated-pods-outlast-branch-enis';
import { containerStateOnRoot } from './checks/vol1-container-state-on-root';
import { gp2Volume } from './checks/vol2-gp2-volume';
import { warmPoolHoldsIps } from './checks/warm1-warm-pool-holds-ips';
import { Guardrail } from './guardrail';

/** Every guardrail of the pack, in report order. */
export const ALL_GUARDRAILS: readonly Guardrail[] = [
  maxPodsAboveEniCapacity,
  eniNotReserved,
  prefixDelegationUnsupported,
  securityGroupsForPodsUnsupported,
  subnetCapacity,
  warmPoolHoldsIps,
  ec2ApiBurst,
  hostnameOverride,
  iptablesRewrite,
  dockerService,
  conflictingMaxPods,
  imagePullQpsDefault,
  jobWithoutTtl,
  terminatedPodsOutlastBranchEnis,
  coreDnsSpread,
  nodeLocalDnsMissing,
  containerStateOnRoot,
  gp2Volume,
  imdsV1Allowed,
  apiServerRace,
  nodegroupBeforeCni,
  conflictingVpcCni,
  duplicateNodegroupName,
  podSubnetsOutsideNodeAzs,
  nodePoolLimitsExceedSubnets,
  prefixModeWhereSingleIpsFit,
  ephemeralStorageBelowBootSafe,
  subnetWithoutIpv6,
  nonNitroOnIpv6,
  cniAgainstFamily,
];
