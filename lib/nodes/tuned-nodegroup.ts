import { Annotations, Lazy, Names, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { WarmPoolConfig, WarmPoolOptions, resolveWarmPool } from './warm-pool';
import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { calculateMaxPods } from '../capacity/max-pods';
import { MaxPodsExpressionDialect, compileMaxPodsExpression } from '../capacity/max-pods-expression';
import { PodNetworking } from '../capacity/pod-networking';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { requireClusterVpc, requireSubnetsOfCluster, selectedSubnets } from '../cluster/cluster-subnet';
import { KubeletTuningOptions, resolveKubeletSettings } from '../node-spec/kubelet-tuning';
import { maxPodsFromExpression } from '../node-spec/max-pods-from-expression';
import { NodeImage, amiTypeFor, architectureOf } from '../node-spec/node-image';
import { NodeSpecOptions, nodeBoot, nodeUserData, resolveNodeSpec } from '../node-spec/node-spec';
import { NODE_VOLUME_TAGS } from '../node-spec/volume-tags';
import { checkNodegroupSizes, nodegroupQuotaWarning, nodegroupSizes } from '../private/limits';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, forConstruct, isUnresolved, raise } from '../private/validation-error';
import { SynthWarning, warnAtSynth } from '../private/warn-at-synth';

/**
 * Options for a tuned managed node group.
 */
export interface TunedNodegroupOptions extends NodeSpecOptions {
  /** Instance types, all of one CPU architecture, e.g. `['m6i.xlarge', 'm6a.xlarge']`. */
  readonly instanceTypes: string[];

  /**
   * How pods get IPs; max-pods is computed for it. It must give the same max pods as the cluster's mode.
   * @default - the mode of the cluster's networking context, read at synth: the cluster's VpcCni from this library,
   * a declared mode, or the VPC CNI defaults on a cluster created in this app; an imported cluster with none of
   * them is an error naming both fixes
   */
  readonly podNetworking?: PodNetworking;

  /**
   * The managed node group AMI type, for variants such as `AL2023_x86_64_NVIDIA`. It must belong to `nodeImage`.
   * @default - the standard AMI of `nodeImage` for the instance types' architecture
   */
  readonly amiType?: eks.NodegroupAmiType;

  /**
   * A max-pods formula in nodeadm's CEL dialect (its `kubelet.maxPodsExpression`): variables `default_enis`,
   * `ips_per_eni`, `max_pods` (the ENI formula), `vcpus` and `physical_memory_mib`; `?:` for caps (nodeadm has no
   * `min`). The library evaluates it at synth for each instance type, refuses a value above a type's IP capacity or
   * one nodeadm would reject, and writes the lowest value as kubelet `maxPods` (with `kubeReserved` to match), so it
   * wins over EKS's own settings as `kubelet.maxPods` does. Not with `kubelet.maxPods`.
   * @default - no expression: max pods from the calculator, or `kubelet.maxPods`
   * @see https://awslabs.github.io/amazon-eks-ami/nodeadm/doc/api/
   */
  readonly maxPodsExpression?: string;

  /**
   * An EC2 Auto Scaling warm pool of pre-initialised instances, which join in seconds on scale-out. Warm instances
   * sit in the node group's subnets and hold addresses there (reused ones keep their pod ENIs while stopped), so the
   * IP planner and NETKIT-IP1 count them; NETKIT-WARM1 states the trade. Bottlerocket has no `Hibernated` state and
   * no `reuseOnScaleIn`.
   * @default - no warm pool
   * @see https://docs.aws.amazon.com/eks/latest/userguide/warm-pools-managed-node-groups.html
   */
  readonly warmPool?: WarmPoolOptions;

  /**
   * KMS key for the EBS volumes.
   * @default - the account's default EBS key (aws/ebs)
   */
  readonly volumeEncryptionKey?: kms.IKey;

  /**
   * Extra shell scripts run once per instance before nodeadm starts the kubelet (AL2023 only). Each must pass
   * shellcheck; they must not override the hostname, touch iptables or manage docker.
   * @default - none
   */
  readonly shellScripts?: string[];

