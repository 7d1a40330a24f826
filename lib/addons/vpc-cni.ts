import { Aws, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ManagedAddonOptions, managedAddon } from './managed-addon';
import { parseCniVersion } from '../capacity/cni-version';
import { PodNetworking } from '../capacity/pod-networking';
import { checkSubnetCidrs } from '../capacity/subnet-cidrs';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { clusterSubnetOf, requireClusterVpc, requireSubnetsOfCluster } from '../cluster/cluster-subnet';
import { PodSecurityGroupEnforcingMode } from '../cluster/pod-security-group-enforcing-mode';
import { EniConfigSubnet, apiServerGateMatters, renderVpcCniConfiguration } from '../cni/vpc-cni-codec';
import { AWS_NODE_INIT_CONTAINER, gatePatches } from '../manifests/endpoint-gate';
import { AWS_NODE_GATE_TUNING, VPC_CNI_TUNING, warnIfAutoModeOnly } from '../private/auto-mode-only-warning';
import { requireKubectlProvider } from '../private/kubectl';
import { validateProps } from '../private/prop-rules';
import { revisionOf } from '../private/revision';
import {
  NetkitValidationError,
  forConstruct,
  isUnresolved,
  requireNotIgnored,
  requireOneOf,
} from '../private/validation-error';
import { SynthWarning, warnAtSynth } from '../private/warn-at-synth';

/**
 * Options for {@link VpcCni}.
 */
export interface VpcCniOptions extends ManagedAddonOptions {
  /**
   * How pods get IPs. Node groups and Karpenter node classes of this library default to it. On an IPv6 cluster only
   * {@link PodNetworking.ipv6} runs: the VPC CNI has no IPv6 secondary-IP or custom-networking mode.
   * @default - PodNetworking.ipv6() on an IPv6 cluster, else PodNetworking.secondaryIps()
   */
  readonly podNetworking?: PodNetworking;

  /**
   * IPv6 clusters: whether pods reach IPv4 endpoints (`ENABLE_V4_EGRESS`), through a node-local 169.254.172.0/22
   * address translated to the node's IPv4 address.
   * @default - the VPC CNI default (on)
   * @see https://github.com/aws/amazon-vpc-cni-k8s#enable_v4_egress-v1151
   */
  readonly ipv4Egress?: boolean;

  /**
   * `WARM_ENI_TARGET`: free ENIs each node keeps attached.
   * @default - the CNI default (1)
   */
  readonly warmEniTarget?: number;
  /**
   * `WARM_IP_TARGET`: free IPs each node keeps; overrides warmEniTarget.
   * @default - unset
   */
  readonly warmIpTarget?: number;
  /**
   * `MINIMUM_IP_TARGET`: IPs each node holds at least; needs warmIpTarget.
   * @default - unset
   */
  readonly minimumIpTarget?: number;
  /**
   * `WARM_PREFIX_TARGET`: free /28 prefixes each node keeps (prefix delegation only).
   * @default 1 with prefix delegation
   */
  readonly warmPrefixTarget?: number;
  /**
   * `IP_COOLDOWN_PERIOD` in seconds: how long a released IP waits before reuse (VPC CNI 1.15+).
   * @default - the CNI default (30)
   */
  readonly ipCooldownPeriodSeconds?: number;

  /**
   * Set `CLUSTER_ENDPOINT` to the cluster's API server URL, so aws-node reaches the API without waiting for
   * kube-proxy to program the kubernetes Service.
   * @default true
   */
  readonly clusterEndpoint?: boolean;

  /**
   * Custom networking: one pod subnet per Availability Zone the nodes use. The add-on creates one ENIConfig per AZ,
   * selected by the node label `topology.kubernetes.io/zone`.
   * @default - none; required with custom networking
   */
  readonly customNetworkingSubnets?: ec2.ISubnet[];

  /**
   * Security groups of pod ENIs under custom networking.
   * @default - the cluster security group
   */
  readonly customNetworkingSecurityGroups?: ec2.ISecurityGroup[];

  /**
   * Security groups for pods: the enforcing mode.
   * @default PodSecurityGroupEnforcingMode.STRICT
   */
  readonly podSecurityGroupEnforcingMode?: PodSecurityGroupEnforcingMode;

  /**
   * The cluster's IAM role, which security groups for pods needs `AmazonEKSVPCResourceController` on.
   * @default - the role of a cluster created in this app
   */
  readonly clusterRole?: iam.IRole;

