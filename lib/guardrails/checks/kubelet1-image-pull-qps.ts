import { maxPodsOf } from './capacity';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** Pods per node from which the kubelet's default 5 image pulls per second starts failing pods at scale-up. */
export const DENSE_NODE_PODS = 30;
const KUBELET_DEFAULT_QPS = 5;

/** The kubelet default registryPullQPS of 5 fails pods with `ErrImagePull: pull QPS exceeded` on busy nodes. */
export const imagePullQpsDefault: Guardrail = {
  id: 'NETKIT-KUBELET1',
  level: GuardrailLevel.WARNING,
  what: `kubelet registryPullQPS left at the default ${KUBELET_DEFAULT_QPS} on dense nodes (${DENSE_NODE_PODS}+ pods)`,
  fix: 'set registryPullQPS (50) and registryBurst (100) in the node bootstrap (TunedNodegroup does)',
  check: (facts) =>
    clustersWithMode(facts).flatMap((cluster) =>
      cluster.nodegroups.flatMap((ng): Finding[] => {
        const qps = ng.userData?.registryPullQps ?? KUBELET_DEFAULT_QPS;
        if (qps > KUBELET_DEFAULT_QPS || qps === 0) return [];
        const set = Math.max(...(ng.userData?.maxPods ?? []));
        const computed = Math.max(
          ...ng.instanceTypes.map((t) => maxPodsOf(t, cluster.podNetworking)?.recommended ?? 0),
        );
        const pods = Number.isFinite(set) ? set : computed;
        return pods >= DENSE_NODE_PODS
          ? [
              {
                construct: ng.resource,
                message: `nodes run up to ${pods} pods with registryPullQPS ${qps}: a burst of pods on a new node fails with ErrImagePull: pull QPS exceeded. Set registryPullQPS to 50 and registryBurst to 100`,
              },
            ]
          : [];
      }),
    ),
};
