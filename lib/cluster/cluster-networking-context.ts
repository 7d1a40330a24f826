import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IConstruct, IDependable } from 'constructs';
import { ipFamilyMismatch } from './ip-family';
import { KubeProxyMode } from './kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from './pod-security-group-enforcing-mode';
import { AutoModeState, autoModeStateOf } from '../automode/auto-mode-cluster';
import { PodNetworking } from '../capacity/pod-networking';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isUnresolved, raise, requireNonEmpty, requireOneOf } from '../private/validation-error';
import { checkObject, parseIp } from '../private/validators';

/**
 * What an app knows of a cluster's networking that the library cannot see: declare it for a cluster imported into
 * the app, or one whose add-ons are managed elsewhere. The library's own add-ons declare their part themselves.
 */
export interface ClusterNetworkingDeclaration {
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
   * The cluster's IP family.
   * @default - read from a cluster created in this app (or the `ipFamily` it was imported with), else unknown
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html
   */
  readonly ipFamily?: eks.IpFamily;
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

/** A node group or node class on the cluster, with the mode it was given (if any) and its AZs. */
interface ComputeEntry {
  readonly construct: IConstruct;
  readonly kind: ComputeKind;
  readonly podNetworking?: PodNetworking;
  readonly azs: string[];
  /** What is ordered after the VPC CNI add-on (a node group's resource). */
  readonly dependent: IConstruct;
}

/** The VPC CNI add-on of this library on the cluster. */
interface CniEntry {
  readonly construct: IConstruct;
  readonly addon: IDependable;
  readonly podNetworking: PodNetworking;
  readonly podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode;
}

const CONTEXT_ID = 'NetkitNetworkingContext';
const CONTEXT_SYMBOL = Symbol.for('cdk-eks-netkit.ClusterNetworkingContext');

/**
 * The one source of truth for how a cluster's pods get IPs: pod-networking mode, kube-proxy mode, kubelet cluster
 * DNS, the security-groups-for-pods enforcing mode, the IP family and the compute. It is a child construct of the
 * cluster (`NetkitNetworkingContext`), found or created with {@link ClusterNetworkingContext.of}.
 *
 * The library's constructs register with it and read it lazily at synth, so no result and no check depends on the
 * order in which they were created.
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

  private declared: ClusterNetworkingDeclaration = {};
  private cni?: CniEntry;
  private kubeProxy?: KubeProxyMode;
  private nodeLocalDnsClusterDns?: () => string[] | undefined;
  private readonly compute: ComputeEntry[] = [];

  private constructor(cluster: eks.ICluster) {
    super(cluster, CONTEXT_ID);
    Object.defineProperty(this, CONTEXT_SYMBOL, { value: true });
    this.cluster = cluster;
  }

  /**
   * Declare what the app knows of the cluster's networking. Each fact can be declared once; a later declaration of
   * the same fact with another value is an error, never a silent override.
   */
  public declare(declaration: ClusterNetworkingDeclaration): void {
    validateProps(this, 'ClusterNetworkingDeclaration', declaration);
    checkClusterDns(declaration.clusterDns, this);
    requireOneOf('kubeProxyMode', declaration.kubeProxyMode, KubeProxyMode, this);
    requireOneOf(
      'podSecurityGroupEnforcingMode',
      declaration.podSecurityGroupEnforcingMode,
      PodSecurityGroupEnforcingMode,
      this,
    );
    requireOneOf('ipFamily', declaration.ipFamily, eks.IpFamily, this);
    const own = this.cluster.ipFamily;
    if (declaration.ipFamily !== undefined && own !== undefined && declaration.ipFamily !== own) {
      throw new NetkitValidationError(
        `ipFamily was declared as ${declaration.ipFamily}, but cluster ${this.cluster.node.path} is ${own}; drop the declaration`,
        this,
      );
    }
    const merged: Record<string, unknown> = { ...this.declared };
    for (const [key, value] of Object.entries(declaration)) {
      if (value === undefined) continue;
      const before = merged[key];
      if (before !== undefined && !sameValue(before, value)) {
        throw new NetkitValidationError(
          `${key} was already declared as ${String(before)}; declaring ${String(value)} too would leave two answers, declare it once`,
          this,
        );
      }
      merged[key] = value;
    }
    this.declared = merged as ClusterNetworkingDeclaration;
  }

  /**
   * The cluster's pod-networking mode: the library's VpcCni, else what was declared, else the VPC CNI defaults for
   * a cluster created in this app. Undefined when nobody knows (an imported cluster that declared nothing).
   */
  public get podNetworking(): PodNetworking | undefined {
    return this.cni?.podNetworking ?? this.declared.podNetworking ?? this.createdHereDefaultPodNetworking();
  }

  /**
   * kube-proxy's mode: the library's KubeProxy, else what was declared.
   * @default - unknown
   */
  public get kubeProxyMode(): KubeProxyMode | undefined {
    return this.kubeProxy ?? this.declared.kubeProxyMode;
  }

  /**
   * The security-groups-for-pods enforcing mode: the library's VpcCni, else what was declared.
   * @default - unknown
   */
  public get podSecurityGroupEnforcingMode(): PodSecurityGroupEnforcingMode | undefined {
    return this.cni?.podSecurityGroupEnforcingMode ?? this.declared.podSecurityGroupEnforcingMode;
  }

  /**
   * The kubelet `clusterDNS` the library's nodes render: declared, else NodeLocal DNSCache's when it needs it.
   * @default - the kubelet's own (the kube-dns Service)
   */
  public get clusterDns(): string[] | undefined {
    return this.declared.clusterDns ?? this.nodeLocalDnsClusterDns?.();
  }

