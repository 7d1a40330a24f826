import { autoModePlanning } from './auto-mode-plan';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** The IP planner over Auto Mode: a NodePool whose CPU limit allows more nodes than its subnets hold. */
export const nodePoolLimitsExceedSubnets: Guardrail = {
  id: 'NETKIT-AUTO2',
  level: GuardrailLevel.ERROR,
  what: 'an Auto Mode NodePool whose CPU limit allows more nodes than its NodeClass subnets hold (the IP capacity planner)',
  fix: 'larger or more subnets, a lower NodePool cpu limit, or ipv4PrefixSize "32" (cdk-eks-netkit plan --auto-mode)',
  check: (facts) =>
    autoModePlanning(facts.autoMode).flatMap((p): Finding[] =>
      'reason' in p
        ? [
            {
              construct: p.pool.resource,
              uncheckable: true,
              message: `NETKIT-AUTO2 could not plan NodePool ${p.pool.name}: ${p.reason}`,
            },
          ]
        : p.plan.fits
          ? []
          : [
              {
                construct: p.pool.resource,
                message: `NodePool ${p.pool.name} can grow to ${p.maxNodes} nodes: ${p.plan.problems.join('; ')}`,
              },
            ],
    ),
};