  /**
   * The fewest nodes the group scales in to.
   * @default 2
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html
   */
  readonly minSize?: number;
  /**
   * How many nodes the group runs when it is created or updated.
   * @default - minSize
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html
   */
  readonly desiredSize?: number;
  /**
   * The most nodes the group scales out to; the IP planner and guardrails NETKIT-IP1 and NETKIT-API1 plan for it.
   * @default - max(minSize, desiredSize)
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html
   */
  readonly maxSize?: number;

  /**
   * Subnets of the nodes.
   * @default - the cluster's private subnets
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Node group name.
   * @default - generated by CloudFormation
   */
  readonly nodegroupName?: string;

  /**
   * Kubernetes labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Kubernetes taints.
   * @default - none
   */
  readonly taints?: eks.TaintSpec[];

  /**
   * On-demand or spot.
   * @default eks.CapacityType.ON_DEMAND
   */
  readonly capacityType?: eks.CapacityType;

  /**
   * The node IAM role.
   * @default - a role with AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly
   */
  readonly nodeRole?: iam.IRole;
}

/**
 * Props for {@link TunedNodegroup}.
 */
export interface TunedNodegroupProps extends TunedNodegroupOptions {
  /** The aws-eks-v2 cluster the nodes join. */
  readonly cluster: eks.ICluster;
}

/**
 * A managed node group with a launch template the library owns: clean AL2023 (nodeadm) or Bottlerocket bootstrap
 * carrying computed max-pods and tuned image pulls, container state on its own EBS volume, IMDSv2 required, and
 * ordering after the cluster's VPC CNI add-on.
 */
export class TunedNodegroup extends Construct {
  /** The managed node group. */
  public readonly nodegroup: eks.Nodegroup;
  /** The launch template it uses; a kubelet change makes a new version, not a new node group. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The node operating system. */
  public readonly nodeImage: NodeImage;
  private readonly context: ClusterNetworkingContext;
  private readonly ownPodNetworking?: PodNetworking;
  private readonly instanceTypes: string[];
  private readonly kubeletOptions?: KubeletTuningOptions;
  private readonly maxPodsExpression?: string;

