/**
 * Tags the library puts on node instances and their EBS volumes, so that alarms and queries can select a node
 * group's volumes without knowing their IDs (CloudWatch Metrics Insights filters on resource tags).
 */
export const NODE_VOLUME_TAGS = {
  /** Names the node group: `cdk-eks-netkit:nodegroup = <unique node group name>`. */
  nodegroup: 'cdk-eks-netkit:nodegroup',
} as const;
