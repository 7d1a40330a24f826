import { Guardrail, GuardrailLevel } from '../guardrail';

/** Image pulls and container writes on the root volume throttle it at boot, and the CNI binaries with it. */
export const containerStateOnRoot: Guardrail = {
  id: 'NETKIT-VOL1',
  level: GuardrailLevel.WARNING,
  what: 'container state on the root volume (a node group with one EBS volume)',
  fix: 'give nodes a data volume for /var/lib/containerd (TunedNodegroup dataVolume, on by default)',
  check: (facts) =>
    facts.clusters.flatMap((cluster) =>
      cluster.nodegroups
        .filter((ng) => !ng.amiType?.startsWith('BOTTLEROCKET')) // Bottlerocket keeps container state on its data volume
        .filter((ng) => ng.blockDevices !== undefined && ng.blockDevices.filter((d) => d.Ebs).length <= 1)
        .map((ng) => ({
          construct: ng.resource,
          message:
            'nodes keep container images and state on the root volume, which then throttles during boot and image pulls (the CNI binary runs from it too). Add a data volume for /var/lib/containerd',
        })),
    ),
};
