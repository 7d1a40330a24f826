import { Annotations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ManagedAddonOptions, managedAddon } from './managed-addon';
import { readVersion } from '../capacity/cni-version';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { kubernetesMinorOf } from '../cluster/cluster-version';
import { KubeProxyMode } from '../cluster/kube-proxy-mode';
import { kubeProxyHostnamePatch } from '../manifests/kube-proxy-patch';
import { KUBE_PROXY_TUNING, warnIfAutoModeOnly } from '../private/auto-mode-only-warning';
import { requireKubectlProvider } from '../private/kubectl';
import { validateProps } from '../private/prop-rules';
import { REMOVE_PATCH_REVISION, revisionOf } from '../private/revision';
import { NetkitValidationError, isUnresolved, requireOneOf } from '../private/validation-error';

/**
 * The schedulers kube-proxy's ipvs mode accepts.
 * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
 */
const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq', 'mh'];

/**
 * Options for {@link KubeProxy}.
 */
export interface KubeProxyOptions extends ManagedAddonOptions {
  /**
   * The proxy mode, set through the add-on configuration.
   * @default KubeProxyMode.IPTABLES
   */
  readonly mode?: KubeProxyMode;
  /**
   * The IPVS scheduler (ipvs mode only), e.g. `rr`, `lc`, `wrr`, `sh`.
   * @default 'rr'
   */
  readonly ipvsScheduler?: string;
  /**
   * Patch kube-proxy to run with `--hostname-override=$(NODE_NAME)`, the node name from the downward API, so it
   * does not spend the first 40 s of a node's life resolving a wrong hostname. Needs the cluster's kubectl provider.
   * @default true
   */
  readonly hostnameOverride?: boolean;
}

/**
 * Props for {@link KubeProxy}.
 */
export interface KubeProxyProps extends KubeProxyOptions {
  /** The aws-eks-v2 cluster. */
  readonly cluster: eks.ICluster;
}

/**
 * The managed `kube-proxy` add-on with its mode set through the add-on configuration, and the node-name patch.
 */
export class KubeProxy extends Construct {
  /** The add-on. */
  public readonly addon: eks.CfnAddon;
  /** The proxy mode. */
  public readonly mode: KubeProxyMode;

  constructor(scope: Construct, id: string, props: KubeProxyProps) {
    super(scope, id);
    validateProps(this, 'KubeProxyProps', props);
    requireOneOf('mode', props.mode, KubeProxyMode, this);
    this.mode = props.mode ?? KubeProxyMode.IPTABLES;
    requireKubeProxyOfMinor(props.addonVersion, props.cluster, this);
    if (props.ipvsScheduler !== undefined && this.mode !== KubeProxyMode.IPVS) {
      Annotations.of(this).addWarningV2(
        'cdk-eks-netkit:ipvsSchedulerIgnored',
        `ipvsScheduler ('${props.ipvsScheduler}') only applies in ipvs mode and is ignored with mode ${this.mode}; set mode: KubeProxyMode.IPVS or drop ipvsScheduler`,
      );
    }
    if (props.ipvsScheduler !== undefined && !IPVS_SCHEDULERS.includes(props.ipvsScheduler)) {
      throw new NetkitValidationError(
        `ipvsScheduler ('${props.ipvsScheduler}') is not an IPVS scheduler; use one of ${IPVS_SCHEDULERS.join(', ')}`,
        this,
      );
    }
    const configuration = {
      mode: this.mode,
      ...(this.mode === KubeProxyMode.IPVS ? { ipvs: { scheduler: props.ipvsScheduler ?? 'rr' } } : {}),
    };
    this.addon = managedAddon(this, 'kube-proxy', props, configuration);
    warnIfAutoModeOnly(this, props.cluster, () => [KUBE_PROXY_TUNING]);
    if (props.hostnameOverride ?? true) {
      requireKubectlProvider(
        this,
        props.cluster,
        'KubeProxy patches kube-proxy with --hostname-override',
        'or set hostnameOverride: false',
      );
      const patch = kubeProxyHostnamePatch(revisionOf(this, { addonVersion: props.addonVersion, configuration }));
      const hostname = new eks.KubernetesPatch(this, 'HostnameOverride', {
        cluster: props.cluster,
        resourceName: 'daemonset/kube-proxy',
        resourceNamespace: 'kube-system',
        applyPatch: patch,
        // EKS's own kube-proxy passes the same flag on current versions; removal leaves the flag (harmless) and takes
        // only the revision annotation off.
        restorePatch: { ...patch, metadata: REMOVE_PATCH_REVISION },
      });
      hostname.node.addDependency(this.addon);
    }
    ClusterNetworkingContext.of(props.cluster)._registerKubeProxy(this, this.mode);
  }
}

/**
 * EKS offers kube-proxy add-on versions of the cluster's own Kubernetes minor (v1.35.x-eksbuild.N on 1.35): another
 * minor fails when the add-on is created or updated.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html
 */
function requireKubeProxyOfMinor(addonVersion: string | undefined, cluster: eks.ICluster, scope: Construct): void {
  const minor = kubernetesMinorOf(cluster);
  const version = addonVersion === undefined || isUnresolved(addonVersion) ? undefined : readVersion(addonVersion);
  if (!minor || !version || `${version.major}.${version.minor}` === minor) return;
  throw new NetkitValidationError(
    `addonVersion ('${addonVersion}') is kube-proxy for Kubernetes ${version.major}.${version.minor}, but cluster ` +
      `${cluster.node.path} runs ${minor}; use a v${minor}.x-eksbuild.N version (aws eks describe-addon-versions ` +
      `--addon-name kube-proxy --kubernetes-version ${minor}), or leave addonVersion out for the default`,
    scope,
  );
}
