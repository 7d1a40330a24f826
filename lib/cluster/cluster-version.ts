import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { isUnresolved } from '../private/validation-error';

/** The Kubernetes minor (`1.35`) of a cluster created in the app; undefined when imported or a deploy-time value. */
export function kubernetesMinorOf(cluster: eks.ICluster): string | undefined {
  if (!(cluster instanceof eks.Cluster)) return undefined;
  const version = (cluster.node.defaultChild as eks.CfnCluster | undefined)?.version;
  return version === undefined || isUnresolved(version) ? undefined : version;
}
