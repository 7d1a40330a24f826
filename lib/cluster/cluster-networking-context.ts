import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct, IDependable } from 'constructs';
import { AutoModeState } from './auto-mode-state';
import { ClusterAuthenticationMode } from './cluster-authentication-mode';
import { ClusterSubnet, clusterSubnetOf } from './cluster-subnet';
import { DIMENSIONS, DimensionName, DimensionValue, createdInApp } from './dimensions';
import { clusterDnsFamilyMismatch, ipFamilyMismatch } from './ip-family';
import { KarpenterFacts } from './karpenter-facts';
import { KubeProxyMode } from './kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from './pod-security-group-enforcing-mode';
import { PodNetworking } from '../capacity/pod-networking';
import type { NodeBoot } from '../node-spec/node-spec';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isUnresolved, raise } from '../private/validation-error';
import { checkObject } from '../private/validators';
import { SynthWarning, warnAtSynth } from '../private/warn-at-synth';

/**
 * What an app knows of a cluster's networking that the library cannot see: declare it for a cluster imported into
 * the app, or one whose add-ons are managed elsewhere. A declaration may not contradict the cluster the app created
 * or a construct of the library: any two that disagree stop synth, naming both.
 */
export interface ClusterNetworkingDeclaration {
  /**
   * The cluster's IP family.
   * @default - read from a cluster created in this app (or the `ipFamily` it was imported with), else unknown
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
   */
  readonly ipFamily?: eks.IpFamily;
  /**
   * How the cluster's VPC CNI gives pods IPs.
   * @default - the mode of the cluster's VpcCni from this library; for a cluster created in this app without one,
   * the VPC CNI defaults (secondary IPs); for an imported cluster, unknown
   */
  readonly podNetworking?: PodNetworking;
  /**
   * kube-proxy's mode.
   * @default - the mode of the cluster's KubeProxy from this library, else unknown (EKS runs iptables)
   */
  readonly kubeProxyMode?: KubeProxyMode;
  /**
   * The security-groups-for-pods enforcing mode of the VPC CNI.
   * @default - that of the cluster's VpcCni from this library, else unknown
   */
  readonly podSecurityGroupEnforcingMode?: PodSecurityGroupEnforcingMode;
  /**
   * The kubelet `clusterDNS` the library's nodes must render.
   * @default - NodeLocal DNSCache's address when the library runs it with kube-proxy in ipvs mode, else the kubelet's own
   */
  readonly clusterDns?: string[];
  /**
   * Whether the cluster runs EKS Auto Mode compute.
   * @default - read from a cluster created in this app; unknown for an imported one
   * @see https://docs.aws.amazon.com/eks/latest/userguide/automode.html
   */
  readonly autoMode?: boolean;
  /**
   * How the cluster authenticates IAM principals (`accessConfig.authenticationMode`).
   * @default - read from a cluster created in this app (aws-eks-v2 creates API clusters), else unknown
   * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
   */
  readonly authenticationMode?: ClusterAuthenticationMode;
  /**
   * A Karpenter controller installed without this library's `KarpenterController`: its version and
   * `settings.reservedENIs`, which the cluster's `KarpenterNodeClass`es are checked against.
   * @default - the cluster's KarpenterController from this library, else unknown
   */
  readonly karpenter?: KarpenterFacts;
}

/** The Karpenter controller of this library on the cluster: what node classes wait for and who passes their roles. */
interface KarpenterControllerEntry {
  readonly construct: IConstruct;
  readonly facts: () => KarpenterFacts;
  /** What node classes are applied after (the chart, which installs the CRDs). */
  readonly chart: IConstruct;
  readonly grantPassRole: (role: iam.IRole) => void;
}

/**
 * Which compute a cluster has, as far as this app can see.
 */
