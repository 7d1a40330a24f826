/** The node label EKS sets to the kind of compute a node is. */
export const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
/** Its value on Auto Mode nodes. */
export const AUTO_MODE_COMPUTE_TYPE = 'auto';
/** Compute types that run no DaemonSet pods of ours: Fargate runs none, hybrid nodes have no ENA. */
const NEVER = ['fargate', 'hybrid'];

/** The DaemonSets the library ships, for their placement in Auto Mode and mixed clusters. */
export enum NetkitDaemonSet {
  /** NodeLocal DNSCache: Auto Mode nodes cache DNS themselves, so it runs on managed and Karpenter nodes only. */
  NODE_LOCAL_DNS_CACHE = 'node-local-dns-cache',
  /**
   * node_exporter with the ethtool collector: ENA allowances (pps, conntrack, link-local) bind on Auto Mode nodes as
   * on any EC2 node, and nothing else reports them there, so it runs on every EC2 node, Auto Mode included.
   */
  NODE_EXPORTER = 'node-exporter',
  /** The aws-node readiness gate: Auto Mode nodes run no aws-node, so it runs on managed and Karpenter nodes only. */
  AWS_NODE_GATE = 'aws-node-gate',
}

/**
 * The node affinity a library DaemonSet carries so that, in a mixed cluster, it lands exactly on the nodes it serves
 * (the VPC CNI's own DaemonSet does the same with `NotIn [fargate, hybrid, auto]`).
 * @returns a Kubernetes `affinity` object for the pod spec
 */
export function daemonSetAffinity(daemonSet: NetkitDaemonSet): Record<string, unknown> {
  const excluded = daemonSet === NetkitDaemonSet.NODE_EXPORTER ? NEVER : [...NEVER, AUTO_MODE_COMPUTE_TYPE];
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: COMPUTE_TYPE_LABEL, operator: 'NotIn', values: excluded }] }],
      },
    },
  };
}

/** Whether a library DaemonSet runs on Auto Mode nodes. */
export function runsOnAutoModeNodes(daemonSet: NetkitDaemonSet): boolean {
  return daemonSet === NetkitDaemonSet.NODE_EXPORTER;
}
