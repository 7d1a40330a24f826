/**
 * NodeLocal DNSCache's Kubernetes objects, as the Kubernetes NodeLocal DNSCache manifest defines them: pure, so the
 * construct, the guardrails and tests share one rendering and one set of names.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */

import { NetkitDaemonSet, daemonSetAffinity } from '../cluster/daemon-set-placement';

/** The link-local address node-cache listens on (from 169.254.20.0/16, as the Kubernetes docs use). */
export const NODE_LOCAL_DNS_IP = '169.254.20.10';
/**
 * The address node-cache listens on in an IPv6 cluster: IPv6 has no link-local range a pod can route to, so the
 * Kubernetes docs recommend a unique local address from fd00::/8. It stays clear of the VPC's own fd00:ec2::/32
 * (DNS, IMDS, time) and of the random /108 ULA service range EKS picks.
 */
export const NODE_LOCAL_DNS_IPV6 = 'fd00::10';
/** node-cache from registry.k8s.io (no Docker Hub limits), pinned. */
export const NODE_CACHE_IMAGE = 'registry.k8s.io/dns/k8s-dns-node-cache:1.26.4';
/** The namespace of every NodeLocal DNSCache object. */
export const NODE_LOCAL_DNS_NAMESPACE = 'kube-system';
const NAMESPACE = NODE_LOCAL_DNS_NAMESPACE;
/** The name of the DaemonSet, its ConfigMap, service account and metrics Service. */
export const NODE_LOCAL_DNS_NAME = 'node-local-dns';
const NAME = NODE_LOCAL_DNS_NAME;
/** The port node-cache serves Prometheus metrics on. */
export const NODE_LOCAL_DNS_METRICS_PORT = 9253;
const METRICS_PORT = NODE_LOCAL_DNS_METRICS_PORT;
const HEALTH_PORT = 8080;

/** An address with a port; CoreDNS (like Go's net package) needs an IPv6 address in brackets there. */
function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Render the node-cache Corefile for a mode, as the Kubernetes NodeLocal DNSCache manifest does. `localIp` is the
 * listen address: NODE_LOCAL_DNS_IP on IPv4, NODE_LOCAL_DNS_IPV6 on IPv6, of the same family as `kubeDnsIp`.
 */
export function renderNodeLocalCorefile(
  domain: string,
  kubeDnsIp: string,
  ipvs: boolean,
  localIp: string = NODE_LOCAL_DNS_IP,
): string {
  const bind = ipvs ? localIp : `${localIp} ${kubeDnsIp}`;
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
      `    health ${hostPort(localIp, HEALTH_PORT)}`,
    ]),
    zone('in-addr.arpa', 'cache 30', clusterForward),
    zone('ip6.arpa', 'cache 30', clusterForward),
    zone('.', 'cache 30', 'forward . __PILLAR__UPSTREAM__SERVERS__'),
  ].join('\n');
}

/** The Kubernetes objects of NodeLocal DNSCache; `localIp` as for {@link renderNodeLocalCorefile}. */
export function nodeLocalDnsObjects(
  domain: string,
  kubeDnsIp: string,
  ipvs: boolean,
  localIp: string = NODE_LOCAL_DNS_IP,
): Array<Record<string, unknown>> {
  const labels = { 'k8s-app': NAME };
  const metadata = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: NAMESPACE, ...extra });
  // node-cache refuses addresses of two families in -localip.
  const localIps = ipvs ? localIp : `${localIp},${kubeDnsIp}`;
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
      data: { Corefile: renderNodeLocalCorefile(domain, kubeDnsIp, ipvs, localIp) },
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
            // Off Auto Mode nodes, which cache DNS themselves, and off Fargate and hybrid nodes.
            affinity: daemonSetAffinity(NetkitDaemonSet.NODE_LOCAL_DNS_CACHE),
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
                  httpGet: { host: localIp, path: '/health', port: HEALTH_PORT },
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
