import { Names, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KarpenterCapacityType } from './karpenter-capacity-type';
import { KarpenterConnectionTracking, renderConnectionTracking } from './karpenter-connection-tracking';
import { karpenterPrefixDelegationMaxPods } from './karpenter-max-pods-expression';
import { KARPENTER_CONNECTION_TRACKING, KARPENTER_OPEN_KUBELET, karpenterAtLeast } from './karpenter-version';
import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { architectureOf } from '../capacity/instance-type-limits';
import { PodNetworking } from '../capacity/pod-networking';
import { ClusterAuthenticationMode } from '../cluster/cluster-authentication-mode';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { KarpenterFacts } from '../cluster/karpenter-facts';
import {
  EC2_NODE_CLASS_HEAD,
  ec2NodeClassKubelet,
  renderEc2NodeClass,
  renderNodePool,
} from '../manifests/karpenter-manifests';
import { resolveImagePulls, resolveMaxPods, resolveMaxPodsForAnyType } from '../node-spec/kubelet-tuning';
import { NodeImage } from '../node-spec/node-image';
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
   * The AMI release of the alias: `vYYYYMMDD` for AL2023 (e.g. `v20260714`), `vX.Y.Z` for Bottlerocket (e.g.
   * `v1.42.0`). Pin it in production so new AMIs roll out when you choose.
   * @default 'latest'
   */
  readonly amiVersion?: string;

  /**
   * Instance types the NodePool may launch. When given, the NodePool is restricted to them and their architectures
   * (amd64 and arm64 types may be mixed: the AMI alias resolves per architecture), and a maxPods you set (or prefix
   * delegation's) is checked against each one's ENI capacity.
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

  /**
   * EC2 connection-tracking idle timeouts for the node ENIs (`spec.connectionTracking`, Karpenter 1.13 or later: the
   * cluster's Karpenter version must be known, from KarpenterController or a declaration).
   * @default - EC2's timeouts
   * @see https://karpenter.sh/docs/concepts/nodeclasses/
   */
  readonly connectionTracking?: KarpenterConnectionTracking;

  /**
   * Give `nodeRole` an EC2 access entry (type `EC2_LINUX`) on the cluster, without which Karpenter's nodes cannot
   * join. Set false only where the role gets access another way (an `aws-auth` mapping on a `CONFIG_MAP` cluster,
   * or an access entry made elsewhere).
   * @default true
   * @see https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
   */
  readonly nodeRoleAccessEntry?: boolean;
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
    // The alias takes the release in the format of the image's own releases: dates for AL2023, semver for Bottlerocket.
    if (props.amiVersion !== undefined && !isUnresolved(props.amiVersion) && props.amiVersion !== 'latest') {
      const bottlerocket = (props.nodeImage ?? NodeImage.AL2023) === NodeImage.BOTTLEROCKET;
      if (bottlerocket !== /^v\d+\.\d+\.\d+$/.test(props.amiVersion)) {
        throw new NetkitValidationError(
          bottlerocket
            ? `amiVersion ('${props.amiVersion}') is not a Bottlerocket release: Bottlerocket versions its AMIs vX.Y.Z; use e.g. 'v1.42.0' or 'latest'`
            : `amiVersion ('${props.amiVersion}') is not an AL2023 AMI release: EKS AL2023 AMIs are released as vYYYYMMDD; use e.g. 'v20260714' or 'latest' (vX.Y.Z is a Bottlerocket release: set nodeImage to BOTTLEROCKET)`,
          this,
        );
      }
    }
    this.props = props;
    this.context = ClusterNetworkingContext.of(props.cluster);
    this.spec = forConstruct(this, () => resolveNodeSpec(props));
    // A mode that cannot change any more is checked now; the cluster's default is read at synth.
    if (props.podNetworking ?? this.context._settledPodNetworking) this.kubeletSettings();

    if (props.nodePool) this.nodePoolManifest = this.renderNodePool(props.nodePool);
    this.context._registerName('EC2NodeClass', props.name ?? 'default', this);
    if (props.nodePool) this.context._registerName('NodePool', props.nodePool.name ?? props.name ?? 'default', this);
    const heads = [
      { ...EC2_NODE_CLASS_HEAD, metadata: { name: props.name ?? 'default' }, spec: undefined },
      ...(this.nodePoolManifest ? [this.nodePoolManifest] : []),
    ];
    const manifest = lazyObjectBodies(heads, () => [
      this.ec2NodeClassManifest,
      ...(this.nodePoolManifest ? [this.nodePoolManifest] : []),
    ]);
    const resource = new eks.KubernetesManifest(this, 'Resource', {
      cluster: props.cluster,
      manifest,
      overwrite: true,
    });
    this.context._registerCompute(this, 'nodeClass', props.podNetworking, () => []);
    this.context._registerKarpenterNodeClass(props.nodeRole, resource);
    if (props.nodeRoleAccessEntry ?? true) {
      this.requireAccessEntries();
      this.context._nodeRoleAccessEntry(props.nodeRole);
    }
    this.node.addValidation({ validate: () => this.karpenterMismatch() });
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
    const karpenter = this.context.karpenter;
    const maxPodsExpression = this.maxPodsExpression(karpenter);
    const kubelet = this.kubeletSettings(maxPodsExpression !== undefined);
    const discovery = { 'karpenter.sh/discovery': props.cluster.clusterName };
    // Karpenter 1.15 takes any kubelet field in spec.kubelet on AL2023; elsewhere only its mapped ones.
    const openKubelet =
      image === NodeImage.AL2023 &&
      karpenter !== undefined &&
      karpenterAtLeast(karpenter.version, KARPENTER_OPEN_KUBELET);
    const shellOnly = openKubelet && !this.spec.dataVolume && this.spec.shellScripts.length === 0;
    return renderEc2NodeClass({
      name: props.name ?? 'default',
      amiFamilyAlias: `${image === NodeImage.BOTTLEROCKET ? 'bottlerocket' : 'al2023'}@${props.amiVersion ?? 'latest'}`,
      roleName: props.nodeRole.roleName,
      subnetSelectorTags: props.subnetSelectorTags ?? discovery,
      securityGroupSelectorTags: props.securityGroupSelectorTags ?? discovery,
      httpPutResponseHopLimit: this.spec.httpPutResponseHopLimit,
      volumes: this.spec.volumes,
      kubelet: ec2NodeClassKubelet({
        settings: { ...kubelet, clusterDns: this.context.clusterDns },
        imagePulls: openKubelet,
        maxPodsExpression,
      }),
      // Karpenter writes spec.kubelet into its own NodeConfig; user data carries what spec.kubelet cannot.
      userData: shellOnly
        ? undefined
        : nodeUserData(
            this.spec,
            openKubelet ? undefined : { ...kubelet, maxPods: undefined, kubeReservedMemoryMiB: undefined },
          ),
      connectionTracking: this.connectionTracking(karpenter),
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
    // The AMI alias resolves per architecture, so one class serves amd64 and arm64 types alike.
    const architectures = this.props.instanceTypes
      ? [...new Set(this.props.instanceTypes.map(architectureOf))].sort()
      : ['amd64'];
    return renderNodePool({
      name: nodePool.name ?? this.props.name ?? 'default',
      nodeClassName: this.props.name ?? 'default',
      architectures,
      capacityTypes,
      instanceTypes: this.props.instanceTypes,
      cpuLimit: nodePool.cpuLimit ?? 1000,
    }) as Record<string, any>;
  }

  /** Warnings that depend on the cluster's mode: given at synth, when every construct exists. */
  private warnings(): SynthWarning[] {
    const warnings: SynthWarning[] = [];
    const podNetworking = this.podNetworking;
    // With the cluster's Karpenter known, a different reservation is an error instead (karpenterMismatch).
    if (this.reservedEnis > 0 && this.context.karpenter === undefined) {
      warnings.push({
        id: 'cdk-eks-netkit:karpenterReservedEnis',
        message:
          `${podNetworking.describe()} needs the Karpenter controller setting RESERVED_ENIS=${this.reservedEnis} ` +
          '(Helm value settings.reservedENIs); without it Karpenter schedules more pods than nodes have IPs for',
      });
    }
    warnings.push(...this.discoveryWarnings());
    const tuning = this.props.kubelet ?? {};
    if (
      podNetworking.prefixDelegationEnabled &&
      !this.props.instanceTypes &&
      tuning.maxPods === undefined &&
      this.maxPodsExpression(this.context.karpenter) === undefined
    ) {
      warnings.push({
        id: 'cdk-eks-netkit:karpenterPrefixDelegationMaxPods',
        message: podNetworking.ipv6Enabled
          ? `IPv6 (Karpenter's own max pods counts IPv4 addresses per ENI, not the node's /80): maxPods set to ${PREFIX_DELEGATION_DEFAULT_MAX_PODS} for every instance type Karpenter picks; list instanceTypes so it ` +
            'is checked against each type, or exclude types whose IPv6 capacity is lower (the smallest t3/t4g sizes)'
          : `prefix delegation: maxPods set to ${PREFIX_DELEGATION_DEFAULT_MAX_PODS} for every instance type Karpenter picks; list instanceTypes so it ` +
            'is checked against each type, or exclude types whose prefix capacity is lower (the smallest t3/t4g sizes)',
      });
    }
    return warnings;
  }

  /**
   * Karpenter computes ENI-limited max pods per instance type (minus RESERVED_ENIS) but knows nothing of prefix
   * delegation, so maxPods is set for that mode, or when the user asks.
   */
  private kubeletSettings(maxPodsByExpression = false): KubeletSettings {
    const props = this.props;
    const podNetworking = this.podNetworking;
    const tuning = props.kubelet ?? {};
    const pulls = forConstruct(this, () => resolveImagePulls(tuning));
    const owned = tuning.maxPods !== undefined || (podNetworking.prefixDelegationEnabled && !maxPodsByExpression);
    if (!owned) return pulls;
    if (props.instanceTypes) {
      return {
        ...pulls,
        ...forConstruct(this, () => resolveMaxPods(props.instanceTypes!, podNetworking, tuning.maxPods)),
      };
    }
    // The same rules as a node group's maxPods, bounded by every type Karpenter could pick.
    const maxPods = tuning.maxPods ?? PREFIX_DELEGATION_DEFAULT_MAX_PODS;
    return { ...pulls, ...forConstruct(this, () => resolveMaxPodsForAnyType(podNetworking, maxPods)) };
  }

  /**
   * Prefix delegation's maxPods per instance type as a CEL expression, when the controller runs the NodeClassCEL gate
   * and the user set no maxPods.
   */
  private maxPodsExpression(karpenter: KarpenterFacts | undefined): string | undefined {
    const podNetworking = this.podNetworking;
    if (!karpenter?.nodeClassCel || !podNetworking.prefixDelegationEnabled) return undefined;
    if (this.props.kubelet?.maxPods !== undefined) return undefined;
    return karpenterPrefixDelegationMaxPods(podNetworking, karpenter.reservedEnis);
  }

  private connectionTracking(karpenter: KarpenterFacts | undefined): Record<string, number> | undefined {
    const tracking = this.props.connectionTracking;
    if (tracking === undefined) return undefined;
    const rendered = forConstruct(this, () => renderConnectionTracking(tracking));
    if (!karpenter || !karpenterAtLeast(karpenter.version, KARPENTER_CONNECTION_TRACKING)) {
      throw new NetkitValidationError(
        `connectionTracking needs Karpenter ${KARPENTER_CONNECTION_TRACKING} or later, but the cluster's Karpenter is ` +
          `${karpenter ? karpenter.version : 'unknown'}; install it with KarpenterController, or declare it: ` +
          "ClusterNetworkingContext.of(cluster).declare({ karpenter: { version: '1.15.2', reservedEnis: 0 } })",
        this,
      );
    }
    return rendered;
  }

  /**
   * Karpenter launches nothing when no subnet (or security group) carries the selector tags. Where the cluster's VPC
   * is created in this app the tags are visible: say so at synth when none carries them.
   */
  private discoveryWarnings(): SynthWarning[] {
    const cluster = this.props.cluster;
    if (!(cluster instanceof eks.Cluster) || !(cluster.vpc instanceof ec2.Vpc)) return [];
    const stack = Stack.of(cluster.vpc);
    const discovery = { 'karpenter.sh/discovery': cluster.clusterName };
    const subnetTags = stack.resolve(this.props.subnetSelectorTags ?? discovery);
    const groupTags = stack.resolve(this.props.securityGroupSelectorTags ?? discovery);
    const carries = (tags: Record<string, unknown>, resource: ec2.CfnSubnet | ec2.CfnSecurityGroup) => {
      const have = new Map(
        (resource.tags.renderTags() ?? []).map((t: any) => [
          t.Key ?? t.key,
          JSON.stringify(stack.resolve(t.Value ?? t.value)),
        ]),
      );
      return Object.entries(tags).every(([key, value]) => have.get(key) === JSON.stringify(value));
    };
    const show = (tags: Record<string, unknown>) =>
      Object.entries(tags)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ');
    const warnings: SynthWarning[] = [];
    const subnets = stack.node.findAll().filter((c): c is ec2.CfnSubnet => c instanceof ec2.CfnSubnet);
    if (!subnets.some((s) => carries(subnetTags, s))) {
      warnings.push({
        id: 'cdk-eks-netkit:karpenterSubnetDiscovery',
        message:
          `no subnet of ${cluster.vpc.node.path} carries the tags subnetSelectorTags selects (${show(subnetTags)}), so ` +
          'Karpenter finds no subnet to launch nodes in; tag the node subnets, e.g. ' +
          "Tags.of(subnet).add('karpenter.sh/discovery', <the value>), or give subnetSelectorTags their tags",
      });
    }
    // EKS tags the cluster security group with aws:eks:cluster-name itself; that tag is not in the template.
    const byEks = Object.keys(groupTags).every((key) => key === 'aws:eks:cluster-name');
    const groups = stack.node.findAll().filter((c): c is ec2.CfnSecurityGroup => c instanceof ec2.CfnSecurityGroup);
    if (!byEks && !groups.some((g) => carries(groupTags, g))) {
      warnings.push({
        id: 'cdk-eks-netkit:karpenterSecurityGroupDiscovery',
        message:
          `no security group in ${stack.stackName} carries the tags securityGroupSelectorTags selects ` +
          `(${show(groupTags)}), so Karpenter's nodes get none; select the cluster security group by the tag EKS gives ` +
          "it ({ 'aws:eks:cluster-name': cluster.clusterName }), or tag a security group",
      });
    }
    return warnings;
  }

  /** The controller's reservation must be this class's: checked at synth, whatever was created first. */
  private karpenterMismatch(): string[] {
    const karpenter = this.context.karpenter;
    if (!karpenter || karpenter.reservedEnis === this.reservedEnis) return [];
    return [
      `${this.podNetworking.describe()} needs Karpenter RESERVED_ENIS=${this.reservedEnis}, but the cluster's Karpenter ` +
        `runs with reservedENIs ${karpenter.reservedEnis}; Karpenter would give nodes ` +
        `${karpenter.reservedEnis < this.reservedEnis ? 'more pods than they have IPs for' : 'fewer pods than they can hold'}. ` +
        "Give this node class the cluster's pod-networking mode, or install Karpenter with the reservation this mode needs",
    ];
  }

  /** Access entries exist on API clusters only: on a CONFIG_MAP cluster the role goes into aws-auth. */
  private requireAccessEntries(): void {
    const mode = this.context.authenticationMode;
    if (mode !== ClusterAuthenticationMode.CONFIG_MAP) return;
    throw new NetkitValidationError(
      `cluster ${this.props.cluster.node.path} authenticates with CONFIG_MAP only, so nodeRole cannot get an access ` +
        'entry and Karpenter nodes would not join; map the role in aws-auth (groups system:bootstrappers and ' +
        'system:nodes) and set nodeRoleAccessEntry: false, or move the cluster to API_AND_CONFIG_MAP',
      this,
    );
  }
}
