import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { warnAtSynth } from './warn-at-synth';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';

/** The ID of the warning, to acknowledge it with. */
export const AUTO_MODE_ONLY_WARNING_ID = 'cdk-eks-netkit:autoModeOnly';

/** Marks a construct that warns for its parts, so the parts it contains stay quiet. */
const WARNS_FOR_ITS_PARTS = Symbol.for('cdk-eks-netkit.autoModeOnlyWarning');

/** Managed-node tuning that EKS Auto Mode nodes do not use. */
export interface ManagedNodeTuning {
  /** What it is, e.g. "kube-proxy's mode and node-name patch". */
  readonly what: string;
  /** Why Auto Mode nodes do not use it. */
  readonly why: string;
  /** How to switch it off. */
  readonly switchOff: string;
}

/**
 * Warn at synth when the cluster runs only EKS Auto Mode nodes as far as the app can see (Auto Mode on, no
 * TunedNodegroup or KarpenterNodeClass of the library), so the tuning serves no node. Read lazily, so it does not
 * depend on whether the node groups were created before or after `target`. A construct inside one that already warns
 * for its parts (NetworkBaseline for its add-ons) stays quiet: one warning, not one per part.
 */
export function warnIfAutoModeOnly(target: IConstruct, cluster: eks.ICluster, tuning: () => ManagedNodeTuning[]): void {
  const context = ClusterNetworkingContext.of(cluster);
  if (!(WARNS_FOR_ITS_PARTS in target)) Object.defineProperty(target, WARNS_FOR_ITS_PARTS, { value: true });
  warnAtSynth(target, () => {
    const covered = target.node.scopes.slice(0, -1).some((scope) => WARNS_FOR_ITS_PARTS in scope);
    const parts = tuning();
    if (covered || parts.length === 0 || !context._autoModeOnly) return [];
    return [{ id: AUTO_MODE_ONLY_WARNING_ID, message: autoModeOnlyMessage(cluster.node.path, parts) }];
  });
}

/** The warning: what does not apply and why, that nothing is removed, and the three ways to silence it. */
export function autoModeOnlyMessage(clusterPath: string, parts: ManagedNodeTuning[]): string {
  return (
    `cluster ${clusterPath} runs EKS Auto Mode and has no TunedNodegroup or KarpenterNodeClass from cdk-eks-netkit, ` +
    `so this tuning applies to no node: ${parts.map((p) => `${p.what} (${p.why})`).join('; ')}. ` +
    'The resources are kept: they are harmless on Auto Mode nodes and serve managed nodes added later. ' +
    `To silence this, switch the parts off (${parts.map((p) => p.switchOff).join('; ')}), or add a TunedNodegroup ` +
    `or KarpenterNodeClass, or acknowledge it: Annotations.of(stack).acknowledgeWarning('${AUTO_MODE_ONLY_WARNING_ID}')`
  );
}

/** The VPC CNI's part. */
export const VPC_CNI_TUNING: ManagedNodeTuning = {
  what: 'the VPC CNI settings (pod-networking mode, warm pool)',
  why: 'Auto Mode nodes give pods IPs themselves',
  switchOff: 'leave VpcCni out',
};

/** The aws-node gate's part. */
export const AWS_NODE_GATE_TUNING: ManagedNodeTuning = {
  what: 'the aws-node gate',
  why: 'Auto Mode nodes run no aws-node',
  switchOff: 'apiServerGate: false',
};

/** kube-proxy's part. */
export const KUBE_PROXY_TUNING: ManagedNodeTuning = {
  what: "kube-proxy's mode and node-name patch",
  why: 'Auto Mode nodes run their own service proxy',
  switchOff: 'leave KubeProxy out',
};

/** CoreDNS's part. */
export const CORE_DNS_TUNING: ManagedNodeTuning = {
  what: "the coredns add-on's replicas and zone spread",
  why: 'Auto Mode nodes resolve DNS with the DNS built into each node',
  switchOff: 'leave CoreDns out',
};

/** NodeLocal DNSCache's part. */
export const NODE_LOCAL_DNS_TUNING: ManagedNodeTuning = {
  what: 'NodeLocal DNSCache',
  why: 'Auto Mode nodes cache DNS themselves, so its DaemonSet stays off them',
  switchOff: 'leave NodeLocalDnsCache out',
};
