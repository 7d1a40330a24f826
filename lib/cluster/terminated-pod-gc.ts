import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { NetkitValidationError, requireInteger } from '../private/validation-error';
import { describeValue } from '../private/validators';

/** kube-controller-manager's `--terminated-pod-gc-threshold` default: terminated pods kept cluster-wide. */
export const DEFAULT_TERMINATED_POD_GC_THRESHOLD = 12500;

/**
 * Set `kubeControllerManagerConfig.podGcControllerConfig.terminatedPodGcThreshold` on a cluster this app creates:
 * above that many terminated pods, the control plane deletes the oldest, and their IPs and branch ENIs come free.
 * @param prop the prop name for errors
 */
export function setTerminatedPodGcThreshold(
  cluster: eks.ICluster,
  threshold: number,
  prop: string,
  scope: IConstruct,
): void {
  requireInteger(prop, threshold, 1, undefined, 'it counts terminated pods cluster-wide', scope);
  const cfn = cluster.node.defaultChild;
  if (!(cfn instanceof eks.CfnCluster)) {
    throw new NetkitValidationError(
      `${prop} (${describeValue(threshold)}) needs a cluster this app creates (an eks.Cluster): ${cluster.node.path} is imported, ` +
        'and its control-plane settings belong to the stack that created it; set it there, or leave the prop unset',
      scope,
    );
  }
  const existing = cfn.stack.resolve(cfn.kubeControllerManagerConfig) ?? {};
  const config = { ...existing, podGcControllerConfig: { terminatedPodGcThreshold: threshold } };
  // The typed property (what the guardrails read) exists in aws-cdk-lib 2.276; older releases get an override.
  if ('kubeControllerManagerConfig' in cfn) {
    cfn.kubeControllerManagerConfig = config;
  } else {
    (cfn as eks.CfnCluster).addPropertyOverride(
      'KubeControllerManagerConfig.PodGcControllerConfig.TerminatedPodGcThreshold',
      threshold,
    );
  }
}

/** The threshold a CfnCluster sets, `undefined` when it sets none, `null` when it is a deploy-time value. */
export function terminatedPodGcThresholdOf(cfn: eks.CfnCluster): number | undefined | null {
  const config = 'kubeControllerManagerConfig' in cfn ? cfn.stack.resolve(cfn.kubeControllerManagerConfig) : undefined;
  const value = config?.podGcControllerConfig?.terminatedPodGcThreshold;
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
