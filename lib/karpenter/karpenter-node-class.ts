import { Names } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KarpenterCapacityType } from './karpenter-capacity-type';
import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { kubeReservedMemoryMiB } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { EC2_NODE_CLASS_HEAD, renderEc2NodeClass, renderNodePool } from '../manifests/karpenter-manifests';
import { resolveImagePulls, resolveMaxPods } from '../node-spec/kubelet-tuning';
import { NodeImage, architectureOf } from '../node-spec/node-image';
import { NodeSpec, NodeSpecOptions, nodeUserData, resolveNodeSpec } from '../node-spec/node-spec';
import { NODE_VOLUME_TAGS } from '../node-spec/volume-tags';
import { requireKubectlProvider } from '../private/kubectl';
import { lazyObjectBodies } from '../private/lazy-manifest';
import { validateProps } from '../private/prop-rules';
import {
  NetkitValidationError,
  forConstruct,
  isUnresolved,
  requireDnsSubdomain,
  requireInteger,
  requireNonEmpty,
  requireOneOf,
} from '../private/validation-error';
import { SynthWarning, warnAtSynth } from '../private/warn-at-synth';

/** Karpenter's conservative pod count for prefix delegation when the instance types are not known. */
const PREFIX_DELEGATION_DEFAULT_MAX_PODS = 110;

/**
 * A NodePool that launches nodes of the node class.
 */
export interface KarpenterNodePoolOptions {
  /**
   * The NodePool name.
   * @default - the node class name
   */
  readonly name?: string;
  /**
   * Capacity types, `on-demand` and/or `spot` (KarpenterCapacityType values).
   * @default [KarpenterCapacityType.ON_DEMAND]
   */
  readonly capacityTypes?: KarpenterCapacityType[];
  /**
   * The most vCPUs the pool may run.
   * @default 1000
   */
  readonly cpuLimit?: number;
}

/**
 * Options for {@link KarpenterNodeClass}.
 */
export interface KarpenterNodeClassOptions extends NodeSpecOptions {
  /** The IAM role Karpenter gives its nodes (it needs an EC2 access entry on the cluster). */
  readonly nodeRole: iam.IRole;

  /**
   * The EC2NodeClass name.
   * @default 'default'
   */
  readonly name?: string;

  /**
   * How pods get IPs. It must give the same max pods as the cluster's mode.
   * @default - the mode of the cluster's networking context, read at synth: the cluster's VpcCni from this library,
   * a declared mode, or the VPC CNI defaults on a cluster created in this app; an imported cluster with none of
   * them is an error naming both fixes
   */
  readonly podNetworking?: PodNetworking;

  /**
   * The AMI version of the alias, e.g. `v20260714`. Pin it in production so new AMIs roll out when you choose.
   * @default 'latest'
   */
  readonly amiVersion?: string;

  /**
   * Instance types the NodePool may launch. When given, the NodePool is restricted to them, their architecture
   * is used, and a maxPods you set (or prefix delegation's) is checked against each one's ENI capacity.
   * @default - any type Karpenter picks, of the x86_64 architecture
   */
  readonly instanceTypes?: string[];

  /**
   * Tags that select the node subnets.
   * @default { 'karpenter.sh/discovery': <cluster name> }
   */
  readonly subnetSelectorTags?: Record<string, string>;

  /**
   * Tags that select the node security groups.
   * @default { 'karpenter.sh/discovery': <cluster name> }
   */
  readonly securityGroupSelectorTags?: Record<string, string>;

  /**
   * Also render and apply a NodePool for the class.
   * @default - no NodePool
   */
  readonly nodePool?: KarpenterNodePoolOptions;
}

/**
 * Props for {@link KarpenterNodeClass}.
 */
export interface KarpenterNodeClassProps extends KarpenterNodeClassOptions {
  /** The aws-eks-v2 cluster; it needs a kubectl provider to apply the manifests. */
  readonly cluster: eks.ICluster;
}

