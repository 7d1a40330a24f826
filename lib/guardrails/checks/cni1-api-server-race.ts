import { apiServerGateMatters } from '../../cni/vpc-cni-codec';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** ipamd blocks on the API server at start in these modes; through the Service IP it waits for kube-proxy. */
export const apiServerRace: Guardrail = {
  id: 'NETKIT-CNI1',
  level: GuardrailLevel.WARNING,
  what: 'aws-node that blocks on the API server at start (VPC CNI < 1.20, custom networking, security groups for pods) without CLUSTER_ENDPOINT or an init gate',
  fix: 'set CLUSTER_ENDPOINT (VpcCni does by default) or add the aws-node gate',
  check: (facts) =>
    clustersWithMode(facts).flatMap((cluster): Finding[] => {
      const cni = cluster.cniAddon;
      // An add-on whose env could not be read was said as NETKIT-FACTS.
      if (!cni?.env) return [];
      const mode = cluster.podNetworking;
      const blocks = apiServerGateMatters(mode);
      const gated = cluster.patches.some((p) => p.resourceName === 'daemonset/aws-node' && p.addsGate);
      return blocks && cni.env.CLUSTER_ENDPOINT === undefined && !gated
        ? [
            {
              construct: cni.resource,
              message: `aws-node (${mode}) waits for the API server at start through the kubernetes Service, which kube-proxy may not have programmed yet: it restarts and the node is Ready later. Set CLUSTER_ENDPOINT or add the aws-node gate`,
            },
          ]
        : [];
    }),
};
