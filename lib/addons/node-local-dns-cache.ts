import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { KubeProxyMode } from '../cluster/kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from '../cluster/pod-security-group-enforcing-mode';
import { requireKubectlProvider } from '../private/kubectl';
import { lazyObjectBodies } from '../private/lazy-manifest';
import { NetkitValidationError, isUnresolved, requireDnsSubdomain, requireOneOf } from '../private/validation-error';

/** The link-local address node-cache listens on (from 169.254.20.0/16, as the Kubernetes docs use). */
export const NODE_LOCAL_DNS_IP = '169.254.20.10';
/** node-cache from registry.k8s.io (no Docker Hub limits), pinned. */
export const NODE_CACHE_IMAGE = 'registry.k8s.io/dns/k8s-dns-node-cache:1.26.4';
const NAMESPACE = 'kube-system';
const NAME = 'node-local-dns';
const METRICS_PORT = 9253;
const HEALTH_PORT = 8080;

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

/** Render the node-cache Corefile for a mode, as the Kubernetes NodeLocal DNSCache manifest does. */
export function renderNodeLocalCorefile(domain: string, kubeDnsIp: string, ipvs: boolean): string {
  const bind = ipvs ? NODE_LOCAL_DNS_IP : `${NODE_LOCAL_DNS_IP} ${kubeDnsIp}`;
  // node-cache fills __PILLAR__CLUSTER__DNS__ from the kube-dns-upstream Service and __PILLAR__UPSTREAM__SERVERS__
  // from the node's resolv.conf; in ipvs mode it forwards to kube-dns directly.
  const clusterDns = ipvs ? kubeDnsIp : '__PILLAR__CLUSTER__DNS__';
  const zone = (name: string, cache: string, forward: string, extra: string[] = []) =>
    [
      `${name}:53 {`,
      '    errors',
      `    ${cache}`,
      '    reload',
      '    loop',
      `    bind ${bind}`,
      `    ${forward}`,
      `    prometheus :${METRICS_PORT}`,
      ...extra,
      '}',
    ].join('\n');
  const clusterForward = `forward . ${clusterDns} {\n            force_tcp\n    }`;
  return [
    zone(domain, 'cache {\n            success 9984 30\n            denial 9984 5\n    }', clusterForward, [
      `    health ${NODE_LOCAL_DNS_IP}:${HEALTH_PORT}`,
    ]),
    zone('in-addr.arpa', 'cache 30', clusterForward),
    zone('ip6.arpa', 'cache 30', clusterForward),
    zone('.', 'cache 30', 'forward . __PILLAR__UPSTREAM__SERVERS__'),
  ].join('\n');
}

/**
 * NodeLocal DNSCache: a DNS cache on every node at 169.254.20.10, so pods' lookups stop crossing the network to
 * CoreDNS and stop counting against the 1024 packets-per-second link-local limit of each ENI. A cdk8s chart
 * applied through the cluster.
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
  }

  /** The cdk8s chart with the objects, rendered for the cluster's kube-proxy mode as known now. */
  public get chart(): Chart {
    const chart = new Chart(new App(), 'NodeLocalDnsCache');
    nodeLocalDnsObjects(this.domain, this.kubeDnsIp, this.ipvs).forEach(
      (obj, i) => new ApiObject(chart, `Object${i}`, obj as any),
    );
    return chart;
  }

  /** Whether kube-proxy runs ipvs, so kubelets must send DNS to the link-local address. */
  private get ipvs(): boolean {
    return (this.explicitKubeProxyMode ?? this.context.kubeProxyMode) === KubeProxyMode.IPVS;
  }

  private objects(): Array<Record<string, any>> {
    return this.chart.toJson();
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

/** The Kubernetes objects of NodeLocal DNSCache. */
export function nodeLocalDnsObjects(domain: string, kubeDnsIp: string, ipvs: boolean): Array<Record<string, unknown>> {
  const labels = { 'k8s-app': NAME };
  const metadata = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: NAMESPACE, ...extra });
  const localIps = ipvs ? NODE_LOCAL_DNS_IP : `${NODE_LOCAL_DNS_IP},${kubeDnsIp}`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(NAME) },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('kube-dns-upstream', { labels: { 'k8s-app': 'kube-dns' } }),
      spec: {
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(NAME),
      data: { Corefile: renderNodeLocalCorefile(domain, kubeDnsIp, ipvs) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: metadata(NAME, { labels }),
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { rollingUpdate: { maxUnavailable: '10%' } },
        template: {
          metadata: {
            labels,
            annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' },
          },
          spec: {
            priorityClassName: 'system-node-critical',
            serviceAccountName: NAME,
            hostNetwork: true,
            dnsPolicy: 'Default',
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { effect: 'NoExecute', operator: 'Exists' },
              { effect: 'NoSchedule', operator: 'Exists' },
            ],
            containers: [
              {
                name: 'node-cache',
                image: NODE_CACHE_IMAGE,
                resources: { requests: { cpu: '25m', memory: '5Mi' } },
                args: ['-localip', localIps, '-conf', '/etc/Corefile', '-upstreamsvc', 'kube-dns-upstream'],
                securityContext: { capabilities: { add: ['NET_ADMIN'] } },
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: METRICS_PORT, name: 'metrics', protocol: 'TCP' },
                ],
                livenessProbe: {
                  httpGet: { host: NODE_LOCAL_DNS_IP, path: '/health', port: HEALTH_PORT },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                },
                volumeMounts: [
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { name: 'config-volume', mountPath: '/etc/coredns' },
                ],
              },
            ],
            volumes: [
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'config-volume', configMap: { name: NAME, items: [{ key: 'Corefile', path: 'Corefile.base' }] } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(NAME, {
        labels,
        annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' },
      }),
      spec: {
        clusterIP: 'None',
        selector: labels,
        ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: METRICS_PORT }],
      },
    },
  ];
}
