import { Annotations, AspectPriority, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ALL_GUARDRAILS } from './all-guardrails';
import { GuardrailLevel } from './guardrail';
import { stackFacts } from './stack-facts';
import { NetkitValidationError } from '../private/validation-error';

/** One guardrail of the pack, as documented. */
export interface GuardrailInfo {
  /** Stable ID, e.g. `NETKIT-CAP1`. */
  readonly id: string;
  /** Whether a finding fails synth or warns. */
  readonly level: GuardrailLevel;
  /** What it catches. */
  readonly what: string;
  /** How to fix it. */
  readonly fix: string;
}

const acknowledgements = new WeakMap<IConstruct, Map<string, string>>();

/**
 * The scale-readiness guardrail pack: read-only checks, run at synth over every stack below where it is enabled,
 * that catch the EKS networking failures the library exists for. They read the synthesized resources (node groups,
 * launch templates, add-ons, manifests), so they check plain aws-cdk-lib constructs as well as the library's.
 *
 * Errors fail `cdk synth`; warnings are printed (and fail `cdk synth --strict`). Acknowledge a finding you accept
 * with {@link NetkitGuardrails.acknowledge}.
 */
export class NetkitGuardrails implements IAspect {
  /** Turn the pack on for an app, a stage or a stack. */
  public static enable(scope: IConstruct): NetkitGuardrails {
    const pack = new NetkitGuardrails();
    Aspects.of(scope).add(pack, { priority: AspectPriority.READONLY });
    return pack;
  }

  /**
   * Accept a guardrail's findings on a construct and everything below it; the reason is printed instead.
   * @param id the guardrail ID, e.g. `NETKIT-DNS2`
   * @param reason why it is acceptable here
   */
  public static acknowledge(scope: IConstruct, id: string, reason: string): void {
    if (!ALL_GUARDRAILS.some((g) => g.id === id)) {
      throw new NetkitValidationError(
        `acknowledge: '${id}' is not a guardrail ID; IDs are ${ALL_GUARDRAILS.map((g) => g.id).join(', ')}`,
      );
    }
    if (!reason.trim()) throw new NetkitValidationError(`acknowledge ${id}: give the reason it is acceptable here`);
    const map = acknowledgements.get(scope) ?? new Map<string, string>();
    map.set(id, reason);
    acknowledgements.set(scope, map);
  }

  /** Every guardrail: ID, level, what it catches and the fix. */
  public static inventory(): GuardrailInfo[] {
    return ALL_GUARDRAILS.map(({ id, level, what, fix }) => ({ id, level, what, fix }));
  }

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node)) return;
    const facts = stackFacts(node);
    for (const guardrail of ALL_GUARDRAILS) {
      for (const finding of guardrail.check(facts)) {
        const annotations = Annotations.of(finding.construct);
        const reason = acknowledgedReason(finding.construct, guardrail.id);
        const message = `[${guardrail.id}] ${finding.message}`;
        if (reason !== undefined) annotations.addInfo(`${message} (acknowledged: ${reason})`);
        else if (guardrail.level === GuardrailLevel.ERROR) annotations.addError(message);
        else annotations.addWarningV2(guardrail.id, message);
      }
    }
  }
}

function acknowledgedReason(construct: IConstruct, id: string): string | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const reason = acknowledgements.get(scope)?.get(id);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
