import { Fn } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { KubeProxyMode } from '../cluster/kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from '../cluster/pod-security-group-enforcing-mode';
import { serviceAddressProblem, serviceIpv4CidrOf } from '../cluster/service-cidr';
import { NODE_LOCAL_DNS_IP, NODE_LOCAL_DNS_IPV6, nodeLocalDnsObjects } from '../manifests/node-local-dns';
import { NODE_LOCAL_DNS_TUNING, warnIfAutoModeOnly } from '../private/auto-mode-only-warning';
import { formatIp, parseCidr, parseIp } from '../private/ip-address';
import { requireKubectlProvider } from '../private/kubectl';
import { lazyObjectBodies } from '../private/lazy-manifest';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isUnresolved } from '../private/validation-error';

/**
 * Options for {@link NodeLocalDnsCache}.
 */
export interface NodeLocalDnsCacheOptions {
  /**
   * The kube-dns Service ClusterIP (`kubectl -n kube-system get svc kube-dns`): `.10` of the service CIDR on an
   * IPv4 cluster, the service range's prefix followed by `a` on an IPv6 one. Its family must be the cluster's.
   * @default - derived from the cluster's `serviceIpv4Cidr` when the cluster was created with one; on an IPv6 cluster
   * created in the app, from the service range EKS assigns (resolved at deploy time)
   */
  readonly kubeDnsIp?: string;
  /**
   * kube-proxy's mode. In ipvs mode node-cache cannot take over the kube-dns address, so kubelets must send DNS to
   * the link-local address: the library's node groups then render `clusterDNS` for it.
   * @default - the kube-proxy mode of the cluster's networking context (the library's KubeProxy or a declaration),
   * else iptables, the EKS default
   */
  readonly kubeProxyMode?: KubeProxyMode;
  /**
   * The cluster DNS domain.
   * @default 'cluster.local'
   */
  readonly dnsDomain?: string;
}

/**
 * Props for {@link NodeLocalDnsCache}.
 */
export interface NodeLocalDnsCacheProps extends NodeLocalDnsCacheOptions {
  /** The aws-eks-v2 cluster; it needs a kubectl provider. */
  readonly cluster: eks.ICluster;
}

/**
 * NodeLocal DNSCache: a DNS cache on every node at 169.254.20.10 (fd00::10 on an IPv6 cluster), so pods' lookups
 * stop crossing the network to CoreDNS and stop counting against the 1024 packets-per-second limit of each ENI
 * towards the VPC resolver. Plain Kubernetes objects applied through the cluster.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
export class NodeLocalDnsCache extends Construct {
  private readonly context: ClusterNetworkingContext;
  private readonly cluster: eks.ICluster;
  private readonly givenKubeDnsIp?: string;
  private readonly explicitKubeProxyMode?: KubeProxyMode;
  private readonly domain: string;

  constructor(scope: Construct, id: string, props: NodeLocalDnsCacheProps) {
    super(scope, id);
    validateProps(this, 'NodeLocalDnsCacheProps', props);
    requireKubectlProvider(this, props.cluster, 'NodeLocalDnsCache applies a DaemonSet');
    this.context = ClusterNetworkingContext.of(props.cluster);
    this.cluster = props.cluster;
    this.givenKubeDnsIp = props.kubeDnsIp;
    this.explicitKubeProxyMode = props.kubeProxyMode;
    this.domain = props.dnsDomain ?? 'cluster.local';
    // The addresses follow the cluster's IP family, read again at synth (it may be declared later); checked now
    // against what is known now, so a wrong address fails where it was given.
    void this.kubeDnsIp;
    // A kube-proxy mode given here is a fact about the cluster: KubeProxy or a declaration that disagrees is an error.
    if (props.kubeProxyMode !== undefined) {
      this.context._claim('kubeProxyMode', this, () => props.kubeProxyMode);
    }

    // Rendered at synth, so a KubeProxy created after this construct still decides the mode. The objects' kinds
    // and names do not depend on it (aws-eks-v2 labels them for pruning); their bodies are filled in lazily.
    const manifest = lazyObjectBodies(this.objects(), () => this.objects());
    new eks.KubernetesManifest(this, 'Resource', { cluster: props.cluster, manifest });
    this.context._registerNodeLocalDns(this, () => (this.ipvs ? [this.localIp] : undefined));
    this.node.addValidation({ validate: () => this.strictPodSecurityGroups() });
    warnIfAutoModeOnly(this, props.cluster, () => [NODE_LOCAL_DNS_TUNING]);
  }

  /** The address pods' DNS queries go to: 169.254.20.10, or fd00::10 on an IPv6 cluster (read when asked). */
  public get localIp(): string {
    return this.ipv6 ? NODE_LOCAL_DNS_IPV6 : NODE_LOCAL_DNS_IP;
  }

  /** Whether node-cache listens on IPv6: the cluster's family, else that of the kube-dns address given. */
  private get ipv6(): boolean {
    const given = this.givenKubeDnsIp;
    return listensOnIpv6(this.context.ipFamily, isUnresolved(given) ? undefined : given, this.cluster, this);
  }

  /** The kube-dns address node-cache forwards to: the one given (checked against the family), else derived. */
  private get kubeDnsIp(): string {
    const given = this.givenKubeDnsIp;
    if (given === undefined) return this.ipv6 ? ipv6KubeDnsIpOf(this.cluster, this) : kubeDnsIpOf(this.cluster, this);
    if (isUnresolved(given)) return given;
    if (this.ipv6) {
      requireIpv6Address('kubeDnsIp', given, this);
    } else {
      requireIpv4Address('kubeDnsIp', given, this);
    }
    if (parseIp(given)!.value === parseIp(this.localIp)!.value) {
      throw new NetkitValidationError(
        `kubeDnsIp (${given}) is node-cache's own listen address, so it would forward every query to itself; give ` +
          'the kube-dns Service ClusterIP (kubectl -n kube-system get svc kube-dns)',
        this,
      );
    }
    const cidr = this.ipv6 ? undefined : serviceIpv4CidrOf(this.cluster);
    const problem = cidr && serviceAddressProblem(given, cidr);
    if (problem) {
      throw new NetkitValidationError(
        `kubeDnsIp (${given}) ${problem}; kube-dns has the .10 address of that range ` +
          `(${kubeDnsIpOf(this.cluster, this)}), or leave kubeDnsIp unset to derive it`,
        this,
      );
    }
    return given;
  }

  /** Whether kube-proxy runs ipvs, so kubelets must send DNS to the link-local address. */
  private get ipvs(): boolean {
    return (this.explicitKubeProxyMode ?? this.context.kubeProxyMode) === KubeProxyMode.IPVS;
  }

  /** The objects, rendered for the cluster's kube-proxy mode as known now. */
  private objects(): Array<Record<string, any>> {
    return nodeLocalDnsObjects(this.domain, this.kubeDnsIp, this.ipvs, this.localIp);
  }

  private strictPodSecurityGroups(): string[] {
    const mode = this.context.podNetworking;
    const enforcing = this.context.podSecurityGroupEnforcingMode;
    if (!mode?.securityGroupsForPods || enforcing === PodSecurityGroupEnforcingMode.STANDARD) return [];
    return [
      'NodeLocal DNSCache does not work with security groups for pods in strict mode (branch-ENI pods cannot reach ' +
        'the node-local address); set the VpcCni podSecurityGroupEnforcingMode to STANDARD',
    ];
  }
}