/**
 * A Karpenter `EC2NodeClass` (and optionally a `NodePool`) with the same tuning as the library's node groups: image
 * pulls, the data volume as `blockDeviceMappings`, IMDSv2, and max pods that match the pod-networking mode.
 *
 * Karpenter's controller setting `RESERVED_ENIS` must equal {@link KarpenterNodeClass.reservedEnisFor}; the
 * construct warns at synth when the mode needs a reservation.
 */
export class KarpenterNodeClass extends Construct {
  /**
   * The `RESERVED_ENIS` the Karpenter controller needs for a pod-networking mode: one for custom networking and
   * one for the security-groups-for-pods trunk.
   */
  public static reservedEnisFor(podNetworking: PodNetworking): number {
    return podNetworking.karpenterReservedEnis;
  }

  /**
   * The rendered NodePool manifest.
   * @default - no NodePool
   */
  public readonly nodePoolManifest?: Record<string, any>;
  private readonly context: ClusterNetworkingContext;
  private readonly props: KarpenterNodeClassProps;
  private readonly spec: NodeSpec;

  constructor(scope: Construct, id: string, props: KarpenterNodeClassProps) {
    super(scope, id);
    validateProps(this, 'KarpenterNodeClassProps', props);
    requireKubectlProvider(this, props.cluster, 'KarpenterNodeClass applies manifests');
    requireDnsSubdomain('name', props.name, this);
    if (
      props.amiVersion !== undefined &&
      !isUnresolved(props.amiVersion) &&
      !/^(latest|v\d{8})$/.test(props.amiVersion)
    ) {
      throw new NetkitValidationError(
        `amiVersion ('${props.amiVersion}') is not an EKS AMI release: use vYYYYMMDD (e.g. v20260714) or 'latest'`,
        this,
      );
    }
    this.props = props;
    this.context = ClusterNetworkingContext.of(props.cluster);
    this.spec = forConstruct(this, () => resolveNodeSpec(props));
    // A mode that cannot change any more is checked now; the cluster's default is read at synth.
    if (props.podNetworking ?? this.context._settledPodNetworking) this.kubeletSettings();

    if (props.nodePool) this.nodePoolManifest = this.renderNodePool(props.nodePool);
    const heads = [
      { ...EC2_NODE_CLASS_HEAD, metadata: { name: props.name ?? 'default' }, spec: undefined },
      ...(this.nodePoolManifest ? [this.nodePoolManifest] : []),
    ];
    const manifest = lazyObjectBodies(heads, () => [
      this.ec2NodeClassManifest,
      ...(this.nodePoolManifest ? [this.nodePoolManifest] : []),
    ]);
    new eks.KubernetesManifest(this, 'Resource', { cluster: props.cluster, manifest, overwrite: true });
    this.context._registerCompute(this, 'nodeClass', props.podNetworking, []);
    warnAtSynth(this, () => this.warnings());
  }

  /** The pod-networking mode of the class: its own, else the cluster's (read when asked). */
  public get podNetworking(): PodNetworking {
    return this.context._podNetworkingFor(this, this.props.podNetworking);
  }

  /** The `RESERVED_ENIS` the Karpenter controller needs for this class's mode. */
  public get reservedEnis(): number {
    return KarpenterNodeClass.reservedEnisFor(this.podNetworking);
  }

  /** The EC2NodeClass manifest, rendered for the cluster's networking as known when asked (the template: at synth). */
  public get ec2NodeClassManifest(): Record<string, any> {
    const props = this.props;
    const image = this.spec.image;
    const kubelet = this.kubeletSettings();
    const discovery = { 'karpenter.sh/discovery': props.cluster.clusterName };
    return renderEc2NodeClass({
      name: props.name ?? 'default',
      amiFamilyAlias: `${image === NodeImage.BOTTLEROCKET ? 'bottlerocket' : 'al2023'}@${props.amiVersion ?? 'latest'}`,
      roleName: props.nodeRole.roleName,
      subnetSelectorTags: props.subnetSelectorTags ?? discovery,
      securityGroupSelectorTags: props.securityGroupSelectorTags ?? discovery,
      httpPutResponseHopLimit: this.spec.httpPutResponseHopLimit,
      volumes: this.spec.volumes,
      kubelet: { ...kubelet, clusterDns: this.context.clusterDns },
      // Karpenter writes maxPods and kubeReserved into its own NodeConfig; user data carries the rest.
      userData: nodeUserData(this.spec, { ...kubelet, maxPods: undefined, kubeReservedMemoryMiB: undefined }),
      tags: {
        [NODE_VOLUME_TAGS.nodegroup]: Names.uniqueResourceName(this, { maxLength: 128 }),
        [NODE_VOLUME_TAGS.cluster]: props.cluster.clusterName,
      },
    }) as Record<string, any>;
  }

