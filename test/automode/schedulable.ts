/** Kubernetes' rule for required node affinity: some term whose In / NotIn expressions all hold (NotIn matches a
 * missing label). A pod with no affinity is schedulable anywhere. */
export function schedulable(affinity: Record<string, any> | undefined, labels: Record<string, string>): boolean {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t: any) =>
    t.matchExpressions.every((e: any) =>
      e.operator === 'NotIn' ? !e.values.includes(labels[e.key]) : e.values.includes(labels[e.key]),
    ),
  );
}

/**
 * The nodes of a mixed cluster, labelled as EKS labels them: managed node groups and Karpenter nodes carry no
 * compute-type label; Auto Mode, Fargate and hybrid nodes carry theirs.
 */
export const MIXED_CLUSTER_NODES: Record<string, Record<string, string>> = {
  managed: {},
  auto: { 'eks.amazonaws.com/compute-type': 'auto' },
  fargate: { 'eks.amazonaws.com/compute-type': 'fargate' },
  hybrid: { 'eks.amazonaws.com/compute-type': 'hybrid' },
};

/** Where a pod with this affinity can run, node kind by node kind. */
export function placement(affinity: Record<string, any> | undefined): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(MIXED_CLUSTER_NODES).map(([node, labels]) => [node, schedulable(affinity, labels)]),
  );
}
