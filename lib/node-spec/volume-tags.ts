/**
 * Tags the library puts on node instances and their EBS volumes, so that alarms and queries can select a node
 * group's volumes without knowing their IDs (CloudWatch Metrics Insights filters on resource tags).
 */
export const NODE_VOLUME_TAGS = {
  /** Names the node group: `cdk-eks-netkit:nodegroup = <unique node group name>`. */
  nodegroup: 'cdk-eks-netkit:nodegroup',
  /** Names the cluster: `cdk-eks-netkit:cluster = <cluster name>`; the EBS throttling alarms select on it. */
  cluster: 'cdk-eks-netkit:cluster',
} as const;