export interface ClusterCompute {
  /** Managed node groups of this library on the cluster. */
  readonly managedNodegroups: IConstruct[];
  /** Karpenter node classes of this library on the cluster. */
  readonly karpenterNodeClasses: IConstruct[];
  /** EKS Auto Mode node classes of this library on the cluster. */
  readonly autoModeNodeClasses: IConstruct[];
  /**
   * Whether EKS Auto Mode runs nodes for the cluster.
   * @default - unknown (an imported cluster that declared nothing)
   */
  readonly autoMode?: boolean;
}

/** What kind of compute a registered construct launches. */
type ComputeKind = 'nodegroup' | 'nodeClass' | 'autoModeNodeClass';

/** A node group or node class on the cluster, with the mode it was given (if any) and its subnets. */
interface ComputeEntry {
  readonly construct: IConstruct;
  readonly kind: ComputeKind;
  readonly podNetworking?: PodNetworking;
  /** Its subnets, read at synth; empty when they are selected by tags in the cluster. */
  readonly subnets: () => ec2.ISubnet[];
  /** What is ordered after the VPC CNI add-on (a node group's resource). */
  readonly dependent: IConstruct;
  /** What its nodes are told at boot, read at synth; for node groups whose user data the library renders. */
  readonly boot?: () => NodeBoot;
}

/** One answer to a dimension: who gives it, and the value (read at synth; undefined when it gives none). */
interface Claim {
  /** Sorts the answers: the cluster, then the declaration, then constructs by path. */
  readonly rank: string;
  /** Who gives it, for messages. */
  readonly source: string;
  readonly kind: 'cluster' | 'declaration' | 'construct';
  readonly value: () => unknown;
}

/** The kinds of which a cluster has at most one from this library. */
export type SingletonKind =
  'VpcCni' | 'KubeProxy' | 'CoreDns' | 'NodeLocalDnsCache' | 'NetworkObservability' | 'KarpenterController';

const CONTEXT_ID = 'NetkitNetworkingContext';
const CONTEXT_SYMBOL = Symbol.for('cdk-eks-netkit.ClusterNetworkingContext');

/**
 * The one picture of a cluster's networking: IP family, pod networking, Auto Mode, kube-proxy mode, cluster DNS,
 * the security-groups-for-pods enforcing mode, the authentication mode, the compute and the subnets it uses. It is a
 * child construct of the cluster (`NetkitNetworkingContext`), found or created with {@link ClusterNetworkingContext.of}.
 *
 * Every fact has its sources: the cluster the app created, a declaration, a construct of the library. Any two that
 * disagree stop synth naming both, whatever the order they were created in; the library's constructs read the
 * context lazily at synth, so no result and no check depends on that order either.
 */
export class ClusterNetworkingContext extends Construct {
  /** The context of a cluster, created on first use. */
  public static of(cluster: eks.ICluster): ClusterNetworkingContext {
    raise(
      undefined,
      checkObject(
        'ClusterNetworkingContext.of(cluster)',
        cluster,
        'an aws-eks-v2 cluster (ICluster)',
        (c) => typeof c?.node?.tryFindChild === 'function' && 'clusterName' in c,
        'pass the eks.Cluster from aws-cdk-lib/aws-eks-v2, or eks.Cluster.fromClusterAttributes(...)',
      ),
    );
    const existing = cluster.node.tryFindChild(CONTEXT_ID);
    if (existing && ClusterNetworkingContext.isClusterNetworkingContext(existing)) return existing;
    if (existing) {
      throw new NetkitValidationError(`the id ${CONTEXT_ID} is taken by another construct; rename it`, existing);
    }
    return new ClusterNetworkingContext(cluster);
  }

  /** Whether `x` is a cluster networking context (across copies of the library). */
  public static isClusterNetworkingContext(x: any): x is ClusterNetworkingContext {
    return x !== null && typeof x === 'object' && CONTEXT_SYMBOL in x;
  }

  /** The cluster. */
  public readonly cluster: eks.ICluster;

