import { NetkitDaemonSet } from '../../lib';
import { daemonSetAffinity, runsOnAutoModeNodes } from '../../lib/cluster/daemon-set-placement';
import { nodeLocalDnsObjects } from '../../lib/manifests/node-local-dns';
import { nodeExporterObjects } from '../../lib/observability/node-exporter';
import { placement } from '../automode/schedulable';

describe('DaemonSet placement in mixed clusters', () => {
  test.each([
    // NodeLocal DNSCache is built into Auto Mode nodes: a second cache there would shadow the node's own.
    [NetkitDaemonSet.NODE_LOCAL_DNS_CACHE, { managed: true, auto: false, fargate: false, hybrid: false }],
    // ENA allowances bind on every EC2 node; nothing else exports them on Auto Mode nodes.
    [NetkitDaemonSet.NODE_EXPORTER, { managed: true, auto: true, fargate: false, hybrid: false }],
    // Auto Mode nodes run no aws-node to gate.
    [NetkitDaemonSet.AWS_NODE_GATE, { managed: true, auto: false, fargate: false, hybrid: false }],
  ])('%s', (daemonSet, expected) => {
    expect(placement(daemonSetAffinity(daemonSet))).toEqual(expected);
    expect(runsOnAutoModeNodes(daemonSet)).toBe(expected.auto);
  });
});

describe('the DaemonSets the library renders carry their placement', () => {
  const podSpecOf = (objects: Array<Record<string, any>>) =>
    objects.find((o) => o.kind === 'DaemonSet')!.spec.template.spec;

  test('NodeLocal DNSCache: managed and Karpenter nodes only (Auto Mode nodes cache DNS themselves)', () => {
    const spec = podSpecOf(nodeLocalDnsObjects('cluster.local', '172.20.0.10', false));
    expect(placement(spec.affinity)).toEqual({ managed: true, auto: false, fargate: false, hybrid: false });
  });

  test('node_exporter: every EC2 node, Auto Mode included; not Fargate or hybrid', () => {
    const spec = podSpecOf(nodeExporterObjects('kube-system') as Array<Record<string, any>>);
    expect(placement(spec.affinity)).toEqual({ managed: true, auto: true, fargate: false, hybrid: false });
  });
});
