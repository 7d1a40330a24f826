import { Guardrail, GuardrailLevel } from '../guardrail';

/** IMDSv1 answers any request, including ones forwarded by a compromised pod. */
export const imdsV1Allowed: Guardrail = {
  id: 'NETKIT-IMDS1',
  level: GuardrailLevel.ERROR,
  what: 'node launch templates that allow IMDSv1 (HttpTokens optional)',
  fix: 'set HttpTokens to required (TunedNodegroup does, with hop limit 1)',
  check: (facts) =>
    facts.clusters.flatMap((cluster) =>
      cluster.nodegroups
        .filter((ng) => ng.httpTokens === 'optional')
        .map((ng) => ({
          construct: ng.launchTemplate ?? ng.resource,
          message:
            'the launch template allows IMDSv1: pods can read the node role credentials through SSRF. Set HttpTokens to required',
        })),
    ),
};