  /**
   * Add the wait-for-API-server init gate to aws-node. It matters for VPC CNI older than 1.20 and for modes whose
   * ipamd still blocks on the API at start (security groups for pods, custom networking).
   * @default - on when it matters for the mode and CNI version, off otherwise
   */
  readonly apiServerGate?: boolean;

  /**
   * The image of the aws-node gate: any image with `sh` and an `nc` that takes `-z -w`. The gate runs in aws-node
   * before ipamd, so a node that cannot pull it gets no pod networking: on nodes without an internet route, point
   * this at a registry they reach (an ECR pull-through cache for ECR Public, or a private copy).
   * @default - public.ecr.aws/docker/library/busybox:1.37.0
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
   */
  readonly gateImage?: string;
}

/**
 * Props for {@link VpcCni}.
 */
export interface VpcCniProps extends VpcCniOptions {
  /** The aws-eks-v2 cluster. */
  readonly cluster: eks.ICluster;
}

/**
 * The managed `vpc-cni` add-on, configured from the cluster's pod-networking mode: prefix delegation, custom
 * networking with one ENIConfig per AZ, security groups for pods, warm-pool targets, and `CLUSTER_ENDPOINT`. Its
 * service account gets `AmazonEKS_CNI_Policy` through EKS Pod Identity. Node groups of this library join after it.
 */
export class VpcCni extends Construct {
  /** The add-on. */
  public readonly addon: eks.CfnAddon;
  /** The role aws-node assumes through EKS Pod Identity. */
  public readonly role: iam.Role;
  /** Whether aws-node got the wait-for-API-server gate. */
  public readonly apiServerGate: boolean;
  private readonly context: ClusterNetworkingContext;
  private readonly ownPodNetworking?: PodNetworking;

