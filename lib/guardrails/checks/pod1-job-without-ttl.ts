import { Finding, Guardrail, GuardrailLevel } from '../guardrail';
import { clustersWithMode } from '../stack-facts';

/** A finished pod with a security group keeps its branch ENI until it is deleted. */
export const jobWithoutTtl: Guardrail = {
  id: 'NETKIT-POD1',
  level: GuardrailLevel.WARNING,
  what: 'Jobs without ttlSecondsAfterFinished on a cluster with security groups for pods',
  fix: 'set spec.ttlSecondsAfterFinished (ClusterJob sets 300 by default)',
  check: (facts) =>
    clustersWithMode(facts)
      .filter((c) => c.podNetworking.securityGroupsForPods)
      .flatMap((cluster) =>
        cluster.manifests
          .filter(
            ({ object }) =>
              object?.kind === 'Job' &&
              String(object?.apiVersion).startsWith('batch/') &&
              object?.spec?.ttlSecondsAfterFinished === undefined,
          )
          .map(({ resource, object }): Finding => ({
            construct: resource,
            message: `Job ${object.metadata?.name ?? '(unnamed)'} has no ttlSecondsAfterFinished: its finished pods keep their branch ENIs, and new pods fail with "failed to assign an IP address" once vpc.amazonaws.com/pod-eni runs out. Set ttlSecondsAfterFinished`,
          })),
      ),
};
