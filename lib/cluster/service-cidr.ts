import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { cidrSize, parseCidr, parseIp } from '../private/ip-address';
import { isUnresolved } from '../private/validation-error';

/** The IPv4 service CIDR of a cluster created in the app with one; undefined when imported, defaulted or a token. */
export function serviceIpv4CidrOf(cluster: eks.ICluster): string | undefined {
  if (!(cluster instanceof eks.Cluster)) return undefined;
  const cfn = cluster.node.defaultChild as eks.CfnCluster | undefined;
  const config = cfn?.kubernetesNetworkConfig as eks.CfnCluster.KubernetesNetworkConfigProperty | undefined;
  const cidr = config?.serviceIpv4Cidr;
  return cidr === undefined || isUnresolved(cidr) ? undefined : cidr;
}

/**
 * Why a Service of the range cannot have the address: outside it, or its network, first (the kubernetes Service, the
 * API server) or last address; undefined when it can.
 */
export function serviceAddressProblem(address: string, cidr: string): string | undefined {
  const block = parseCidr(cidr);
  const ip = parseIp(address);
  if (!block || !ip) return undefined;
  const offset = ip.value - block.network;
  const last = cidrSize(block) - 1n;
  if (ip.family !== block.family || offset < 0n || offset > last) {
    return `is outside the cluster's service CIDR ${cidr}`;
  }
  if (offset === 0n) return `is the network address of the service CIDR ${cidr}`;
  if (offset === 1n) {
    return `is the first address of the service CIDR ${cidr}, which the kubernetes Service (the API server) has`;
  }
  if (offset === last) return `is the last (broadcast) address of the service CIDR ${cidr}`;
  return undefined;
}