  /**
   * The cluster's IP family: the cluster's own (created in this app, or imported with `ipFamily`), else declared.
   * @default - unknown (an imported cluster without `ipFamily` that declared none)
   */
  public get ipFamily(): eks.IpFamily | undefined {
    return this.cluster.ipFamily ?? this.declared.ipFamily ?? (this.createdHere ? eks.IpFamily.IP_V4 : undefined);
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
   * Whether the cluster runs EKS Auto Mode compute: what the app declared, else read from the compute config of a
   * cluster created in this app.
   */
  public get autoModeState(): AutoModeState {
    const declared = this.declared.autoMode;
    if (declared !== undefined) return declared ? AutoModeState.ENABLED : AutoModeState.DISABLED;
    return autoModeStateOf(this.cluster);
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
    return [...new Set(this.compute.flatMap((c) => c.azs))];
  }

  /**
   * The mode the library's VpcCni runs or the app declared: unlike `podNetworking`, never a default that a VpcCni
   * created later could still change.
   * @internal
   */
  public get _settledPodNetworking(): PodNetworking | undefined {
    return this.cni?.podNetworking ?? this.declared.podNetworking;
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
   * A VPC CNI add-on of the library declares the cluster's mode; node groups join after it whenever they were created.
   * @internal
   */
  public _registerVpcCni(
    construct: IConstruct,
    addon: IDependable,
    podNetworking: PodNetworking,
    podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode,
  ): void {
    if (this.cni) {
      throw new NetkitValidationError(
        `cluster ${this.cluster.node.path} already has a VPC CNI add-on from cdk-eks-netkit (${this.cni.construct.node.path}); add one only`,
        construct,
      );
    }
    this.cni = { construct, addon, podNetworking, podSecurityGroupEnforcingMode };
    for (const entry of this.compute) if (entry.kind === 'nodegroup') entry.dependent.node.addDependency(addon);
    construct.node.addValidation({
      validate: () => [
        ...this.declarationMismatch(construct),
        ...this.familyMismatch(podNetworking, construct.node.path),
      ],
    });
  }

  /** @internal */
  public _registerKubeProxy(construct: IConstruct, mode: KubeProxyMode): void {
    if (this.kubeProxy !== undefined) {
      throw new NetkitValidationError(
        `cluster ${this.cluster.node.path} already has a KubeProxy from cdk-eks-netkit; add one only`,
        construct,
      );
    }
    this.kubeProxy = mode;
  }

  /** @internal */
  public _registerNodeLocalDns(construct: IConstruct, clusterDns: () => string[] | undefined): void {
    if (this.nodeLocalDnsClusterDns) {
      throw new NetkitValidationError(
        `cluster ${this.cluster.node.path} already runs NodeLocal DNSCache from cdk-eks-netkit; add it once`,
        construct,
      );
    }
    this.nodeLocalDnsClusterDns = clusterDns;
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
    azs: string[],
    dependent: IConstruct = construct,
  ): void {
    this.compute.push({ construct, kind, podNetworking, azs, dependent });
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

  private constructsOf(kind: ComputeKind): IConstruct[] {
    return this.compute.filter((c) => c.kind === kind).map((c) => c.construct);
  }

  private modeMismatch(own: PodNetworking): string[] {
    const cluster = this.cni?.podNetworking ?? this.declared.podNetworking;
    if (!cluster || own.sameMathAs(cluster)) return [];
    const source = this.cni ? `its VpcCni (${this.cni.construct.node.path})` : 'its networking context';
    return [
      `podNetworking is ${own.describe()}, but the cluster runs ${cluster.describe()} according to ${source}; ` +
        "max pods would not match the IPs nodes can hand out. Drop podNetworking here to use the cluster's, or give both the same mode",
    ];
  }

  private declarationMismatch(vpcCni: IConstruct): string[] {
    const declared = this.declared.podNetworking;
    if (!declared || !this.cni || declared.sameMathAs(this.cni.podNetworking)) return [];
    return [
      `the cluster's networking context declares ${declared.describe()}, but ${vpcCni.node.path} runs ` +
        `${this.cni.podNetworking.describe()}; keep one of them, or make them the same`,
    ];
  }

  /** The VPC CNI defaults of a cluster created in this app: IPv6 mode on an IPv6 cluster, else secondary IPs. */
  private createdHereDefaultPodNetworking(): PodNetworking | undefined {
    if (!this.createdHere) return undefined;
    return this.ipFamily === eks.IpFamily.IP_V6 ? PodNetworking.ipv6() : PodNetworking.secondaryIps();
  }

  /** A mode of the other IP family than the cluster's, when the family is known. */
  private familyMismatch(mode: PodNetworking, where: string): string[] {
    return ipFamilyMismatch(mode, this.ipFamily, where);
  }

  private get createdHere(): boolean {
    return this.cluster instanceof eks.Cluster;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof PodNetworking && b instanceof PodNetworking) return a.sameMathAs(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** clusterDns: at least one address, each an IP address, none twice. */
function checkClusterDns(clusterDns: string[] | undefined, scope: IConstruct): void {
  if (clusterDns === undefined || isUnresolved(clusterDns)) return;
  requireNonEmpty('clusterDns', clusterDns, 'give the DNS address kubelets use, or leave clusterDns unset', scope);
  for (const address of clusterDns) {
    if (isUnresolved(address)) continue;
    if (parseIp(address) === undefined) {
      throw new NetkitValidationError(
        `clusterDns entry '${address}' is not an IP address; give addresses such as 169.254.20.10 (no CIDR, no port)`,
        scope,
      );
    }
  }
  const duplicates = clusterDns.filter((a, i) => clusterDns.indexOf(a) !== i);
  if (duplicates.length > 0) {
    throw new NetkitValidationError(`clusterDns lists ${duplicates.join(', ')} twice; give each address once`, scope);
  }
}
