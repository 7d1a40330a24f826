import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clusterLabel } from '../stack-facts';

/**
 * An EKS node group name is unique per cluster: CloudFormation fails to create the second. The library's node groups
 * stop synth on a name they share with each other (the cluster's context); this reads every CfnNodegroup, plain
 * aws-cdk-lib ones too.
 */
export const duplicateNodegroupName: Guardrail = {
  id: 'NETKIT-NG1',
  level: GuardrailLevel.ERROR,
  what: 'two managed node groups with one nodegroupName on one cluster',
  fix: 'give each node group a name of its own, or leave nodegroupName out for CloudFormation to name it',
  check: (facts) =>
    facts.clusters.flatMap((cluster) => {
      const first = new Map<string, Finding['construct']>();
      return cluster.nodegroups.flatMap((ng): Finding[] => {
        if (ng.name === undefined) return [];
        const before = first.get(ng.name);
        if (!before) {
          first.set(ng.name, ng.resource);
          return [];
        }
        return [
          {
            construct: ng.resource,
            message:
              `node group name '${ng.name}' is already taken on cluster ${clusterLabel(cluster)} by ${before.node.path}; CloudFormation ` +
              `fails to create the second node group (${ng.resource.node.path}). Give each node group a name of its own`,
          },
        ];
      });
    }),
};
