import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clusterLabel } from '../stack-facts';

/**
 * A cluster has one vpc-cni add-on: CloudFormation fails to create a second one, and a hand-written add-on that
 * configures another mode than the one the app declared (or the library's VpcCni runs) makes every max-pods and
 * IP plan of the app wrong.
 */
export const conflictingVpcCni: Guardrail = {
  id: 'NETKIT-CNI3',
  level: GuardrailLevel.ERROR,
  what: "two vpc-cni add-ons on one cluster, or a hand-written vpc-cni add-on whose mode disagrees with the cluster's declared podNetworking or VpcCni",
  fix: 'keep one vpc-cni add-on per cluster (VpcCni, or one CfnAddon), configured for the podNetworking the app declares',
  check: (facts) =>
    facts.clusters.flatMap((cluster): Finding[] => {
      const [first, ...others] = cluster.cniAddons;
      const twice = others.map((addon): Finding => ({
        construct: addon.resource,
        message:
          `cluster ${clusterLabel(cluster)} already has the vpc-cni add-on ${first.resource.node.path}; a second one ` +
          `(${addon.resource.node.path}) fails to create in CloudFormation (an add-on name is unique per cluster). ` +
          'Keep one: VpcCni, or one CfnAddon',
      }));
      const settled = cluster.context?._settledPodNetworking;
      if (!settled) return twice;
      // The library's own add-on is the context's source: only hand-written ones can disagree with it.
      const disagree = cluster.cniAddons
        .filter((a) => !a.library && a.podNetworking && !a.podNetworking.sameMathAs(settled))
        .map((addon): Finding => ({
          construct: addon.resource,
          message:
            `the vpc-cni add-on ${addon.resource.node.path} configures ${addon.podNetworking}, but cluster ` +
            `${clusterLabel(cluster)} runs ${settled} according to ${cluster.context!._sourceOf('podNetworking')}: ` +
            'max pods and the IP plans follow the latter, the nodes the former. Configure the add-on for the same ' +
            'mode, or declare the mode it runs',
        }));
      return [...twice, ...disagree];
    }),
};
