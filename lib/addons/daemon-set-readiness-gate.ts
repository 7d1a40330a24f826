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
    requireHost(props.host, this);
    requireInteger('port', props.port, 1, 65535, undefined, this);
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

/** A host name or an IP address: the gate passes it to `nc`, so nothing else (spaces, shell or YAML syntax) belongs. */
function requireHost(host: string | undefined, scope: Construct): void {
  if (host === undefined || isUnresolved(host)) return;
  const hostname =
    /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
  const ipv6 = /^[0-9A-Fa-f:]+$/;
  if (!hostname.test(host) && !(host.includes(':') && ipv6.test(host))) {
    throw new NetkitValidationError(
      `host ('${host}') is not a host name or IP address; give e.g. kube-dns.kube-system.svc or 10.100.0.10, or leave it unset to wait for the kubernetes Service`,
      scope,
    );
  }
}