  private renderNodePool(nodePool: KarpenterNodePoolOptions): Record<string, any> {
    requireInteger('nodePool.cpuLimit', nodePool.cpuLimit, 1, undefined, undefined, this);
    requireDnsSubdomain('nodePool.name', nodePool.name, this);
    const capacityTypes = nodePool.capacityTypes ?? [KarpenterCapacityType.ON_DEMAND];
    requireNonEmpty('nodePool.capacityTypes', capacityTypes, 'give on-demand and/or spot', this);
    capacityTypes.forEach((c) => requireOneOf('nodePool.capacityTypes', c, KarpenterCapacityType, this));
    const architecture = this.props.instanceTypes
      ? architectureOf(this.props.instanceTypes)
      : ec2.InstanceArchitecture.X86_64;
    return renderNodePool({
      name: nodePool.name ?? this.props.name ?? 'default',
      nodeClassName: this.props.name ?? 'default',
      architecture: architecture === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'amd64',
      capacityTypes,
      instanceTypes: this.props.instanceTypes,
      cpuLimit: nodePool.cpuLimit ?? 1000,
    }) as Record<string, any>;
  }

  /** Warnings that depend on the cluster's mode: given at synth, when every construct exists. */
  private warnings(): SynthWarning[] {
    const warnings: SynthWarning[] = [];
    const podNetworking = this.podNetworking;
    if (this.reservedEnis > 0) {
      warnings.push({
        id: 'cdk-eks-netkit:karpenterReservedEnis',
        message:
          `${podNetworking.describe()} needs the Karpenter controller setting RESERVED_ENIS=${this.reservedEnis} ` +
          '(Helm value settings.reservedENIs); without it Karpenter schedules more pods than nodes have IPs for',
      });
    }
    const tuning = this.props.kubelet ?? {};
    if (podNetworking.prefixDelegationEnabled && !this.props.instanceTypes && tuning.maxPods === undefined) {
      warnings.push({
        id: 'cdk-eks-netkit:karpenterPrefixDelegationMaxPods',
        message:
          `prefix delegation: maxPods set to ${PREFIX_DELEGATION_DEFAULT_MAX_PODS} for every instance type Karpenter picks; list instanceTypes so it ` +
          'is checked against each type, or exclude types whose prefix capacity is lower (the smallest t3/t4g sizes)',
      });
    }
    return warnings;
  }

  /**
   * Karpenter computes ENI-limited max pods per instance type (minus RESERVED_ENIS) but knows nothing of prefix
   * delegation, so maxPods is set for that mode, or when the user asks.
   */
  private kubeletSettings(): KubeletSettings {
    const props = this.props;
    const podNetworking = this.podNetworking;
    const tuning = props.kubelet ?? {};
    const pulls = forConstruct(this, () => resolveImagePulls(tuning));
    const owned = tuning.maxPods !== undefined || podNetworking.prefixDelegationEnabled;
    if (!owned) return pulls;
    if (props.instanceTypes) {
      return {
        ...pulls,
        ...forConstruct(this, () => resolveMaxPods(props.instanceTypes!, podNetworking, tuning.maxPods)),
      };
    }
    requireInteger('maxPods', tuning.maxPods, 1, undefined, undefined, this);
    const maxPods = tuning.maxPods ?? PREFIX_DELEGATION_DEFAULT_MAX_PODS;
    return { ...pulls, maxPods, kubeReservedMemoryMiB: kubeReservedMemoryMiB(maxPods) };
  }
}
