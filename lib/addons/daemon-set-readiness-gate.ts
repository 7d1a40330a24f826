import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { gatePatches } from '../manifests/endpoint-gate';
import { requireKubectlProvider } from '../private/kubectl';
import { validateProps } from '../private/prop-rules';
import {
  NetkitValidationError,
  isUnresolved,
  requireDnsLabel,
  requireDnsSubdomain,
  requireInteger,
} from '../private/validation-error';

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
   * The host to wait for: a host name or an IP address, given together with `port`.
   * @default - the kubernetes Service (the API server through kube-proxy)
   */
  readonly host?: string;
  /**
   * The TCP port of `host` to wait for, given together with `host`.
   * @default - the kubernetes Service port
   */
  readonly port?: number;
  /**
   * Per-try connect timeout in seconds.
   * @default 2
   */
  readonly timeoutSeconds?: number;
  /**
   * The gate's image: any image with `sh` and an `nc` that takes `-z -w`. Nodes without an internet route cannot
   * pull the public default, and a DaemonSet whose init container cannot be pulled never starts: point this at a
   * registry the nodes reach (an ECR pull-through cache for ECR Public, or a private copy).
   * @default - public.ecr.aws/docker/library/busybox:1.37.0
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
   */
  readonly gateImage?: string;
}

/**
 * Adds the wait-for-endpoint init container to one of your DaemonSets (a node agent, a DNS cache), so it starts only
 * when the endpoint it needs accepts connections instead of restarting through the node's first minute.
 */
export class DaemonSetReadinessGate extends Construct {
  constructor(scope: Construct, id: string, props: DaemonSetReadinessGateProps) {
    super(scope, id);
    validateProps(this, 'DaemonSetReadinessGateProps', props);
    requireKubectlProvider(this, props.cluster, `DaemonSetReadinessGate patches daemonset/${props.daemonSetName}`);
    requireDnsSubdomain('daemonSetName', props.daemonSetName, this);
    requireDnsLabel('namespace', props.namespace, this);
    requireHostWithPort(props.host, props.port, this);
    requireInteger('timeoutSeconds', props.timeoutSeconds, 1, 60, undefined, this);
    const patches = gatePatches(
      { host: props.host, port: props.port, timeoutSeconds: props.timeoutSeconds ?? 2, image: props.gateImage },
      '1',
    );
    // One gate per DaemonSet: a second patch would replace the first's init container.
    ClusterNetworkingContext.of(props.cluster)._registerName(
      'readiness gate on DaemonSet',
      isUnresolved(props.namespace) || isUnresolved(props.daemonSetName)
        ? undefined
        : `${props.namespace}/${props.daemonSetName}`,
      this,
    );
    new eks.KubernetesPatch(this, 'Resource', {
      cluster: props.cluster,
      resourceName: `daemonset/${props.daemonSetName}`,
      resourceNamespace: props.namespace,
      applyPatch: patches.apply,
      restorePatch: patches.restore,
    });
  }
}

/**
 * host and port go together: the gate's script falls back to the kubernetes Service for whichever is missing, so a
 * host alone would be probed on port 443 and a port alone on the API server.
 */
function requireHostWithPort(host: string | undefined, port: number | undefined, scope: Construct): void {
  if ((host === undefined) === (port === undefined)) return;
  const [given, missing] = host === undefined ? [`port (${port})`, 'host'] : [`host ('${host}')`, 'port'];
  throw new NetkitValidationError(
    `${given} is given without ${missing}; the gate would wait on the kubernetes Service's ${missing} instead. ` +
      'Give both (e.g. host: kube-dns.kube-system.svc, port: 53), or neither to wait for the kubernetes Service',
    scope,
  );
}
