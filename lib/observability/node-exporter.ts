import { NODE_EXPORTER_PORT } from './scrape-configuration';
import { NetkitDaemonSet, daemonSetAffinity } from '../cluster/daemon-set-placement';

/** node_exporter from quay.io (no Docker Hub limits), pinned. */
export const NODE_EXPORTER_IMAGE = 'quay.io/prometheus/node-exporter:v1.9.1';

/** Only the ENA allowance counters: keeps cardinality to six series per interface. */
export const ENA_METRICS_INCLUDE = '^(bw_in|bw_out|pps|conntrack|linklocal)_allowance_(exceeded|available)$';
/** Every ENA interface of the node, whatever the AMI names it (eth0, ens5, ens6…), and no pod veths. */
export const ENA_DEVICE_INCLUDE = '^(eth|ens|enp|eno)[0-9]+$';

/**
 * A node_exporter DaemonSet with only the ethtool collector, limited to the ENA allowance counters, on every ENI
 * (no hard-coded eth0: secondary ENIs have their own link-local limit).
 */
export function nodeExporterObjects(namespace: string): Array<Record<string, unknown>> {
  const labels = { 'app.kubernetes.io/name': 'netkit-node-exporter' };
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'netkit-node-exporter', namespace },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'netkit-node-exporter', namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { rollingUpdate: { maxUnavailable: '10%' } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'netkit-node-exporter',
            automountServiceAccountToken: false,
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            // Every EC2 node, Auto Mode included (its ENA allowances bind too); not Fargate or hybrid nodes.
            affinity: daemonSetAffinity(NetkitDaemonSet.NODE_EXPORTER),
            tolerations: [{ operator: 'Exists' }],
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 },
            containers: [
              {
                name: 'node-exporter',
                image: NODE_EXPORTER_IMAGE,
                args: [
                  '--path.sysfs=/host/sys',
                  `--web.listen-address=:${NODE_EXPORTER_PORT}`,
                  '--collector.disable-defaults',
                  '--collector.ethtool',
                  `--collector.ethtool.device-include=${ENA_DEVICE_INCLUDE}`,
                  `--collector.ethtool.metrics-include=${ENA_METRICS_INCLUDE}`,
                ],
                ports: [{ name: 'metrics', containerPort: NODE_EXPORTER_PORT, protocol: 'TCP' }],
                resources: { requests: { cpu: '10m', memory: '24Mi' }, limits: { memory: '64Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                readinessProbe: { httpGet: { path: '/', port: NODE_EXPORTER_PORT } },
                volumeMounts: [
                  { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
                ],
              },
            ],
            volumes: [{ name: 'sys', hostPath: { path: '/sys' } }],
          },
        },
      },
    },
  ];
}
