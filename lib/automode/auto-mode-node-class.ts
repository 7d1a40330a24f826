import { Annotations, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AutoModeNodePool, AutoModeNodePoolOptions } from './auto-mode-node-pool';
import { renderAutoModeNodeClass, staticPodAddresses } from './node-class-manifest';
import {
  AutoModeAdvancedSecurity,
  AutoModeCapacityReservationTerm,
  AutoModeCertificateBundle,
  AutoModeEphemeralStorage,
  AutoModeNetworkInterface,
  AutoModeNetworkPolicy,
  AutoModePlacementGroupSelector,
  AutoModeSelectorTerm,
  AutoModeSnatPolicy,
} from './node-class-options';
import { Ipv4PrefixSize } from '../capacity/auto-mode-networking';
import { PodNetworking } from '../capacity/pod-networking';
import { AutoModeState } from '../cluster/auto-mode-state';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { clusterVpcOf } from '../cluster/cluster-subnet';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError } from '../private/validation-error';
import { warnAtSynth } from '../private/warn-at-synth';

/** The EKS access policy Auto Mode node roles need. */
const AUTO_NODE_ACCESS_POLICY = 'AmazonEKSAutoNodePolicy';
/** The IAM managed policies of an Auto Mode node role. */
const AUTO_NODE_MANAGED_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'];

/**
 * Props for {@link AutoModeNodeClass}.
 */
export interface AutoModeNodeClassProps {
  /** An aws-eks-v2 cluster with Auto Mode compute and a kubectl provider. */
  readonly cluster: eks.ICluster;
  /**
   * The NodeClass name (not `default`, which AWS reserves).
   * @default - the construct ID in lower case
   */
  readonly name?: string;
  /**
   * The nodes' IAM role. It gets an `EC2` access entry with `AmazonEKSAutoNodePolicy`.
   * @default - a role with AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
   */
  readonly nodeRole?: iam.IRole;
  /**
   * Subnets for the nodes (and their pods, unless podSubnetSelectorTerms is set).
   * @default - the private subnets of the cluster's VPC, by ID
   */
  readonly subnetSelectorTerms?: AutoModeSelectorTerm[];
  /**
   * Security groups for the nodes.
   * @default - the cluster security group, by ID
   */
  readonly securityGroupSelectorTerms?: AutoModeSelectorTerm[];
  /**
   * Subnets for pods apart from the nodes (set together with podSecurityGroupSelectorTerms).
   * @default - pods share the node subnets
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#pod-subnet-selector
   */
  readonly podSubnetSelectorTerms?: AutoModeSelectorTerm[];
  /**
   * Security groups for pods in the pod subnets.
   * @default - pods use the node security groups
   */
  readonly podSecurityGroupSelectorTerms?: AutoModeSelectorTerm[];
  /**
   * SNAT of pod traffic leaving the VPC.
   * @default - AWS's default, AutoModeSnatPolicy.RANDOM
   */
  readonly snatPolicy?: AutoModeSnatPolicy;
  /**
   * Network policy default.
   * @default - AWS's default, AutoModeNetworkPolicy.DEFAULT_ALLOW
   */
  readonly networkPolicy?: AutoModeNetworkPolicy;
  /**
   * Log network policy decisions on the node.
   * @default - AWS's default, disabled
   */
  readonly networkPolicyEventLogs?: boolean;
  /**
   * /28 prefixes or single addresses for pods. Run `cdk-eks-netkit plan --auto-mode` to choose: `"32"` fits
   * pod-sparse nodes at large node counts and fragmented subnets. IPv4 clusters only: on an IPv6 cluster it is an
   * error, since pods take IPv6 addresses there.
   * @default - AWS's default, Ipv4PrefixSize.AUTO
   */
  readonly ipv4PrefixSize?: Ipv4PrefixSize;
  /**
   * Give nodes public IPv4 addresses (only takes effect in subnets that assign them).
   * @default - AWS's default: the subnet's setting
   */
  readonly associatePublicIpAddress?: boolean;
  /**
   * HTTPS proxy for the node's outbound traffic, e.g. `http://192.0.2.4:3128`.
   * @default - no proxy
   */
  readonly httpsProxy?: string;
  /**
   * Destinations that bypass the proxy (at most 50; put VPC endpoints here).
   * @default - none
   */
  readonly noProxy?: string[];
  /**
   * The node's ephemeral storage volume.
   * @default - 100 GiB, 3,000 IOPS, 250 MiB/s (boot-safe; AWS's default throughput is 125 MiB/s)
   */
  readonly ephemeralStorage?: AutoModeEphemeralStorage;
  /**
   * EC2 tags on the instances and their resources.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * CA bundles the nodes trust (`spec.certificateBundles`): the CA of a TLS-intercepting proxy, without which
   * `httpsProxy` cannot reach ECR or the EKS endpoint.
   * @default - the node's built-in trust store only
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#auto-node-class-spec
   */
  readonly certificateBundles?: AutoModeCertificateBundle[];
  /**
   * FIPS AMIs and the kernel lockdown mode (`spec.advancedSecurity`).
   * @default - AWS's defaults (no FIPS)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-advanced-security.html
   */
  readonly advancedSecurity?: AutoModeAdvancedSecurity;
  /**
   * Capacity reservations (ODCRs, Capacity Blocks for ML) this class launches into first
   * (`spec.capacityReservationSelectorTerms`). Setting it on any NodeClass changes how Auto Mode uses open capacity
   * reservations for every NodeClass of the cluster: AWS documents that it then no longer uses open ODCRs
   * automatically. The construct warns when it is set.
   * @default - none: Auto Mode's default handling of open reservations
   * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-odcr.html
   */
  readonly capacityReservationSelectorTerms?: AutoModeCapacityReservationTerm[];
  /**
   * Static network interfaces (`spec.advancedNetworking.networkInterfaces`), e.g. EFA-only interfaces for ML training.
   * Auto Mode then attaches no IPs, prefixes or ENIs after launch: the pods per node are bounded by the addresses
   * listed here, and the class's {@link AutoModeNodeClass.podNetworking} carries that bound.
   * @default - Auto Mode attaches interfaces and addresses as pods need them
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#static-network-interfaces
   */
  readonly networkInterfaces?: AutoModeNetworkInterface[];
  /**
   * IPv6 clusters only: whether IPv6 pods may send IPv4 traffic out of the node
   * (`spec.advancedNetworking.enableV4Egress`; false turns IPv4 egress off).
   * @default - AWS's default, IPv4 egress on
   * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html#enableV4Egress
   */
  readonly enableV4Egress?: boolean;
  /**
   * An existing EC2 placement group for the nodes (`spec.placementGroupSelector`).
   * @default - no placement group
   * @see https://docs.aws.amazon.com/eks/latest/userguide/device-management-efa.html
   */
  readonly placementGroup?: AutoModePlacementGroupSelector;
}

