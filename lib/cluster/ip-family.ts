import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { PodNetworking } from '../capacity/pod-networking';
import { parseIp } from '../private/ip-address';
import { isUnresolved } from '../private/validation-error';

/**
 * Why a pod-networking mode cannot run on a cluster of this IP family, one message, or none when it can (or the
 * family is unknown). An IPv6 cluster runs the VPC CNI in IPv6 mode only: it has no IPv6 secondary-IP or
 * custom-networking mode (ipamd refuses to start), so PodNetworking.ipv6() is the one mode; an IPv4 cluster cannot
 * run IPv6 mode.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
 */
export function ipFamilyMismatch(mode: PodNetworking, family: eks.IpFamily | undefined, where: string): string[] {
  if (family === undefined || mode.autoModeEnabled) return [];
  if (family === eks.IpFamily.IP_V6 && !mode.ipv6Enabled) {
    const why = mode.customNetworking
      ? 'custom networking does not exist on IPv6 (IPv6 replaces it as the answer to IPv4 exhaustion)'
      : mode.prefixDelegationEnabled
        ? 'IPv4 prefix delegation hands out /28s of IPv4, which IPv6 pods do not use'
        : 'the VPC CNI runs IPv6 only with prefix delegation, so secondary IPs do not exist there';
    return [
      `${where}: podNetworking is ${mode.describe()}, but the cluster is IPv6 and ${why}; ` +
        'use PodNetworking.ipv6() (or leave podNetworking unset to take the cluster default)',
    ];
  }
  if (family === eks.IpFamily.IP_V4 && mode.ipv6Enabled) {
    return [
      `${where}: podNetworking is ${mode.describe()}, but the cluster is IPv4 (the IP family is fixed when a cluster is created); use an IPv4 mode such as PodNetworking.prefixDelegation()`,
    ];
  }
  return [];
}

/** Cluster DNS addresses of the other IP family than the cluster's: kubelets could not reach them. */
export function clusterDnsFamilyMismatch(
  addresses: readonly string[] | undefined,
  family: eks.IpFamily | undefined,
  where: string,
): string[] {
  if (family === undefined || addresses === undefined || isUnresolved(addresses)) return [];
  const want = family === eks.IpFamily.IP_V6 ? 6 : 4;
  const other = addresses.filter((a) => !isUnresolved(a) && parseIp(a)?.family !== want);
  if (other.length === 0) return [];
  return [
    `${where}: clusterDns ${other.join(', ')} is not an IPv${want} address, and on an IPv${want} cluster kubelets ` +
      'could not reach it; give the kube-dns Service ClusterIP (kubectl -n kube-system get svc kube-dns) or the ' +
      'NodeLocal DNSCache address',
  ];
}
