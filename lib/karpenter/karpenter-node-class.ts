import { Annotations, Names } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { renderEc2NodeClass, renderNodePool } from './karpenter-manifests';
import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { kubeReservedMemoryMiB } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';
import { DataVolumeOptions, resolveDataVolume } from '../nodes/data-volume';
import { KubeletTuningOptions, resolveImagePulls, resolveMaxPods } from '../nodes/kubelet-tuning';
import { checkImageOptions, nodeVolumes, renderNodeUserData } from '../nodes/node-bootstrap';
import { NodeImage, architectureOf } from '../nodes/node-image';
import { NODE_VOLUME_TAGS } from '../nodes/volume-tags';
import { clusterDnsOf, clusterPodNetworking } from '../private/cluster-networking';
import { NetkitValidationError, requireInteger } from '../private/validation-error';

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
   * Capacity types, `on-demand` and/or `spot`.
   * @default ['on-demand']
   */
  readonly capacityTypes?: string[];
  /**
   * The most vCPUs the pool may run.
   * @default 1000
   */
  readonly cpuLimit?: number;
}

/**
 * Options for {@link KarpenterNodeClass}.
 */
export interface KarpenterNodeClassOptions {
  /** The IAM role Karpenter gives its nodes (it needs an EC2 access entry on the cluster). */
  readonly nodeRole: iam.IRole;

  /**
   * The EC2NodeClass name.
   * @default 'default'
   */
  readonly name?: string;

  /**
   * How pods get IPs.
   * @default - the mode of the cluster's VpcCni add-on from this library, else PodNetworking.secondaryIps()
   */
  readonly podNetworking?: PodNetworking;

  /**
   * The node operating system.
   * @default NodeImage.AL2023
   */
  readonly nodeImage?: NodeImage;

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
   * kubelet settings. Without prefix delegation, Karpenter computes max pods per instance type itself from
   * `RESERVED_ENIS`; set `maxPods` only to lower it.
   * @default - registryPullQPS 50, registryBurst 100, maxParallelImagePulls 10
   */
  readonly kubelet?: KubeletTuningOptions;

  /**
   * Container state on its own encrypted gp3 volume.
   * @default - 100 GiB, 3,000 IOPS, 250 MiB/s
   */
  readonly dataVolume?: DataVolumeOptions;

  /**
   * Root volume size in GiB.
   * @default - 20 GiB on AL2023; the AMI's own size on Bottlerocket
   */
  readonly rootVolumeSizeGiB?: number;

  /**
   * IMDSv2 hop limit; 1 keeps pods on the pod network away from instance credentials.
   * @default 1
   */
  readonly httpPutResponseHopLimit?: number;

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

  /** The rendered EC2NodeClass manifest. */
  public readonly ec2NodeClassManifest: Record<string, any>;
  /**
   * The rendered NodePool manifest.
   * @default - no NodePool
   */
  public readonly nodePoolManifest?: Record<string, any>;
  /** The `RESERVED_ENIS` the Karpenter controller needs for this class's mode. */
  public readonly reservedEnis: number;