  constructor(scope: Construct, id: string, props: VpcCniProps) {
    super(scope, id);
    validateProps(this, 'VpcCniProps', props);
    this.context = ClusterNetworkingContext.of(props.cluster);
    this.ownPodNetworking = props.podNetworking;
    // A given mode is known now; the default follows the cluster's IP family, read at synth (it may be declared
    // later). The defaults have no custom networking, security groups for pods or CNI version.
    const given = props.podNetworking;
    requireOneOf(
      'podSecurityGroupEnforcingMode',
      props.podSecurityGroupEnforcingMode,
      PodSecurityGroupEnforcingMode,
      this,
    );
    warnAtSynth(this, () => [...ignoredProps(this.podNetworking, props), ...this.familyUnknown()]);
    if (given) forConstruct(this, () => checkVersionAgreement(given, props.addonVersion));

    const subnets = given?.customNetworking ? this.eniConfigSubnets(props) : undefined;
    if (!given?.customNetworking && props.customNetworkingSubnets) {
      throw new NetkitValidationError(
        'customNetworkingSubnets is set but podNetworking has no custom networking; use PodNetworking.secondaryIps({ customNetworking: true }) or drop the subnets',
        this,
      );
    }
    const clusterEndpoint = props.clusterEndpoint ?? true;
    const render = () =>
      renderVpcCniConfiguration({
        podNetworking: this.podNetworking,
        warmPool: props,
        clusterEndpoint: clusterEndpoint ? props.cluster.clusterEndpoint : undefined,
        region: Stack.of(this).region,
        eniConfigSubnets: subnets,
        podSecurityGroupEnforcingMode: props.podSecurityGroupEnforcingMode,
        ipv4Egress: props.ipv4Egress,
        cniVersion: this.podNetworking.cniVersion ?? props.addonVersion,
      });
    // Checked now when the mode is known now; a default on a cluster of unknown family, when it is rendered.
    if (given || this.context.ipFamily !== undefined) forConstruct(this, render);
    const configuration = Lazy.any({ produce: () => forConstruct(this, render) });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags(),
      description: 'VPC CNI (aws-node) through EKS Pod Identity',
    });
    this.grantModePolicies();
    this.addon = forConstruct(this, () =>
      managedAddon(this, 'vpc-cni', props, configuration, {
        podIdentityAssociations: [{ roleArn: this.role.roleArn, serviceAccount: 'aws-node' }],
      }),
    );
    const agent = props.cluster.eksPodIdentityAgent;
    if (agent) this.addon.node.addDependency(agent);

    if (given?.securityGroupsForPods) {
      const clusterRole = props.clusterRole ?? (props.cluster instanceof eks.Cluster ? props.cluster.role : undefined);
      if (!clusterRole) {
        throw new NetkitValidationError(
          'security groups for pods needs AmazonEKSVPCResourceController on the cluster role; pass clusterRole for a cluster imported into this app',
          this,
        );
      }
      clusterRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSVPCResourceController'));
    }

    this.apiServerGate = props.apiServerGate ?? (given !== undefined && apiServerGateMatters(given));
    requireNotIgnored(
      [['gateImage', props.gateImage]],
      this.apiServerGate
        ? undefined
        : `the API server gate is off (${props.apiServerGate === false ? 'apiServerGate: false' : `the default for ${given ? given.describe() : 'a podNetworking the cluster decides'}`})`,
      this,
      'drop gateImage, or set apiServerGate: true to gate aws-node',
    );
    if (this.apiServerGate) {
      requireKubectlProvider(
        this,
        props.cluster,
        `VpcCni patches aws-node with the wait-for-API-server gate (${given ? `needed for ${given.describe()}` : 'apiServerGate: true'})`,
        'or set apiServerGate: false',
      );
      const host = clusterEndpoint ? Fn.select(2, Fn.split('/', props.cluster.clusterEndpoint)) : undefined;
      const patches = gatePatches(
        {
          host,
          port: clusterEndpoint ? 443 : undefined,
          timeoutSeconds: 2,
          image: props.gateImage,
          after: [AWS_NODE_INIT_CONTAINER],
        },
        Lazy.string({ produce: () => revisionOf(this, { addonVersion: props.addonVersion, configuration }) }),
      );
      const patch = new eks.KubernetesPatch(this, 'ApiServerGate', {
        cluster: props.cluster,
        resourceName: 'daemonset/aws-node',
        resourceNamespace: 'kube-system',
        applyPatch: patches.apply,
        restorePatch: patches.restore,
      });
      patch.node.addDependency(this.addon);
      ClusterNetworkingContext.of(props.cluster)._registerName(
        'readiness gate on DaemonSet',
        'kube-system/aws-node',
        patch,
      );
    }

    this.context._registerVpcCni(
      this,
      this.addon,
      () => this.podNetworking,
      props.podSecurityGroupEnforcingMode ?? PodSecurityGroupEnforcingMode.STRICT,
    );
    this.node.addValidation({ validate: () => this.missingEniConfigAzs(subnets, props.cluster) });
    warnIfAutoModeOnly(this, props.cluster, () => [
      VPC_CNI_TUNING,
      ...(this.apiServerGate ? [AWS_NODE_GATE_TUNING] : []),
    ]);
  }

  /**
   * The pod-networking mode the add-on runs: its own, else the VPC CNI default for the cluster's IP family (IPv6
   * mode on an IPv6 cluster, else secondary IPs), read when asked.
   */
  public get podNetworking(): PodNetworking {
    return (
      this.ownPodNetworking ??
      (this.context.ipFamily === eks.IpFamily.IP_V6 ? PodNetworking.ipv6() : PodNetworking.secondaryIps())
    );
  }

  /** The default mode on a cluster whose IP family nobody gave is IPv4's: said, not assumed silently. */
  private familyUnknown(): SynthWarning[] {
    if (this.ownPodNetworking || this.context.ipFamily !== undefined) return [];
    return [
      {
        id: 'cdk-eks-netkit:ipFamilyUnknown',
        message:
          `the IP family of cluster ${this.context.cluster.node.path} is unknown (imported without ipFamily, none ` +
          'declared), so VpcCni runs the IPv4 default, secondary IPs. Give Cluster.fromClusterAttributes an ipFamily, ' +
          'declare it (ClusterNetworkingContext.of(cluster).declare({ ipFamily })) or set podNetworking',
      },
    ];
  }

  /**
   * AmazonEKS_CNI_Policy grants the IPv4 actions only; IPv6 mode needs AssignIpv6Addresses instead (AWS publishes no
   * managed policy for it). Rendered at synth, since the mode may follow an IP family declared later; policies added
   * to the role through its own API are kept.
   */
  private grantModePolicies(): void {
    const cfnRole = this.role.node.defaultChild as iam.CfnRole;
    const added = cfnRole.managedPolicyArns;
    const cniPolicy = iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKS_CNI_Policy');
    cfnRole.managedPolicyArns = Token.asList(
      Lazy.any(
        {
          produce: () => [
            ...(this.podNetworking.ipv6Enabled ? [] : [cniPolicy.managedPolicyArn]),
            ...(Stack.of(this).resolve(added) ?? []),
          ],
        },
        { omitEmptyArray: true },
      ),
    );
    cfnRole.policies = Lazy.any({
      produce: () =>
        this.podNetworking.ipv6Enabled ? [{ policyName: 'Ipv6', policyDocument: vpcCniIpv6Policy() }] : undefined,
    });
  }

  private eniConfigSubnets(props: VpcCniProps): Record<string, EniConfigSubnet> {
    const subnets = props.customNetworkingSubnets ?? [];
    if (subnets.length === 0) {
      throw new NetkitValidationError(
        'custom networking needs customNetworkingSubnets: one pod subnet per Availability Zone the nodes use',
        this,
      );
    }
    const securityGroupIds = (props.customNetworkingSecurityGroups ?? [props.cluster.clusterSecurityGroup]).map(
      (sg) => sg.securityGroupId,
    );
    forConstruct(this, () =>
      checkSubnetCidrs(
        subnets.flatMap((subnet) => clusterSubnetOf(subnet).ipv4CidrBlock ?? []),
        'customNetworkingSubnets',
      ),
    );
    requireClusterVpc(props.cluster, 'custom networking subnets must be in it', this);
    requireSubnetsOfCluster('customNetworkingSubnets', subnets, props.cluster, this);
    const byAz: Record<string, EniConfigSubnet> = {};
    for (const subnet of subnets) {
      const zone = clusterSubnetOf(subnet).availabilityZone;
      if (zone === undefined) {
        throw new NetkitValidationError(
          `custom networking subnet ${subnet.node.path} has no Availability Zone known at synth; ENIConfigs are named after AZs, so give the stack an env (account and region) or import the subnet with its AZ`,
          this,
        );
      }
      if (byAz[zone]) {
        throw new NetkitValidationError(`customNetworkingSubnets has two subnets in ${zone}; give one per AZ`, this);
      }
      byAz[zone] = { subnetId: subnet.subnetId, securityGroupIds };
    }
    return byAz;
  }

  private missingEniConfigAzs(subnets: Record<string, EniConfigSubnet> | undefined, cluster: eks.ICluster): string[] {
    if (!subnets) return [];
    return ClusterNetworkingContext.of(cluster)
      ._nodegroupAzs.filter((az) => !isUnresolved(az) && !subnets[az])
      .map(
        (az) =>
          `custom networking has no subnet for ${az}, where node groups run; pods there would get no IP. Add a customNetworkingSubnets entry in ${az}`,
      );
  }
}