  private declared: Partial<Record<DimensionName, unknown>> = {};
  private readonly claims: Array<Claim & { readonly dimension: DimensionName }> = [];
  private cni?: { readonly construct: IConstruct; readonly addon: IDependable };
  private readonly singletons = new Map<SingletonKind, IConstruct>();
  private readonly names = new Map<string, IConstruct>();
  private readonly compute: ComputeEntry[] = [];
  private karpenterController?: KarpenterControllerEntry;
  private readonly karpenterNodeClasses: Array<{ readonly role: iam.IRole; readonly manifest: IConstruct }> = [];
  private readonly nodeAccessEntries = new Map<string, eks.AccessEntry>();

  private constructor(cluster: eks.ICluster) {
    super(cluster, CONTEXT_ID);
    Object.defineProperty(this, CONTEXT_SYMBOL, { value: true });
    this.cluster = cluster;
    this.node.addValidation({ validate: () => this.conflicts() });
    warnAtSynth(this, () => this.unusedDeclarations());
  }

  /** A declared enforcing mode is about security groups for pods; on a cluster without them it says nothing. */
  private unusedDeclarations(): SynthWarning[] {
    const mode = this.declared.podSecurityGroupEnforcingMode;
    const networking = this.podNetworking;
    if (mode === undefined || !networking || networking.securityGroupsForPods) return [];
    return [
      {
        id: 'cdk-eks-netkit:podSecurityGroupEnforcingModeIgnored',
        message:
          `podSecurityGroupEnforcingMode ${mode} is declared, but podNetworking (${networking.describe()}) has no ` +
          'security groups for pods, so it applies to nothing; declare a podNetworking with securityGroupsForPods, or drop it',
      },
    ];
  }

  /**
   * Declare what the app knows of the cluster's networking. Each fact can be declared once; a later declaration of
   * the same fact with another value is an error, never a silent override. A declaration that contradicts the
   * cluster the app created, or a construct of the library, stops synth naming both.
   */
  public declare(declaration: ClusterNetworkingDeclaration): void {
    validateProps(this, 'ClusterNetworkingDeclaration', declaration);
    const given = Object.entries(declaration).filter(([, v]) => v !== undefined) as Array<[DimensionName, unknown]>;
    for (const [name, value] of given) {
      const dimension = DIMENSIONS[name] as any;
      if (!dimension) throw new NetkitValidationError(`declare: '${name}' is not a fact of the cluster context`, this);
      dimension.check?.(value, this, this.cluster);
    }
    for (const [name, value] of given) {
      const before = this.declared[name];
      const dimension = DIMENSIONS[name] as any;
      if (before !== undefined && !isUnresolved(value) && !dimension.same(before, value)) {
        throw new NetkitValidationError(
          `${name} was already declared as ${dimension.show(before)}; declaring ${dimension.show(value)} too would leave two answers, declare it once`,
          this,
        );
      }
    }
    for (const [name, value] of given) {
      if (this.declared[name] !== undefined) continue;
      this.declared[name] = value;
      this.claims.push({
        dimension: name,
        rank: '1',
        kind: 'declaration',
        source: `the declaration on ${this.node.path}`,
        value: () => this.declared[name],
      });
    }
  }

  /**
   * The cluster's IP family: read from a cluster created in this app (its `AWS::EKS::Cluster`
   * `kubernetesNetworkConfig`), the `ipFamily` an imported cluster was given, or a declaration.
   * @default - unknown
   */
  public get ipFamily(): eks.IpFamily | undefined {
    return this.fact('ipFamily');
  }

  /**
   * The cluster's pod-networking mode: the library's VpcCni, else what was declared, else the VPC CNI defaults for
   * a cluster created in this app. Undefined when nobody knows (an imported cluster that declared nothing).
   */
  public get podNetworking(): PodNetworking | undefined {
    return (
      this.fact('podNetworking') ??
      // The VPC CNI defaults of a cluster created in this app: IPv6 mode on an IPv6 cluster, else secondary IPs.
      (createdInApp(this.cluster)
        ? this.ipFamily === eks.IpFamily.IP_V6
          ? PodNetworking.ipv6()
          : PodNetworking.secondaryIps()
        : undefined)
    );
  }

