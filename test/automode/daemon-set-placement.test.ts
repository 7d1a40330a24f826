import { NetkitDaemonSet } from '../../lib';
import { daemonSetAffinity, runsOnAutoModeNodes } from '../../lib/automode/daemon-set-placement';

/** Kubernetes' rule for one required node selector term of In / NotIn expressions (NotIn matches a missing label). */
function schedulable(affinity: Record<string, any>, labels: Record<string, string>): boolean {
  const terms = affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  return terms.some((t: any) =>
    t.matchExpressions.every((e: any) =>
      e.operator === 'NotIn' ? !e.values.includes(labels[e.key]) : e.values.includes(labels[e.key]),
    ),
  );
}

// The nodes of a mixed cluster, labelled as EKS labels them: managed node groups and Karpenter nodes carry no
// compute-type label; Auto Mode, Fargate and hybrid nodes carry theirs.
const NODES = {
  managed: {},
  auto: { 'eks.amazonaws.com/compute-type': 'auto' },
  fargate: { 'eks.amazonaws.com/compute-type': 'fargate' },
  hybrid: { 'eks.amazonaws.com/compute-type': 'hybrid' },
};

describe('DaemonSet placement in mixed clusters', () => {
  test.each([
    // NodeLocal DNSCache is built into Auto Mode nodes: a second cache there would shadow the node's own.
    [NetkitDaemonSet.NODE_LOCAL_DNS_CACHE, { managed: true, auto: false, fargate: false, hybrid: false }],
    // ENA allowances bind on every EC2 node; nothing else exports them on Auto Mode nodes.
    [NetkitDaemonSet.NODE_EXPORTER, { managed: true, auto: true, fargate: false, hybrid: false }],
    // Auto Mode nodes run no aws-node to gate.
    [NetkitDaemonSet.AWS_NODE_GATE, { managed: true, auto: false, fargate: false, hybrid: false }],
  ])('%s', (daemonSet, expected) => {
    const affinity = daemonSetAffinity(daemonSet);
    const placed = Object.fromEntries(
      Object.entries(NODES).map(([node, labels]) => [node, schedulable(affinity, labels)]),
    );
    expect(placed).toEqual(expected);
    expect(runsOnAutoModeNodes(daemonSet)).toBe(expected.auto);
  });
});