/**
 * The VPC CNI's IPv6-mode policy, as its documentation lists it (AWS publishes no managed policy for it).
 * @see https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/iam-policy.md#ipv6-mode
 */
function vpcCniIpv6Policy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        actions: [
          'ec2:AssignIpv6Addresses',
          'ec2:DescribeInstances',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeTags',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeInstanceTypes',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: ['ec2:CreateTags'],
        resources: [`arn:${Aws.PARTITION}:ec2:*:*:network-interface/*`],
      }),
    ],
  });
}

function checkVersionAgreement(mode: PodNetworking, addonVersion: string | undefined): void {
  if (addonVersion === undefined || mode.cniVersion === undefined || isUnresolved(addonVersion)) return;
  const a = parseCniVersion(addonVersion, 'addonVersion');
  const b = parseCniVersion(mode.cniVersion);
  if (a.major !== b.major || a.minor !== b.minor || a.patch !== b.patch) {
    throw new NetkitValidationError(
      `addonVersion ${addonVersion} disagrees with podNetworking cniVersion ${mode.cniVersion}; the mode is the single source of truth, so make them the same version`,
    );
  }
}

/** Options that only apply in another mode are legal but almost certainly unintended: say they are ignored. */
function ignoredProps(mode: PodNetworking, props: VpcCniProps): SynthWarning[] {
  const ignored: Array<[string, boolean, string]> = [
    ['customNetworkingSecurityGroups', !mode.customNetworking, 'custom networking'],
    ['podSecurityGroupEnforcingMode', !mode.securityGroupsForPods, 'security groups for pods'],
    ['clusterRole', !mode.securityGroupsForPods, 'security groups for pods'],
  ];
  return ignored
    .filter(([prop, off]) => off && (props as unknown as Record<string, unknown>)[prop] !== undefined)
    .map(([prop, , feature]) => ({
      id: `cdk-eks-netkit:${prop}Ignored`,
      message: `${prop} only applies with ${feature}, which podNetworking (${mode.describe()}) leaves off, so it is ignored; turn ${feature} on or drop ${prop}`,
    }));
}