  /**
   * kube-proxy's mode: the library's KubeProxy, else what was declared.
   * @default - unknown
   */
  public get kubeProxyMode(): KubeProxyMode | undefined {
    return this.fact('kubeProxyMode');
  }

  /**
   * The security-groups-for-pods enforcing mode: the library's VpcCni, else what was declared.
   * @default - unknown
   */
  public get podSecurityGroupEnforcingMode(): PodSecurityGroupEnforcingMode | undefined {
    return this.fact('podSecurityGroupEnforcingMode');
  }

  /**
   * The kubelet `clusterDNS` the library's nodes render: declared, or NodeLocal DNSCache's when it needs it.
   * @default - the kubelet's own (the kube-dns Service)
   */
  public get clusterDns(): string[] | undefined {
    return this.fact('clusterDns');
  }

  /**
   * How the cluster authenticates IAM principals: read from a cluster created in this app, or declared.
   * @default - unknown
   */
  public get authenticationMode(): ClusterAuthenticationMode | undefined {
    return this.fact('authenticationMode');
  }

  /** The compute the cluster has, as far as this app can see. */
  public get clusterCompute(): ClusterCompute {
    const state = this.autoModeState;
    return {
      managedNodegroups: this.constructsOf('nodegroup'),
      karpenterNodeClasses: this.constructsOf('nodeClass'),
      autoModeNodeClasses: this.constructsOf('autoModeNodeClass'),
      autoMode: state === AutoModeState.UNKNOWN ? undefined : state === AutoModeState.ENABLED,
    };
  }

  /**
   * Whether the cluster runs EKS Auto Mode compute: read from the compute config of a cluster created in this app,
   * or declared.
   */
  public get autoModeState(): AutoModeState {
    const autoMode = this.fact('autoMode');
    return autoMode === undefined ? AutoModeState.UNKNOWN : autoMode ? AutoModeState.ENABLED : AutoModeState.DISABLED;
  }

  /**
   * The subnets a node group or node class of the library on this cluster launches nodes in, with their CIDRs where
   * the VPC gives them. Empty for one that selects subnets by tags in the cluster (Karpenter) or is not on this cluster.
   */
  public subnetsOf(compute: IConstruct): ClusterSubnet[] {
    const entry = this.compute.find((c) => c.construct === compute);
    return entry ? entry.subnets().map(clusterSubnetOf) : [];
  }

  /**
   * Who gives the dimension's answer, for messages: the source of the first answer, or undefined when none does.
   * @internal
   */
  public _sourceOf(dimension: DimensionName): string | undefined {
    return this.answers(dimension)[0]?.source;
  }

  /**
   * Whether EKS Auto Mode runs all the nodes this app can see: Auto Mode on, and no TunedNodegroup or
   * KarpenterNodeClass of the library, so managed-node tuning serves no node. Read at synth.
   * @internal
   */
  public get _autoModeOnly(): boolean {
    return (
      this.autoModeState === AutoModeState.ENABLED &&
      this.constructsOf('nodegroup').length === 0 &&
      this.constructsOf('nodeClass').length === 0
    );
  }

  /**
   * The Availability Zones the library's node groups run in (some may be deploy-time tokens).
   * @internal
   */
  public get _nodegroupAzs(): string[] {
    return [...new Set(this.compute.flatMap((c) => c.subnets().map((s) => s.availabilityZone)))];
  }

  /**
   * The subnets of every node group and node class of the library on the cluster, read at synth.
   * @internal
   */
  public get _computeSubnets(): Array<{ readonly construct: IConstruct; readonly subnets: ec2.ISubnet[] }> {
    return this.compute.map((c) => ({ construct: c.construct, subnets: c.subnets() }));
  }

