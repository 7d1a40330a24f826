import * as fs from 'node:fs';
import { LocalCluster } from './local-cluster';
import { AUTO_MODE_NODE_CLASS_SCHEMA } from '../../schemas';
import { karpenterCrds, vpcCniManifest } from '../../upstream/upstream-manifests';

// What a new EKS cluster already holds before `cdk deploy` sends anything: the three default add-ons' objects in
// kube-system. aws-node is the VPC CNI's upstream manifest from its Go module (what the vpc-cni add-on installs).
// AWS publishes no manifest for kube-proxy and CoreDNS; these are written from the add-on pages:
//   https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html (DaemonSet kube-proxy in kube-system,
//     image eks/kube-proxy:v<k8s>-eksbuild.N from the regional EKS registry, iptables mode by default)
//   https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html (Deployment coredns, 2 replicas, Service
//     kube-dns, ConfigMap coredns with the Corefile, image eks/coredns:v1.x-eksbuild.N)
//   https://docs.aws.amazon.com/eks/latest/userguide/add-ons-configuration.html (the fields the add-ons manage)
// The kube-proxy command line is the one seen on EKS nodes (--v=2 --config=/var/lib/kube-proxy-config/config), without
// --hostname-override, as the add-on shipped it for years; whether current eksbuilds add it is not documented.

const REGISTRY = '602401143452.dkr.ecr.us-east-1.amazonaws.com';
const EKS_LABELS = (component: string, app: string) => ({
  'eks.amazonaws.com/component': component,
  'k8s-app': app,
});

/** The kube-dns Service's address: the tenth address of the service CIDR, as EKS assigns it. */
export const KUBE_DNS_IP = '172.20.0.10';

export function kubeProxyObjects(): any[] {
  const labels = EKS_LABELS('kube-proxy', 'kube-proxy');
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system', labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'eks:kube-proxy', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node-proxier' },
      subjects: [{ kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy-config', namespace: 'kube-system', labels },
      data: {
        config: [
          'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
          'kind: KubeProxyConfiguration',
          'clientConnection:',
          '  kubeconfig: /var/lib/kube-proxy/kubeconfig',
          'mode: "iptables"',
          'clusterCIDR: ""',
          '',
        ].join('\n'),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-proxy' } },
          spec: {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'kube-proxy',
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'kube-proxy',
                image: `${REGISTRY}/eks/kube-proxy:v1.35.0-minimal-eksbuild.2`,
                command: ['kube-proxy', '--v=2', '--config=/var/lib/kube-proxy-config/config'],
                resources: { requests: { cpu: '100m' } },
                securityContext: { privileged: true },
                volumeMounts: [
                  { name: 'varlog', mountPath: '/var/log' },
                  { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                  { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
                  { name: 'config', mountPath: '/var/lib/kube-proxy-config/' },
                ],
              },
            ],
            volumes: [
              { name: 'varlog', hostPath: { path: '/var/log' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
              { name: 'config', configMap: { name: 'kube-proxy-config' } },
            ],
          },
        },
      },
    },
  ];
}

export function coreDnsObjects(): any[] {
  const labels = EKS_LABELS('coredns', 'kube-dns');
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system', labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns', labels },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      data: {
        Corefile: [
          '.:53 {',
          '    errors',
          '    health { lameduck 5s }',
          '    ready',
          '    kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure fallthrough in-addr.arpa ip6.arpa }',
          '    prometheus :9153',
          '    forward . /etc/resolv.conf',
          '    cache 30',
          '    loop',
          '    reload',
          '    loadbalance',
          '}',
          '',
        ].join('\n'),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' } },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
            containers: [
              {
                name: 'coredns',
                image: `${REGISTRY}/eks/coredns:v1.12.4-eksbuild.1`,
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                ],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              },
            ],
            volumes: [
              { name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' } },
      spec: {
        clusterIP: KUBE_DNS_IP,
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  ];
}

/** The keywords a CRD's structural schema takes from the JSON Schema; the rest (combinators, conditionals) are dropped. */
const STRUCTURAL = new Set([
  'type',
  'properties',
  'items',
  'required',
  'enum',
  'pattern',
  'format',
  'additionalProperties',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
]);

/**
 * The Auto Mode NodeClass CRD (`nodeclasses.eks.amazonaws.com`), built from the one schema the tests keep for it
 * (written from AWS's documentation). A structural schema gives every node a type and takes no combinators: the
 * field list, nesting, types, enumerations and ranges carry over; the cross-field rules (one selector per term, pod
 * subnets with pod security groups) are not enforced by this CRD, and unknown fields are refused by the API server's
 * strict field validation instead of `additionalProperties: false`.
 */
export function autoModeNodeClassCrd(): any {
  const schema = JSON.parse(fs.readFileSync(AUTO_MODE_NODE_CLASS_SCHEMA, 'utf8'));
  const inline = (node: any): any => {
    if (node.$ref) return inline(schema.definitions[node.$ref.replace('#/definitions/', '')]);
    const out: any = {};
    for (const [key, value] of Object.entries<any>(node)) {
      if (key === 'const') {
        out.enum = [value];
      } else if (!STRUCTURAL.has(key) || (key === 'additionalProperties' && typeof value !== 'object')) {
        continue;
      } else if (key === 'properties') {
        out.properties = Object.fromEntries(Object.entries<any>(value).map(([k, v]) => [k, inline(v)]));
      } else if (key === 'items' || key === 'additionalProperties') {
        out[key] = inline(value);
      } else {
        out[key] = value;
      }
    }
    if (!out.type) out.type = out.properties || out.additionalProperties ? 'object' : typeof out.enum?.[0];
    return out;
  };
  const spec = inline(schema.properties.spec);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'nodeclasses.eks.amazonaws.com' },
    spec: {
      group: 'eks.amazonaws.com',
      scope: 'Cluster',
      names: { kind: 'NodeClass', listKind: 'NodeClassList', plural: 'nodeclasses', singular: 'nodeclass' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec,
              },
            },
          },
        },
      ],
    },
  };
}

/**
 * The default add-ons' objects, the Auto Mode NodeClass CRD and Karpenter's CRDs at the given release (what the
 * Karpenter chart installs; the chart itself is not replayed).
 */
export function eksSeedObjects(karpenterVersion: string): any[] {
  const crds = [...karpenterCrds(karpenterVersion).values()];
  return [...vpcCniManifest(), ...kubeProxyObjects(), ...coreDnsObjects(), autoModeNodeClassCrd(), ...crds];
}

/** The kube-system objects EKS owns, as the library must leave them after Delete: compare these before and after. */
export const EKS_OWNED = [
  ['daemonset', 'aws-node'],
  ['daemonset', 'kube-proxy'],
  ['deployment', 'coredns'],
  ['configmap', 'coredns'],
  ['configmap', 'kube-proxy-config'],
  ['service', 'kube-dns'],
] as const;

/** EKS's field manager: EKS applies add-ons with server-side apply under this name. */
export const EKS_FIELD_MANAGER = 'eks';

/** Seed a cluster as EKS does: server-side apply as EKS's field manager (CRDs first, so their kinds exist). */
export function seedEks(cluster: LocalCluster, objects: any[]): void {
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  cluster.serverSideApply(crds, EKS_FIELD_MANAGER);
  cluster.kubectlOk([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...crds.map((c) => `crd/${c.metadata.name}`),
  ]);
  cluster.serverSideApply(
    objects.filter((o) => o.kind !== 'CustomResourceDefinition'),
    EKS_FIELD_MANAGER,
  );
}