/**
 * Whether node-cache runs on IPv6: the cluster's IP family, or, when the context does not know it, the family of the
 * kube-dns address the user gave (node-cache refuses listen addresses of two families, so the two go together).
 */
function listensOnIpv6(
  family: eks.IpFamily | undefined,
  kubeDnsIp: string | undefined,
  cluster: eks.ICluster,
  scope: Construct,
): boolean {
  const givenIpv6 = kubeDnsIp?.includes(':');
  if (family === undefined) return givenIpv6 ?? false;
  const ipv6 = family === eks.IpFamily.IP_V6;
  if (givenIpv6 !== undefined && givenIpv6 !== ipv6) {
    const [is, want] = ipv6 ? ['IPv4', 'IPv6'] : ['IPv6', 'IPv4'];
    throw new NetkitValidationError(
      `kubeDnsIp (${kubeDnsIp}) is an ${is} address, but cluster ${cluster.node.path} is ${want}, so kube-dns has an ` +
        `${want} address and node-cache refuses listen addresses of two families; give the kube-dns Service ` +
        'ClusterIP (kubectl -n kube-system get svc kube-dns), or leave kubeDnsIp unset to derive it from the cluster',
      scope,
    );
  }
  return ipv6;
}

/** An IPv6 address. */
function requireIpv6Address(prop: string, value: string, scope: Construct): void {
  if (parseIp(value)?.family !== 6) {
    throw new NetkitValidationError(
      `${prop} ('${value}') is not an IPv6 address; give the kube-dns Service ClusterIP, e.g. fd30:1c53:5f8a::a (kubectl -n kube-system get svc kube-dns)`,
      scope,
    );
  }
}

/**
 * kube-dns on an IPv6 cluster created here: the prefix of the service range EKS assigned, followed by `a`, as nodeadm
 * derives the kubelet's cluster DNS. EKS picks the range at creation, so the address is resolved at deploy time.
 * @see https://github.com/awslabs/amazon-eks-ami/blob/main/nodeadm/internal/api/net.go
 */
function ipv6KubeDnsIpOf(cluster: eks.ICluster, scope: Construct): string {
  const cfn = cluster instanceof eks.Cluster ? (cluster.node.defaultChild as eks.CfnCluster | undefined) : undefined;
  if (!cfn) {
    throw new NetkitValidationError(
      'NodeLocalDnsCache needs kubeDnsIp on an imported IPv6 cluster: the kube-dns Service ClusterIP (kubectl -n ' +
        'kube-system get svc kube-dns), the prefix of the service range followed by a, e.g. fd30:1c53:5f8a::a ' +
        '(aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv6Cidr)',
      scope,
    );
  }
  return Fn.join('', [Fn.select(0, Fn.split('/', cfn.attrKubernetesNetworkConfigServiceIpv6Cidr)), 'a']);
}

/** An IPv4 address in dotted-quad form. */
function requireIpv4Address(prop: string, value: string, scope: Construct): void {
  if (parseIp(value)?.family !== 4) {
    throw new NetkitValidationError(
      `${prop} ('${value}') is not an IPv4 address; give the kube-dns Service ClusterIP, e.g. 172.20.0.10 (kubectl -n kube-system get svc kube-dns)`,
      scope,
    );
  }
}

function kubeDnsIpOf(cluster: eks.ICluster, scope: Construct): string {
  const cidr = serviceIpv4CidrOf(cluster);
  const block = cidr && parseCidr(cidr);
  if (!block) {
    throw new NetkitValidationError(
      'NodeLocalDnsCache needs kubeDnsIp, the kube-dns Service ClusterIP (kubectl -n kube-system get svc kube-dns), or a cluster created with serviceIpv4Cidr',
      scope,
    );
  }
  return formatIp(block.family, block.network + 10n);
}
