import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { lookupInstanceType } from '../../capacity/instance-type-limits';
import { DEFAULT_TERMINATED_POD_GC_THRESHOLD, terminatedPodGcThresholdOf } from '../../cluster/terminated-pod-gc';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** Branch ENIs (`vpc.amazonaws.com/pod-eni`) of the smallest instance type of a node group; 0 without trunking. */
function podEniPerNode(instanceTypes: readonly string[]): number | undefined {
  try {
    return Math.min(
      ...instanceTypes.map((t) => {
        const limits = lookupInstanceType(t);
        return limits.trunking ? limits.branchEnis : 0;
      }),
    );
  } catch {
    return undefined; // an unknown type: the CAP checks name it
  }
}

/**
 * With security groups for pods, a finished pod keeps its branch ENI until it is deleted. The terminated-pod garbage
 * collector deletes pods only above its threshold (cluster-wide), so a threshold at or above the branch ENIs the
 * node groups offer lets completed pods hold all of them: new pods fail with "failed to assign an IP address".
 */
export const terminatedPodsOutlastBranchEnis: Guardrail = {
  id: 'NETKIT-POD2',
  level: GuardrailLevel.WARNING,
  what: 'a terminated-pod GC threshold at or above the branch-ENI capacity of a security-groups-for-pods cluster',
  fix: 'set NetworkBaseline terminatedPodGcThreshold below the pod-eni capacity at minimum size, and TTLs on Jobs',
  check: (facts) =>
    clustersWithMode(facts)
      .filter((c) => c.podNetworking.securityGroupsForPods && c.resource && eks.CfnCluster.isCfnCluster(c.resource))
      .flatMap((cluster): Finding[] => {
        const threshold = terminatedPodGcThresholdOf(cluster.resource as eks.CfnCluster);
        if (threshold === null) return []; // a deploy-time value
        const groups = cluster.nodegroups.filter((ng) => ng.minSize !== undefined && ng.instanceTypes.length > 0);
        if (groups.length === 0) return [];
        let capacity = 0;
        const parts: string[] = [];
        for (const ng of groups) {
          const perNode = podEniPerNode(ng.instanceTypes);
          if (perNode === undefined) return [];
          const nodes = Math.max(ng.minSize!, 1);
          capacity += nodes * perNode;
          parts.push(`${nodes} × ${perNode}`);
        }
        const effective = threshold ?? DEFAULT_TERMINATED_POD_GC_THRESHOLD;
        if (effective < capacity) return [];
        const which =
          threshold === undefined
            ? `no terminatedPodGcThreshold (the Kubernetes default, ${DEFAULT_TERMINATED_POD_GC_THRESHOLD})`
            : `terminatedPodGcThreshold ${threshold}`;
        return [
          {
            construct: cluster.resource!,
            message:
              `${which} is at or above the ${capacity} branch ENIs (vpc.amazonaws.com/pod-eni) the node groups offer at ` +
              `minimum size (${parts.join(' + ')}): completed pods with security groups keep their branch ENIs until ` +
              'they are deleted, and the garbage collector deletes none below the threshold, so finished Jobs can hold ' +
              `every branch ENI and new pods fail with "failed to assign an IP address". Set terminatedPodGcThreshold ` +
              `below ${capacity} (minus the pods with security groups that run), and ttlSecondsAfterFinished on Jobs`,
          },
        ];
      }),
};
