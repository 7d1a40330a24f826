import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeProxyMode } from './kube-proxy';
import {
  clusterKubeProxyMode,
  clusterPodNetworking,
  clusterSgpEnforcingMode,
  registerClusterDns,
} from '../private/cluster-networking';
import { NetkitValidationError } from '../private/validation-error';

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
   * @default - the mode of the cluster's KubeProxy add-on from this library, else iptables
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

  constructor(scope: Construct, id: string, props: NodeLocalDnsCacheProps) {
    super(scope, id);
    const mode = clusterPodNetworking(props.cluster);
    if (mode?.securityGroupsForPods && clusterSgpEnforcingMode(props.cluster) !== 'standard') {
      throw new NetkitValidationError(
        'NodeLocal DNSCache does not work with security groups for pods in strict mode (branch-ENI pods cannot reach the node-local address); set the VpcCni podSecurityGroupEnforcingMode to STANDARD',
      );
    }
    const kubeDnsIp = props.kubeDnsIp ?? kubeDnsIpOf(props.cluster);
    const ipvs = (props.kubeProxyMode ?? clusterKubeProxyMode(props.cluster)) === KubeProxyMode.IPVS;
    const domain = props.dnsDomain ?? 'cluster.local';

    // cdk8s is bundled, not a peer: its Chart stays out of the public API.
    const chart = new Chart(new App(), 'NodeLocalDnsCache');
    nodeLocalDnsObjects(domain, kubeDnsIp, ipvs).forEach((obj, i) => new ApiObject(chart, `Object${i}`, obj as any));
    new eks.KubernetesManifest(this, 'Resource', { cluster: props.cluster, manifest: chart.toJson() });
    if (ipvs) registerClusterDns(props.cluster, [NODE_LOCAL_DNS_IP]);
  }
}

function kubeDnsIpOf(cluster: eks.ICluster): string {
  const cidr = cluster instanceof eks.Cluster ? serviceCidrOf(cluster) : undefined;
  const match = cidr && /^(\d+\.\d+\.\d+)\.\d+\/\d+$/.exec(cidr);
  if (!match) {
    throw new NetkitValidationError(
      'NodeLocalDnsCache needs kubeDnsIp, the kube-dns Service ClusterIP (kubectl -n kube-system get svc kube-dns), or a cluster created with serviceIpv4Cidr',
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
