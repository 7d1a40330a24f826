import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { KubeProxyMode } from '../cluster/kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from '../cluster/pod-security-group-enforcing-mode';
import { NODE_LOCAL_DNS_IP, nodeLocalDnsObjects } from '../manifests/node-local-dns';
import { NODE_LOCAL_DNS_TUNING, warnIfAutoModeOnly } from '../private/auto-mode-only-warning';
import { requireKubectlProvider } from '../private/kubectl';
import { lazyObjectBodies } from '../private/lazy-manifest';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isUnresolved, requireDnsSubdomain, requireOneOf } from '../private/validation-error';

/**
 * Options for {@link NodeLocalDnsCache}.
 */
export interface NodeLocalDnsCacheOptions {
  /**
   * The kube-dns Service ClusterIP: `.10` of the service CIDR (`kubectl -n kube-system get svc kube-dns`).
   * @default - derived from the cluster's `serviceIpv4Cidr` when the cluster was created with one
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
 * NodeLocal DNSCache: a DNS cache on every node at 169.254.20.10, so pods' lookups stop crossing the network to
 * CoreDNS and stop counting against the 1024 packets-per-second link-local limit of each ENI. Plain
 * Kubernetes objects applied through the cluster.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
export class NodeLocalDnsCache extends Construct {
  /** The address pods' DNS queries go to. */
  public readonly localIp: string = NODE_LOCAL_DNS_IP;
  private readonly context: ClusterNetworkingContext;
  private readonly explicitKubeProxyMode?: KubeProxyMode;
  private readonly domain: string;
  private readonly kubeDnsIp: string;

  constructor(scope: Construct, id: string, props: NodeLocalDnsCacheProps) {
    super(scope, id);
    validateProps(this, 'NodeLocalDnsCacheProps', props);
    requireKubectlProvider(this, props.cluster, 'NodeLocalDnsCache applies a DaemonSet');
    requireOneOf('kubeProxyMode', props.kubeProxyMode, KubeProxyMode, this);
    requireDnsSubdomain('dnsDomain', props.dnsDomain, this);
    this.context = ClusterNetworkingContext.of(props.cluster);
    if (this.context.ipFamily === eks.IpFamily.IP_V6) {
      throw new NetkitValidationError(
        `NodeLocalDnsCache listens on the IPv4 link-local address ${NODE_LOCAL_DNS_IP}, but cluster ${props.cluster.node.path} is IPv6; leave it out on IPv6 clusters`,
        this,
      );
    }
    if (props.kubeDnsIp !== undefined && !isUnresolved(props.kubeDnsIp)) {
      requireIpv4Address('kubeDnsIp', props.kubeDnsIp, this);
      const cidr = props.cluster instanceof eks.Cluster ? serviceCidrOf(props.cluster) : undefined;
      if (cidr && !isUnresolved(cidr) && !ipv4InCidr(props.kubeDnsIp, cidr)) {
        throw new NetkitValidationError(
          `kubeDnsIp (${props.kubeDnsIp}) is outside the cluster's service CIDR ${cidr}; kube-dns has the .10 address of that range`,
          this,
        );
      }
    }
    this.explicitKubeProxyMode = props.kubeProxyMode;
    this.kubeDnsIp = props.kubeDnsIp ?? kubeDnsIpOf(props.cluster, this);
    this.domain = props.dnsDomain ?? 'cluster.local';

    // Rendered at synth, so a KubeProxy created after this construct still decides the mode. The objects' kinds
    // and names do not depend on it (aws-eks-v2 labels them for pruning); their bodies are filled in lazily.
    const manifest = lazyObjectBodies(this.objects(), () => this.objects());
    new eks.KubernetesManifest(this, 'Resource', { cluster: props.cluster, manifest });
    this.context._registerNodeLocalDns(this, () => (this.ipvs ? [NODE_LOCAL_DNS_IP] : undefined));
    this.node.addValidation({ validate: () => this.strictPodSecurityGroups() });
    warnIfAutoModeOnly(this, props.cluster, () => [NODE_LOCAL_DNS_TUNING]);
  }

  /** Whether kube-proxy runs ipvs, so kubelets must send DNS to the link-local address. */
  private get ipvs(): boolean {
    return (this.explicitKubeProxyMode ?? this.context.kubeProxyMode) === KubeProxyMode.IPVS;
  }

  /** The objects, rendered for the cluster's kube-proxy mode as known now. */
  private objects(): Array<Record<string, any>> {
    return nodeLocalDnsObjects(this.domain, this.kubeDnsIp, this.ipvs);
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

/** Whether an IPv4 address lies in an IPv4 CIDR. */
function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toNumber = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}

/** An IPv4 address in dotted-quad form. */
function requireIpv4Address(prop: string, value: string, scope: Construct): void {
  const octets = value.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) {
    throw new NetkitValidationError(
      `${prop} ('${value}') is not an IPv4 address; give the kube-dns Service ClusterIP, e.g. 172.20.0.10 (kubectl -n kube-system get svc kube-dns)`,
      scope,
    );
  }
}

function kubeDnsIpOf(cluster: eks.ICluster, scope: Construct): string {
  const cidr = cluster instanceof eks.Cluster ? serviceCidrOf(cluster) : undefined;
  const match = cidr && /^(\d+\.\d+\.\d+)\.\d+\/\d+$/.exec(cidr);
  if (!match) {
    throw new NetkitValidationError(
      'NodeLocalDnsCache needs kubeDnsIp, the kube-dns Service ClusterIP (kubectl -n kube-system get svc kube-dns), or a cluster created with serviceIpv4Cidr',
      scope,
    );
  }
  return `${match[1]}.10`;
}

function serviceCidrOf(cluster: eks.Cluster): string | undefined {
  const cfn = cluster.node.defaultChild as eks.CfnCluster | undefined;
  const config = cfn?.kubernetesNetworkConfig as eks.CfnCluster.KubernetesNetworkConfigProperty | undefined;
  return config?.serviceIpv4Cidr;
}
