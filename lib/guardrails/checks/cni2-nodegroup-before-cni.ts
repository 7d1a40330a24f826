import { Guardrail, GuardrailLevel } from '../guardrail';
import { dependsOn } from '../stack-facts';

/** A node that joins before the VPC CNI configuration is in place starts its pods with the default settings. */
export const nodegroupBeforeCni: Guardrail = {
  id: 'NETKIT-CNI2',
  level: GuardrailLevel.WARNING,
  what: 'node groups not ordered after the VPC CNI add-on',
  fix: 'add a dependency from the node group on the vpc-cni add-on (TunedNodegroup does)',
  check: (facts) =>
    facts.clusters.flatMap((cluster) => {
      const cni = cluster.cniAddon;
      if (!cni) return [];
      return cluster.nodegroups
        .filter((ng) => !dependsOn(ng.resource, cni.resource))
        .map((ng) => ({
          construct: ng.resource,
          message:
            'the node group can join before the vpc-cni add-on configuration is applied: its first pods get IPs under the default settings (no prefix delegation, no custom networking). Make it depend on the add-on',
        }));
    }),
};
