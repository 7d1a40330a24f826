import { autoModePoolPlans } from './auto-mode-plan';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** /28 prefixes where single addresses fit better: pod-sparse nodes at large counts, or too few free /28 blocks. */
export const prefixModeWhereSingleIpsFit: Guardrail = {
  id: 'NETKIT-AUTO3',
  level: GuardrailLevel.WARNING,
  what: 'an Auto Mode NodeClass in /28 prefix mode whose NodePool size and pod density fit ipv4PrefixSize "32" better',
  fix: 'set ipv4PrefixSize "32" on the NodeClass (AutoModeNodeClass ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS)',
  check: (facts) =>
    autoModePoolPlans(facts.autoMode)
      .filter((p) => p.plan.advice.length > 0)
      .map((p): Finding => ({
        construct: p.nodeClass.resource,
        message: `NodeClass ${p.nodeClass.name} with NodePool ${p.pool.name} (up to ${p.maxNodes} nodes): ${p.plan.advice.join('; ')}`,
      })),
};