  constructor(scope: Construct, id: string, props: TunedNodegroupProps) {
    super(scope, id);
    validateProps(this, 'TunedNodegroupProps', props);
    this.nodeImage = props.nodeImage ?? NodeImage.AL2023;
    this.context = ClusterNetworkingContext.of(props.cluster);
    this.ownPodNetworking = props.podNetworking;
    this.instanceTypes = props.instanceTypes;
    this.kubeletOptions = props.kubelet;
    const sizes = nodegroupSizes(props);
    raise(this, checkNodegroupSizes(sizes));
    const quota = nodegroupQuotaWarning(sizes);
    if (quota) Annotations.of(this).addWarningV2('cdk-eks-netkit:nodegroupMaxSizeAboveQuota', quota);
    this.maxPodsExpression = props.maxPodsExpression;
    // The dialect check needs no cluster facts: fail at construction.
    if (props.maxPodsExpression !== undefined && !isUnresolved(props.maxPodsExpression)) {
      forConstruct(this, () => compileMaxPodsExpression(props.maxPodsExpression!, MaxPodsExpressionDialect.NODEADM));
    }
    if (isUnresolved(props.maxPodsExpression)) {
      throw new NetkitValidationError(
        'maxPodsExpression is a token; the library evaluates it at synth for each instance type, so give the expression as a string',
        this,
      );
    }
    if (props.maxPodsExpression !== undefined && props.kubelet?.maxPods !== undefined) {
      throw new NetkitValidationError(
        `maxPodsExpression ('${props.maxPodsExpression}') and kubelet.maxPods (${props.kubelet.maxPods}) both set max pods; keep one`,
        this,
      );
    }
    this.context._registerName('node group', props.nodegroupName, this);
    const vpc = requireClusterVpc(props.cluster, 'a managed node group takes its subnets from it', this);
    if (props.subnets !== undefined && !isUnresolved(props.subnets)) {
      requireSubnetsOfCluster('subnets', selectedSubnets(vpc, props.subnets), props.cluster, this);
    }

    const architecture = forConstruct(this, () => architectureOf(props.instanceTypes));
    const amiType = props.amiType ?? amiTypeFor(this.nodeImage, architecture);
    checkAmiType(amiType, this.nodeImage, architecture, props.instanceTypes, this);
    // A mode that cannot change any more is checked now; the cluster's default is read at synth.
    if (props.podNetworking ?? this.context._settledPodNetworking) this.kubeletSettings();
    const spec = forConstruct(this, () => resolveNodeSpec(props, props.shellScripts ?? []));

    const kubelet = () => ({ ...this.kubeletSettings(), clusterDns: this.context.clusterDns });
    const blockDevices = spec.volumes.map((v) => ({
      deviceName: v.deviceName,
      volume: ec2.BlockDeviceVolume.ebs(v.sizeGiB, {
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        iops: v.iops,
        throughput: v.throughputMiBps,
        encrypted: true,
        kmsKey: props.volumeEncryptionKey,
        deleteOnTermination: true,
      }),
    }));

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      requireImdsv2: true,
      httpPutResponseHopLimit: spec.httpPutResponseHopLimit,
      blockDevices,
      // Rendered at synth, so a VpcCni or NodeLocal DNSCache added after this node group still decides max pods
      // and clusterDNS.
      userData: ec2.UserData.custom(
        Lazy.string({
          produce: () => nodeUserData(spec, kubelet()),
        }),
      ),
    });
    // Tags on the launch template reach its instances and volumes, so alarms can select the node group's volumes.
    Tags.of(this.launchTemplate).add(NODE_VOLUME_TAGS.nodegroup, Names.uniqueResourceName(this, { maxLength: 128 }));
    Tags.of(this.launchTemplate).add(NODE_VOLUME_TAGS.cluster, props.cluster.clusterName);

    this.nodegroup = new eks.Nodegroup(this, 'Resource', {
      cluster: props.cluster,
      nodegroupName: props.nodegroupName,
      instanceTypes: props.instanceTypes.map((t) => new ec2.InstanceType(t)),
      amiType,
      minSize: sizes.minSize,
      desiredSize: sizes.desiredSize,
      maxSize: sizes.maxSize,
      subnets: props.subnets,
      labels: props.labels,
      taints: props.taints,
      capacityType: props.capacityType,
      nodeRole: props.nodeRole,
      launchTemplateSpec: {
        id: this.launchTemplate.launchTemplateId!,
        version: this.launchTemplate.latestVersionNumber,
      },
    });
    if (props.warmPool) {
      // EC2 Auto Scaling attaches no warm pool to a group that requests Spot Instances (PutWarmPool refuses it).
      if (props.capacityType === eks.CapacityType.SPOT) {
        throw new NetkitValidationError(
          'warmPool is set on a SPOT node group, but EC2 Auto Scaling puts no warm pool on a group that requests Spot ' +
            'Instances; drop warmPool, or use capacityType ON_DEMAND',
          this,
        );
      }
      const config = forConstruct(this, () => resolveWarmPool(props.warmPool!, this.nodeImage, sizes.maxSize));
      const cfn = this.nodegroup.node.defaultChild as eks.CfnNodegroup;
      // The typed property (what the guardrails read) exists from aws-cdk-lib 2.276; older releases get an override.
      if ('warmPoolConfig' in cfn) {
        cfn.warmPoolConfig = config;
      } else {
        (cfn as eks.CfnNodegroup).addPropertyOverride('WarmPoolConfig', cfnCase(config));
      }
    }
    warnAtSynth(this, () => [
      ...prefixDelegationIgnored(this.instanceTypes, this.podNetworking),
      ...(this.maxPodsExpression !== undefined
        ? forConstruct(this, () =>
            maxPodsFromExpression(this.maxPodsExpression!, this.instanceTypes, this.podNetworking),
          ).warnings
        : []),
    ]);
    this.context._registerCompute(
      this,
      'nodegroup',
      props.podNetworking,
      () => selectedSubnets(vpc, props.subnets),
      this.nodegroup,
      () => nodeBoot(spec, kubelet()),
    );
  }

  /** The pod-networking mode max pods is computed for: its own, else the cluster's (read when asked). */
  public get podNetworking(): PodNetworking {
    return this.context._podNetworkingFor(this, this.ownPodNetworking);
  }

  /** kubelet `maxPods` on these nodes, for the mode the cluster has when asked (the template reads it at synth). */
  public get maxPods(): number {
    return this.kubeletSettings().maxPods!;
  }

  private kubeletSettings(): KubeletSettings {
    const mode = this.podNetworking;
    const options =
      this.maxPodsExpression === undefined
        ? this.kubeletOptions
        : {
            ...this.kubeletOptions,
            maxPods: forConstruct(this, () => maxPodsFromExpression(this.maxPodsExpression!, this.instanceTypes, mode))
              .maxPods,
          };
    return forConstruct(this, () => resolveKubeletSettings(this.instanceTypes, mode, options));
  }
}

