import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { gatePatches } from './endpoint-gate';
import { requireInteger } from '../private/validation-error';

/**
 * Props for {@link DaemonSetReadinessGate}.
 */
export interface DaemonSetReadinessGateProps {
  /** The aws-eks-v2 cluster; it needs a kubectl provider. */
  readonly cluster: eks.ICluster;
  /** The DaemonSet to gate. */
  readonly daemonSetName: string;
  /** Its namespace. */
  readonly namespace: string;
  /**
   * The host to wait for.
   * @default - the kubernetes Service (the API server through kube-proxy)
   */
  readonly host?: string;
  /**
   * The TCP port to wait for.
   * @default - the kubernetes Service port
   */
  readonly port?: number;
  /**
   * Per-try connect timeout in seconds.
   * @default 2
   */
  readonly timeoutSeconds?: number;
}

/**
 * Adds the wait-for-endpoint init container to one of your DaemonSets (a node agent, a DNS cache), so it starts only
 * when the endpoint it needs accepts connections instead of restarting through the node's first minute.
 */
export class DaemonSetReadinessGate extends Construct {
  constructor(scope: Construct, id: string, props: DaemonSetReadinessGateProps) {
    super(scope, id);
    requireInteger('port', props.port, 1, 65535);
    requireInteger('timeoutSeconds', props.timeoutSeconds, 1, 60);
    const patches = gatePatches({ host: props.host, port: props.port, timeoutSeconds: props.timeoutSeconds ?? 2 }, '1');
    new eks.KubernetesPatch(this, 'Resource', {
      cluster: props.cluster,
      resourceName: `daemonset/${props.daemonSetName}`,
      resourceNamespace: props.namespace,
      applyPatch: patches.apply,
      restorePatch: patches.restore,
    });
  }
}