  /**
   * What the nodes of the library's node groups are told at boot, by node group resource.
   * @internal
   */
  public get _nodeBoots(): Array<{ readonly nodegroup: IConstruct; readonly boot: () => NodeBoot }> {
    return this.compute.flatMap((c) => (c.boot ? [{ nodegroup: c.dependent, boot: c.boot }] : []));
  }

  /**
   * The mode the library's VpcCni runs or the app declared: unlike `podNetworking`, never a default that a VpcCni
   * created later could still change.
   * @internal
   */
  public get _settledPodNetworking(): PodNetworking | undefined {
    return this.fact('podNetworking');
  }

  /**
   * The mode a node group or node class computes for: its own, else the cluster's. An unknown mode stops synth
   * with both ways to fix it.
   * @internal
   */
  public _podNetworkingFor(consumer: IConstruct, own: PodNetworking | undefined): PodNetworking {
    const mode = own ?? this.podNetworking;
    if (mode) return mode;
    throw new NetkitValidationError(
      `podNetworking is unknown: cluster ${this.cluster.node.path} was not created in this app and has no VpcCni from ` +
        'cdk-eks-netkit, so how its pods get IPs (and so max pods) cannot be derived. Declare what the cluster runs, once: ' +
        'ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.secondaryIps() }) for the VPC CNI ' +
        'defaults; PodNetworking.prefixDelegation() if ENABLE_PREFIX_DELEGATION is true on aws-node; add ' +
        '{ customNetworking: true } only if AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG is true (kubectl -n kube-system get ds aws-node ' +
        "-o jsonpath='{.spec.template.spec.containers[0].env}'); or pass podNetworking to this construct",
      consumer,
    );
  }

  /**
   * A construct of the library gives its answer to a dimension, read at synth (undefined: it gives none).
   * @internal
   */
  public _claim<K extends DimensionName>(
    dimension: K,
    construct: IConstruct,
    value: () => DimensionValue<K> | undefined,
  ): void {
    this.claims.push({
      dimension,
      rank: `2${construct.node.path}`,
      kind: 'construct',
      source: construct.node.path,
      value,
    });
  }

  /**
   * A construct the cluster has at most one of from this library: a second one is an error naming both.
   * @internal
   */
  public _registerSingleton(kind: SingletonKind, construct: IConstruct): void {
    const first = this.singletons.get(kind);
    if (first) {
      throw new NetkitValidationError(
        `cluster ${this.cluster.node.path} already has a ${kind} from cdk-eks-netkit (${first.node.path}); a second one ` +
          `would replace what the first configures. Keep one ${kind} per cluster`,
        construct,
      );
    }
    this.singletons.set(kind, construct);
  }

  /**
   * A name the library writes into the cluster (a Kubernetes object or an EKS node group) is taken once: a second
   * construct writing the same name would replace the first in the cluster. Names that are tokens are not compared.
   * @internal
   */
  public _registerName(kind: string, name: string | undefined, construct: IConstruct): void {
    if (name === undefined || isUnresolved(name)) return;
    const key = `${kind}/${name}`;
    const first = this.names.get(key);
    if (first) {
      throw new NetkitValidationError(
        `${kind} '${name}' is already written to cluster ${this.cluster.node.path} by ${first.node.path}; the second ` +
          'would replace the first in the cluster. Give each a name of its own',
        construct,
      );
    }
    this.names.set(key, construct);
  }

  /**
   * A VPC CNI add-on of the library gives the cluster's pod networking and enforcing mode; node groups join after it
   * whenever they were created.
   * @internal
   */
  public _registerVpcCni(
    construct: IConstruct,
    addon: IDependable,
    podNetworking: () => PodNetworking,
    podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode,
  ): void {
    this._registerSingleton('VpcCni', construct);
    this.cni = { construct, addon };
    this._claim('podNetworking', construct, podNetworking);
    this._claim('podSecurityGroupEnforcingMode', construct, () => podSecurityGroupEnforcingMode);
    for (const entry of this.compute) if (entry.kind === 'nodegroup') entry.dependent.node.addDependency(addon);
    construct.node.addValidation({ validate: () => this.familyMismatch(podNetworking(), construct.node.path) });
  }