/**
 * An EKS Auto Mode `NodeClass` (`eks.amazonaws.com/v1`) with its node role and the role's `EC2` access entry.
 *
 * Deletion order: a NodePool of this class ({@link AutoModeNodeClass.addNodePool}) depends on the NodeClass, and the
 * NodeClass on the access entry and role, so `cdk destroy` removes the NodePool (and its nodes) first, then the
 * NodeClass, then the access entry and the role.
 */
export class AutoModeNodeClass extends Construct {
  /** The NodeClass name, for NodePools. */
  public readonly nodeClassName: string;
  /** The nodes' IAM role. */
  public readonly nodeRole: iam.IRole;
  /** The cluster. */
  public readonly cluster: eks.ICluster;
  /** The rendered manifest. */
  public readonly manifest: Record<string, any>;
  /** How this class's nodes give pods addresses, for MaxPods and the planner. */
  public readonly podNetworking: PodNetworking;
  /** The applied manifest, for dependencies. */
  public readonly resource: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: AutoModeNodeClassProps) {
    super(scope, id);
    validateProps(this, 'AutoModeNodeClassProps', props);
    const cluster = props.cluster;
    if (!cluster.kubectlProvider) {
      throw new NetkitValidationError(
        `AutoModeNodeClass ${this.node.path} applies a NodeClass manifest, but cluster ${cluster.node.path} has no kubectl provider; ` +
          'create the cluster with kubectlProviderOptions (e.g. { kubectlLayer: new KubectlV35Layer(this, "Kubectl") })',
      );
    }
    const context = ClusterNetworkingContext.of(cluster);
    if (props.ipv4PrefixSize !== undefined && context.ipFamily === eks.IpFamily.IP_V6) {
      throw new NetkitValidationError(
        `ipv4PrefixSize ('${props.ipv4PrefixSize}') chooses how EKS Auto Mode gives pods IPv4 addresses (/28 prefixes ` +
          `or single secondary IPs), but cluster ${cluster.node.path} is IPv6 and its pods take IPv6 addresses, so ` +
          'the setting would do nothing; leave ipv4PrefixSize unset (enableV4Egress is the IPv4 setting of IPv6 clusters)',
        this,
      );
    }
    // Read at synth: a declaration made after this class still counts, and one that says Auto Mode is off stops synth.
    this.node.addValidation({ validate: () => this.autoModeOff(context) });
    warnAtSynth(this, () =>
      context.autoModeState === AutoModeState.UNKNOWN
        ? [
            {
              id: 'cdk-eks-netkit:autoModeUnknown',
              message:
                `cannot tell whether cluster ${cluster.node.path} runs EKS Auto Mode (imported cluster); the NodeClass only works if it does. ` +
                'Declare it: ClusterNetworkingContext.of(cluster).declare({ autoMode: true })',
            },
          ]
        : [],
    );
    this.cluster = cluster;
    this.nodeClassName = props.name ?? id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    context._registerName('NodeClass', this.nodeClassName, this);
    this.nodeRole =
      props.nodeRole ??
      new iam.Role(this, 'NodeRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: AUTO_NODE_MANAGED_POLICIES.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
      });
    this.manifest = renderAutoModeNodeClass(
      {
        name: this.nodeClassName,
        roleName: this.nodeRole.roleName,
        subnetSelectorTerms: props.subnetSelectorTerms ?? this.privateSubnetTerms(),
        securityGroupSelectorTerms: props.securityGroupSelectorTerms ?? [{ id: cluster.clusterSecurityGroupId }],
        podSubnetSelectorTerms: props.podSubnetSelectorTerms,
        podSecurityGroupSelectorTerms: props.podSecurityGroupSelectorTerms,
        snatPolicy: props.snatPolicy,
        networkPolicy: props.networkPolicy,
        networkPolicyEventLogs: props.networkPolicyEventLogs,
        ipv4PrefixSize: props.ipv4PrefixSize,
        associatePublicIpAddress: props.associatePublicIpAddress,
        httpsProxy: props.httpsProxy,
        noProxy: props.noProxy,
        ephemeralStorage: props.ephemeralStorage,
        tags: props.tags,
        certificateBundles: props.certificateBundles,
        advancedSecurity: props.advancedSecurity,
        capacityReservationSelectorTerms: props.capacityReservationSelectorTerms,
        networkInterfaces: props.networkInterfaces,
        enableV4Egress: props.enableV4Egress,
        placementGroup: props.placementGroup,
      },
      this.node.path,
    );
    this.podNetworking = PodNetworking.autoMode({
      ipv4PrefixSize: props.ipv4PrefixSize,
      staticPodAddresses:
        props.networkInterfaces && !Token.isUnresolved(props.networkInterfaces)
          ? staticPodAddresses(props.networkInterfaces)
          : undefined,
    });
    if (props.capacityReservationSelectorTerms !== undefined) {
      Annotations.of(this).addWarningV2(
        'cdk-eks-netkit:capacityReservationsClusterWide',
        'capacityReservationSelectorTerms on this NodeClass changes how EKS Auto Mode uses open capacity reservations for ' +
          `every NodeClass of cluster ${cluster.node.path}: AWS documents that Auto Mode then no longer launches into open ` +
          'ODCRs automatically; other classes that relied on open reservations need their own terms ' +
          '(https://docs.aws.amazon.com/eks/latest/userguide/auto-odcr.html)',
      );
    }
    if (props.enableV4Egress !== undefined && context.ipFamily !== eks.IpFamily.IP_V6) {
      const family = context.ipFamily === undefined ? 'of unknown IP family' : 'IPv4';
      Annotations.of(this).addWarningV2(
        'cdk-eks-netkit:v4EgressOnIpv4Cluster',
        `enableV4Egress applies to IPv6 clusters only; cluster ${cluster.node.path} is ${family}, so the setting has no effect there`,
      );
    }

    const accessEntry = new eks.AccessEntry(this, 'AccessEntry', {
      cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2,
      accessPolicies: [
        eks.AccessPolicy.fromAccessPolicyName(AUTO_NODE_ACCESS_POLICY, {
          accessScopeType: eks.AccessScopeType.CLUSTER,
        }),
      ],
    });
    this.resource = new eks.KubernetesManifest(this, 'Resource', {
      cluster,
      manifest: [this.manifest],
      overwrite: true,
    });
    // Created after, deleted before, the access entry (and through it the role): nodes never outlive their identity.
    this.resource.node.addDependency(accessEntry);
    context._registerCompute(this, 'autoModeNodeClass', undefined, () => []);
  }

  /** Add a NodePool that launches nodes of this class. */
  public addNodePool(id: string, options: AutoModeNodePoolOptions = {}): AutoModeNodePool {
    return new AutoModeNodePool(this, id, { ...options, nodeClass: this });
  }

  private autoModeOff(context: ClusterNetworkingContext): string[] {
    if (context.autoModeState !== AutoModeState.DISABLED) return [];
    return [
      `AutoModeNodeClass ${this.node.path}: EKS Auto Mode is off for cluster ${this.cluster.node.path} according to ` +
        `${context._sourceOf('autoMode')}, so nothing would launch its nodes; create the cluster with ` +
        'DefaultCapacityType.AUTOMODE, or use KarpenterNodeClass / TunedNodegroup for this cluster',
    ];
  }

  private privateSubnetTerms(): AutoModeSelectorTerm[] {
    const subnets = clusterVpcOf(this.cluster)?.privateSubnets.map((s) => s.subnetId) ?? [];
    if (subnets.length === 0) {
      throw new NetkitValidationError(
        `AutoModeNodeClass ${this.node.path}: cluster ${this.cluster.node.path} has no private subnets to default to; ` +
          'set subnetSelectorTerms, e.g. [{ tags: { "kubernetes.io/role/internal-elb": "1" } }]',
      );
    }
    return subnets.map((id) => ({ id }));
  }
}