  constructor(scope: Construct, id: string, props: KarpenterNodeClassProps) {
    super(scope, id);
    if (!props.cluster.kubectlProvider) {
      throw new NetkitValidationError(
        `KarpenterNodeClass ${this.node.path} applies manifests, but cluster ${props.cluster.node.path} has no kubectl provider; ` +
          'create the cluster with kubectlProviderOptions (e.g. { kubectlLayer: new KubectlV35Layer(this, "Kubectl") })',
      );
    }
    const image = props.nodeImage ?? NodeImage.AL2023;
    const podNetworking = props.podNetworking ?? clusterPodNetworking(props.cluster) ?? PodNetworking.secondaryIps();
    requireInteger('httpPutResponseHopLimit', props.httpPutResponseHopLimit, 1, 64);
    const name = props.name ?? 'default';
    const dataVolume = resolveDataVolume(props.dataVolume);
    checkImageOptions(image, [], dataVolume);
    const kubelet = this.kubeletSettings(podNetworking, props);
    this.reservedEnis = KarpenterNodeClass.reservedEnisFor(podNetworking);
    if (this.reservedEnis > 0) {
      Annotations.of(this).addWarningV2(
        'cdk-eks-netkit:karpenterReservedEnis',
        `${podNetworking.describe()} needs the Karpenter controller setting RESERVED_ENIS=${this.reservedEnis} ` +
          '(Helm value settings.reservedENIs); without it Karpenter schedules more pods than nodes have IPs for',
      );
    }

    const discovery = { 'karpenter.sh/discovery': props.cluster.clusterName };
    this.ec2NodeClassManifest = renderEc2NodeClass({
      name,
      amiFamilyAlias: `${image === NodeImage.BOTTLEROCKET ? 'bottlerocket' : 'al2023'}@${props.amiVersion ?? 'latest'}`,
      roleName: props.nodeRole.roleName,
      subnetSelectorTags: props.subnetSelectorTags ?? discovery,
      securityGroupSelectorTags: props.securityGroupSelectorTags ?? discovery,
      httpPutResponseHopLimit: props.httpPutResponseHopLimit ?? 1,
      volumes: nodeVolumes(image, props.rootVolumeSizeGiB, dataVolume),
      kubelet: { ...kubelet, clusterDns: clusterDnsOf(props.cluster) },
      // Karpenter writes maxPods and kubeReserved into its own NodeConfig; user data carries the rest.
      userData: renderNodeUserData(
        image,
        { ...kubelet, maxPods: undefined, kubeReservedMemoryMiB: undefined },
        dataVolume,
        [],
      ),
      tags: {
        [NODE_VOLUME_TAGS.nodegroup]: Names.uniqueResourceName(this, { maxLength: 128 }),
        [NODE_VOLUME_TAGS.cluster]: props.cluster.clusterName,
      },
    });

    if (props.nodePool) {
      requireInteger('nodePool.cpuLimit', props.nodePool.cpuLimit, 1);
      const capacityTypes = props.nodePool.capacityTypes ?? ['on-demand'];
      const unknown = capacityTypes.filter((c) => c !== 'on-demand' && c !== 'spot');
      if (unknown.length > 0 || capacityTypes.length === 0) {
        throw new NetkitValidationError(
          `nodePool.capacityTypes (${capacityTypes.join(', ')}) must be on-demand and/or spot`,
        );
      }
      const architecture = props.instanceTypes ? architectureOf(props.instanceTypes) : ec2.InstanceArchitecture.X86_64;
      this.nodePoolManifest = renderNodePool({
        name: props.nodePool.name ?? name,
        nodeClassName: name,
        architecture: architecture === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'amd64',
        capacityTypes,
        instanceTypes: props.instanceTypes,
        cpuLimit: props.nodePool.cpuLimit ?? 1000,
      });
    }

    const manifests = [this.ec2NodeClassManifest, ...(this.nodePoolManifest ? [this.nodePoolManifest] : [])];
    new eks.KubernetesManifest(this, 'Resource', { cluster: props.cluster, manifest: manifests, overwrite: true });
  }

  /**
   * Karpenter computes ENI-limited max pods per instance type (minus RESERVED_ENIS) but knows nothing of prefix
   * delegation, so maxPods is set for that mode, or when the user asks.
   */
  private kubeletSettings(podNetworking: PodNetworking, props: KarpenterNodeClassProps): KubeletSettings {
    const tuning = props.kubelet ?? {};
    const pulls = resolveImagePulls(tuning);
    const owned = tuning.maxPods !== undefined || podNetworking.prefixDelegationEnabled;
    if (!owned) return pulls;
    if (props.instanceTypes) return { ...pulls, ...resolveMaxPods(props.instanceTypes, podNetworking, tuning.maxPods) };
    requireInteger('maxPods', tuning.maxPods, 1);
    const maxPods = tuning.maxPods ?? PREFIX_DELEGATION_DEFAULT_MAX_PODS;
    if (tuning.maxPods === undefined) {
      Annotations.of(this).addWarningV2(
        'cdk-eks-netkit:karpenterPrefixDelegationMaxPods',
        `prefix delegation: maxPods set to ${maxPods} for every instance type Karpenter picks; list instanceTypes so it ` +
          'is checked against each type, or exclude types whose prefix capacity is lower (the smallest t3/t4g sizes)',
      );
    }
    return { ...pulls, maxPods, kubeReservedMemoryMiB: kubeReservedMemoryMiB(maxPods) };
  }
}