  /** @internal */
  public _registerKubeProxy(construct: IConstruct, mode: KubeProxyMode): void {
    this._registerSingleton('KubeProxy', construct);
    this._claim('kubeProxyMode', construct, () => mode);
  }

  /** @internal */
  public _registerNodeLocalDns(construct: IConstruct, clusterDns: () => string[] | undefined): void {
    this._registerSingleton('NodeLocalDnsCache', construct);
    this._claim('clusterDns', construct, clusterDns);
  }

  /**
   * A node group or node class joins the cluster. A node group is ordered after the VPC CNI add-on, now or when it
   * is added; one given a mode whose math differs from the cluster's is an error at synth. An Auto Mode node class
   * registers without a mode: its nodes run no VPC CNI, so its mode is neither the cluster's nor checked against it.
   * @internal
   */
  public _registerCompute(
    construct: IConstruct,
    kind: ComputeKind,
    podNetworking: PodNetworking | undefined,
    subnets: () => ec2.ISubnet[],
    dependent: IConstruct = construct,
    boot?: () => NodeBoot,
  ): void {
    this.compute.push({ construct, kind, podNetworking, subnets, dependent, boot });
    if (kind === 'nodegroup' && this.cni) dependent.node.addDependency(this.cni.addon);
    if (podNetworking) {
      construct.node.addValidation({
        validate: () => [
          ...this.modeMismatch(podNetworking),
          ...this.familyMismatch(podNetworking, construct.node.path),
        ],
      });
    }
  }

  /** The answers given to a dimension, in a fixed order (cluster, declaration, constructs by path). */
  private answers(name: DimensionName): Array<{ source: string; kind: Claim['kind']; value: unknown }> {
    const dimension = DIMENSIONS[name] as any;
    const claims: Claim[] = this.claims.filter((c) => c.dimension === name);
    if (dimension.fromCluster) {
      claims.push({
        rank: '0',
        kind: 'cluster',
        source: createdInApp(this.cluster)
          ? `cluster ${this.cluster.node.path} as created in this app`
          : `the attributes cluster ${this.cluster.node.path} was imported with`,
        value: () => dimension.fromCluster(this.cluster),
      });
    }
    return claims
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
      .map((c) => ({ source: c.source, kind: c.kind, value: c.value() }))
      .filter((a) => a.value !== undefined && !isUnresolved(a.value));
  }

  /** The first two answers to a dimension that disagree, as a message; undefined when they agree. */
  private conflict(name: DimensionName, answers = this.answers(name)): string | undefined {
    const dimension = DIMENSIONS[name] as any;
    const [first, ...rest] = answers;
    const other = first && rest.find((a) => !dimension.same(first.value, a.value));
    if (!first || !other) return undefined;
    const fix =
      first.kind === 'cluster' && other.kind === 'declaration'
        ? createdInApp(this.cluster)
          ? `a declaration may not contradict the cluster the app created: drop ${name} from the declaration`
          : `a declaration may not contradict the attributes the cluster was imported with: drop ${name} from one of them`
        : `a cluster has one ${name}: keep one of them, or make them the same`;
    return (
      `${name} has two answers for cluster ${this.cluster.node.path}: ${first.source} gives ${dimension.show(first.value)}, ` +
      `${other.source} gives ${dimension.show(other.value)}; ${fix}`
    );
  }