/** The L1 property in CloudFormation's casing, for a property override. */
function cfnCase(config: WarmPoolConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k[0].toUpperCase() + k.slice(1), v]),
  );
}

/** The AZs of the node subnets (aws-eks-v2's default: the private subnets); none when the VPC cannot say. */
/** An explicit amiType must be of the chosen image family: user data formats differ. */
function checkAmiType(
  amiType: eks.NodegroupAmiType,
  image: NodeImage,
  architecture: ec2.InstanceArchitecture,
  instanceTypes: readonly string[],
  scope: Construct,
): void {
  const name = String(amiType);
  if (isUnresolved(name)) {
    throw new NetkitValidationError(
      'amiType is a deploy-time value, but the node group checks it against the instance types at synth; give an ' +
        'eks.NodegroupAmiType, or leave amiType out to derive it',
      scope,
    );
  }
  if (!name.toUpperCase().startsWith(image)) {
    throw new NetkitValidationError(
      `amiType ${amiType} does not belong to nodeImage ${image}; choose an ${image} AMI type or set nodeImage to match`,
      scope,
    );
  }
  const derived = amiTypeFor(image, architecture);
  const armAmi = name.includes('ARM_64');
  if (armAmi !== (architecture === ec2.InstanceArchitecture.ARM_64)) {
    throw new NetkitValidationError(
      `amiType ${amiType} is for ${armAmi ? 'arm64' : 'x86_64'} instances, but instanceTypes (${instanceTypes.join(', ')}) ` +
        `are ${architecture}; use ${derived}, or leave amiType out to derive it from the instance types`,
      scope,
    );
  }
  // Accelerated AMIs carry drivers for one kind of accelerator: NVIDIA GPUs (p and g families), Neuron (inf, trn).
  const accelerator = name.includes('NVIDIA')
    ? { kind: 'NVIDIA GPU', families: /^[pg]\d/, which: 'p and g families' }
    : name.includes('NEURON')
      ? { kind: 'AWS Neuron', families: /^(inf|trn)\d/, which: 'inf and trn families' }
      : undefined;
  const without = accelerator && instanceTypes.filter((t) => !isUnresolved(t) && !accelerator.families.test(t));
  if (accelerator && without && without.length > 0) {
    throw new NetkitValidationError(
      `amiType ${amiType} is for ${accelerator.kind} instances (${accelerator.which}), but ${without.join(', ')} ` +
        `${without.length === 1 ? 'has' : 'have'} none; use ${derived}, or instance types with that accelerator`,
      scope,
    );
  }
}

/** Prefix delegation on a type that cannot use it (Xen, bare metal, old CNI) is legal but almost surely unintended. */
export function prefixDelegationIgnored(instanceTypes: readonly string[], mode: PodNetworking): SynthWarning[] {
  if (!mode.prefixDelegationEnabled) return [];
  const ignored = instanceTypes.filter(
    (t) => !isUnresolved(t) && !calculateMaxPods(t, { podNetworking: mode }).prefixDelegation,
  );
  if (ignored.length === 0) return [];
  return [
    {
      id: 'cdk-eks-netkit:prefixDelegationIgnored',
      message: `prefix delegation does not apply to ${ignored.join(', ')} (not Nitro, bare metal, or a VPC CNI older than 1.9), so max pods there counts single IPs; choose Nitro instance types or use PodNetworking.secondaryIps()`,
    },
  ];
}
