import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { AutoModeState, autoModeStateOf } from './auto-mode-state';
import { ClusterAuthenticationMode } from './cluster-authentication-mode';
import type { ClusterNetworkingDeclaration } from './cluster-networking-context';
import { checkKarpenterFacts, showKarpenterFacts } from './karpenter-facts';
import { KubeProxyMode } from './kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from './pod-security-group-enforcing-mode';
import { serviceAddressProblem, serviceIpv4CidrOf } from './service-cidr';
import { PodNetworking } from '../capacity/pod-networking';
import { parseIp, specialAddressKind } from '../private/ip-address';
import { NetkitValidationError, isUnresolved, requireOneOf } from '../private/validation-error';

/** The facts of a cluster's networking: one per prop of the declaration. */
export type DimensionName = keyof ClusterNetworkingDeclaration;
/** The value of one fact. */
export type DimensionValue<K extends DimensionName> = NonNullable<ClusterNetworkingDeclaration[K]>;

/**
 * One fact of the cluster context and its rule. Its sources are the cluster the app created (`fromCluster`), a
 * declaration (the prop of the same name), and constructs of the library (`ClusterNetworkingContext._claim`); any
 * two answers that `same` does not equate stop synth, naming both.
 */
export interface Dimension<T> {
  /** What a cluster created in the app (or the attributes of an imported one) says, read at synth. */
  readonly fromCluster?: (cluster: eks.ICluster) => T | undefined;
  /** Whether two answers agree. */
  readonly same: (a: T, b: T) => boolean;
  /** The value in a message. */
  readonly show: (value: T) => string;
  /** Validate a declared value against the cluster, naming the prop (its shape is checked by the prop rules). */
  readonly check?: (value: T, scope: IConstruct, cluster: eks.ICluster) => void;
}

/** Whether aws-eks-v2 created the cluster in this app (not imported). */
export function createdInApp(cluster: eks.ICluster): boolean {
  return cluster instanceof eks.Cluster;
}

/** The `AWS::EKS::Cluster` of a cluster created in the app. */
function cfnClusterOf(cluster: eks.ICluster): eks.CfnCluster | undefined {
  if (!createdInApp(cluster)) return undefined;
  return cluster.node.children.find((c): c is eks.CfnCluster => c instanceof eks.CfnCluster);
}

const equal = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every dimension of the cluster context, one rule each. Adding a fact: a prop on the declaration, an entry here,
 * a getter on the context, and `_claim` calls in the constructs that give it.
 */
export const DIMENSIONS: { readonly [K in DimensionName]-?: Dimension<DimensionValue<K>> } = {
  ipFamily: {
    // The template's kubernetesNetworkConfig wins over aws-eks-v2's property: an escape hatch may have changed it.
    fromCluster: (cluster) => {
      const config = cfnClusterOf(cluster)?.kubernetesNetworkConfig as
        eks.CfnCluster.KubernetesNetworkConfigProperty | undefined;
      const family = config && !isUnresolved(config) ? config.ipFamily : undefined;
      if (family !== undefined && !isUnresolved(family)) return family as eks.IpFamily;
      return cluster.ipFamily;
    },
    same: equal,
    show: (v) => v,
    check: (v, scope) => requireOneOf('ipFamily', v, eks.IpFamily, scope),
  },
  podNetworking: {
    same: (a, b) => a.sameMathAs(b),
    show: (v) => v.describe(),
    check: (v, scope) => {
      if (!(v instanceof PodNetworking)) {
        throw new NetkitValidationError(
          'podNetworking must be a PodNetworking, e.g. PodNetworking.prefixDelegation()',
          scope,
        );
      }
    },
  },
  autoMode: {
    fromCluster: (cluster) => {
      if (!createdInApp(cluster)) return undefined;
      const state = autoModeStateOf(cluster);
      return state === AutoModeState.UNKNOWN ? undefined : state === AutoModeState.ENABLED;
    },
    same: equal,
    show: (v) => (v ? 'EKS Auto Mode on' : 'EKS Auto Mode off'),
  },
  kubeProxyMode: {
    same: equal,
    show: (v) => v,
    check: (v, scope) => requireOneOf('kubeProxyMode', v, KubeProxyMode, scope),
  },
  podSecurityGroupEnforcingMode: {
    same: equal,
    show: (v) => v,
    check: (v, scope) => requireOneOf('podSecurityGroupEnforcingMode', v, PodSecurityGroupEnforcingMode, scope),
  },
  clusterDns: {
    same: equal,
    show: (v) => v.join(', '),
    check: checkClusterDns,
  },
  authenticationMode: {
    fromCluster: (cluster) => {
      const access = cfnClusterOf(cluster)?.accessConfig as eks.CfnCluster.AccessConfigProperty | undefined;
      const mode = access && !isUnresolved(access) ? access.authenticationMode : undefined;
      return mode === undefined || isUnresolved(mode) ? undefined : (mode as ClusterAuthenticationMode);
    },
    same: equal,
    show: (v) => v,
    check: (v, scope) => requireOneOf('authenticationMode', v, ClusterAuthenticationMode, scope),
  },
  karpenter: {
    same: (a, b) =>
      equal({ ...a, nodeClassCel: a.nodeClassCel ?? false }, { ...b, nodeClassCel: b.nodeClassCel ?? false }),
    show: showKarpenterFacts,
    check: checkKarpenterFacts,
  },
};

/** clusterDns on a cluster created with a service CIDR: kube-dns's address in it, or a link-local DNS cache's. */
function checkClusterDns(clusterDns: string[], scope: IConstruct, cluster: eks.ICluster): void {
  const cidr = serviceIpv4CidrOf(cluster);
  if (!cidr || isUnresolved(clusterDns)) return;
  for (const address of clusterDns) {
    const ip = isUnresolved(address) ? undefined : parseIp(address);
    if (!ip || ip.family !== 4 || specialAddressKind(ip)) continue;
    const problem = serviceAddressProblem(address, cidr);
    if (problem) {
      throw new NetkitValidationError(
        `clusterDns entry '${address}' ${problem}; give kube-dns's address (the .10 of that range) or the ` +
          "link-local address of a node-local DNS cache (169.254.20.10), or leave clusterDns out for nodeadm's default",
        scope,
      );
    }
  }
}