  /** Every dimension's conflict, checked at synth whether or not anything read it. */
  private conflicts(): string[] {
    const twoAnswers = (Object.keys(DIMENSIONS) as DimensionName[])
      .map((n) => this.conflict(n))
      .filter((m): m is string => !!m);
    if (twoAnswers.length > 0) return twoAnswers;
    // Facts that bind each other: a declared pod-networking mode and cluster DNS must be of the cluster's IP family
    // (a VpcCni's mode is checked by the VpcCni).
    const where = `the declaration on ${this.node.path}`;
    const mode = this.declared.podNetworking as PodNetworking | undefined;
    return [
      ...(mode ? ipFamilyMismatch(mode, this.ipFamily, where) : []),
      ...clusterDnsFamilyMismatch(this.declared.clusterDns as string[] | undefined, this.ipFamily, where),
    ];
  }

  /** A dimension's answer; two answers that disagree stop synth naming both. */
  /**
   * The cluster's Karpenter controller: the library's KarpenterController, or declared.
   * @default - unknown
   */
  public get karpenter(): KarpenterFacts | undefined {
    return this.fact('karpenter');
  }

  /**
   * The library's KarpenterController: it gives the `karpenter` fact, node classes are applied after its chart, and it
   * may pass their node roles.
   * @internal
   */
  public _registerKarpenterController(entry: KarpenterControllerEntry): void {
    this._registerSingleton('KarpenterController', entry.construct);
    this._claim('karpenter', entry.construct, entry.facts);
    this.karpenterController = entry;
    for (const nodeClass of this.karpenterNodeClasses) this.wireKarpenter(entry, nodeClass);
  }

  /**
   * A Karpenter node class: its manifest waits for the controller's chart, and the controller may pass its role.
   * @internal
   */
  public _registerKarpenterNodeClass(role: iam.IRole, manifest: IConstruct): void {
    const nodeClass = { role, manifest };
    this.karpenterNodeClasses.push(nodeClass);
    if (this.karpenterController) this.wireKarpenter(this.karpenterController, nodeClass);
  }

  /**
   * The EC2 access entry of a node role: one per role and cluster, however many node classes and controllers share it.
   * @internal
   */
  public _nodeRoleAccessEntry(role: iam.IRole): eks.AccessEntry {
    const key = JSON.stringify(Stack.of(this).resolve(role.roleArn));
    const existing = this.nodeAccessEntries.get(key);
    if (existing) return existing;
    const id = `NodeAccess${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    const entry = new eks.AccessEntry(this, id, {
      cluster: this.cluster,
      principal: role.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });
    this.nodeAccessEntries.set(key, entry);
    return entry;
  }

  private wireKarpenter(
    controller: KarpenterControllerEntry,
    nodeClass: { readonly role: iam.IRole; readonly manifest: IConstruct },
  ): void {
    nodeClass.manifest.node.addDependency(controller.chart);
    controller.grantPassRole(nodeClass.role);
  }

  private fact<K extends DimensionName>(name: K): DimensionValue<K> | undefined {
    const answers = this.answers(name);
    const message = this.conflict(name, answers);
    if (message) throw new NetkitValidationError(message, this);
    // Constructs know the most detail (a CNI version), then the declaration, then the cluster.
    return answers.length === 0 ? undefined : (answers[answers.length - 1].value as DimensionValue<K>);
  }

  private constructsOf(kind: ComputeKind): IConstruct[] {
    return this.compute.filter((c) => c.kind === kind).map((c) => c.construct);
  }

  private modeMismatch(own: PodNetworking): string[] {
    const answers = this.answers('podNetworking');
    const cluster = answers[answers.length - 1];
    if (!cluster || own.sameMathAs(cluster.value as PodNetworking)) return [];
    return [
      `podNetworking is ${own.describe()}, but the cluster runs ${(cluster.value as PodNetworking).describe()} according to ${cluster.source}; ` +
        "max pods would not match the IPs nodes can hand out. Drop podNetworking here to use the cluster's, or give both the same mode",
    ];
  }

  /** A mode of the other IP family than the cluster's, when the family is known. */
  private familyMismatch(mode: PodNetworking, where: string): string[] {
    return ipFamilyMismatch(mode, this.ipFamily, where);
  }
}
