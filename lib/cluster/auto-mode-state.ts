import * as eks from 'aws-cdk-lib/aws-eks-v2';

/** Whether a cluster runs EKS Auto Mode compute, as far as the CDK app can tell. */
export enum AutoModeState {
  /** Created by aws-eks-v2 with Auto Mode compute (its default `defaultCapacityType`). */
  ENABLED = 'enabled',
  /** Created by aws-eks-v2 without Auto Mode (`defaultCapacityType` NODEGROUP or EC2). */
  DISABLED = 'disabled',
  /** An imported cluster, or one whose compute config is a deploy-time value: nothing to read at synth. */
  UNKNOWN = 'unknown',
}

/**
 * Read a cluster's Auto Mode state from its `AWS::EKS::Cluster` compute config, the one place aws-eks-v2 records it
 * (it defaults `defaultCapacityType` to AUTOMODE and sets `ComputeConfig.Enabled`). Pure: it creates nothing.
 */
export function autoModeStateOf(cluster: eks.ICluster): AutoModeState {
  const resource = cluster.node.children.find((c): c is eks.CfnCluster => c instanceof eks.CfnCluster);
  if (!resource) return AutoModeState.UNKNOWN;
  const compute = resource.computeConfig as eks.CfnCluster.ComputeConfigProperty | undefined;
  if (compute === undefined) return AutoModeState.DISABLED;
  const enabled = (compute as { enabled?: unknown }).enabled;
  if (enabled === true) return AutoModeState.ENABLED;
  if (enabled === false || enabled === undefined) return AutoModeState.DISABLED;
  return AutoModeState.UNKNOWN;
}
