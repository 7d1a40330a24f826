import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { AutoModeState, autoModeStateOf } from './auto-mode-state';
import { ClusterAuthenticationMode } from './cluster-authentication-mode';
import type { ClusterNetworkingDeclaration } from './cluster-networking-context';
import { checkKarpenterFacts, showKarpenterFacts } from './karpenter-facts';
import { KubeProxyMode } from './kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from './pod-security-group-enforcing-mode';
import { isIpAddress } from '../private/ip-address';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError, isUnresolved, requireNonEmpty, requireOneOf } from '../private/validation-error';

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
  /** Validate a declared value, naming the prop. */
  readonly check?: (value: T, scope: IConstruct) => void;
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

/** clusterDns: at least one address, each an IP address, none twice. */
function checkClusterDns(clusterDns: string[] | undefined, scope: IConstruct): void {
  if (clusterDns === undefined || isUnresolved(clusterDns)) return;
  requireNonEmpty('clusterDns', clusterDns, 'give the DNS address kubelets use, or leave clusterDns unset', scope);
  for (const address of clusterDns) {
    if (isUnresolved(address)) continue;
    if (!isIpAddress(address)) {
      throw new NetkitValidationError(
        `clusterDns entry '${address}' is not an IP address; give addresses such as 169.254.20.10 (no CIDR, no port)`,
        scope,
      );
    }
  }
  const duplicates = clusterDns.filter((a, i) => clusterDns.indexOf(a) !== i);
  if (duplicates.length > 0) {
    throw new NetkitValidationError(`clusterDns lists ${duplicates.join(', ')} twice; give each address once`, scope);
  }
}
