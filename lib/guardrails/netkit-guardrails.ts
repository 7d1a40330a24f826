import { Annotations, AspectPriority, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ALL_GUARDRAILS } from './all-guardrails';
import { Finding, Guardrail, GuardrailLevel, GuardrailSettings } from './guardrail';
import { StackFacts, stackFacts } from './stack-facts';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isNetkitValidationError, requireInteger } from '../private/validation-error';

/** One guardrail of the pack, as documented. */
export interface GuardrailInfo {
  /** Stable ID, e.g. `NETKIT-CAP1`. */
  readonly id: string;
  /** Whether a finding fails synth or is printed. */
  readonly level: GuardrailLevel;
  /** What it catches. */
  readonly what: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Thresholds of the guardrails that have one. */
export interface NetkitGuardrailsOptions {
  /**
   * The seconds of EC2 API throttling a node group's scale-up from its minimum to its maximum size may need before
   * NETKIT-API1 warns: the least time EC2's documented token buckets take to serve the VPC CNI's calls.
   * @default 60
   * @see https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
   */
  readonly ec2ApiBurstSeconds?: number;

  /**
   * The share (%) of EC2's API rate limits that other callers in the account and Region (other clusters, CI,
   * the console) take during a scale-up; NETKIT-API1 leaves it to them.
   * @default 0
   */
  readonly otherEc2ApiTrafficPercent?: number;
}

/** NETKIT-API1's default: a minute of throttled EC2 calls while pods wait in ContainerCreating. */
const DEFAULT_EC2_API_BURST_SECONDS = 60;

/** The construct metadata type an acknowledgement is stored under (visible in the cloud assembly). */
export const ACKNOWLEDGEMENT_METADATA_TYPE = 'cdk-eks-netkit:acknowledgement';

/**
 * The scale-readiness guardrail pack: read-only checks, run at synth over every stack below where it is enabled,
 * that catch the EKS networking failures the library exists for. They read the synthesized resources (node groups,
 * launch templates, add-ons, manifests), so they check plain aws-cdk-lib constructs as well as the library's.
 *
 * Errors fail `cdk synth`; warnings are printed (and fail `cdk synth --strict`). Acknowledge a finding you accept
 * with {@link NetkitGuardrails.acknowledge}.
 */
export class NetkitGuardrails implements IAspect {
  /** Turn the pack on for an app, a stage or a stack, with the thresholds of the guardrails that have one. */
  public static enable(scope: IConstruct, options: NetkitGuardrailsOptions = {}): NetkitGuardrails {
    const pack = new NetkitGuardrails(options);
    Aspects.of(scope).add(pack, { priority: AspectPriority.READONLY });
    return pack;
  }

  /**
   * Accept a guardrail's findings on a construct and everything below it; the reason is printed instead. It is
   * stored as construct metadata (type `cdk-eks-netkit:acknowledgement`), so the cloud assembly records it.
   * @param id the guardrail ID, e.g. `NETKIT-DNS2`
   * @param reason why it is acceptable here
   */
  public static acknowledge(scope: IConstruct, id: string, reason: string): void {
    if (!ALL_GUARDRAILS.some((g) => g.id === id)) {
      throw new NetkitValidationError(
        `acknowledge: '${id}' is not a guardrail ID; IDs are ${ALL_GUARDRAILS.map((g) => g.id).join(', ')}`,
      );
    }
    if (typeof reason !== 'string' || !reason.trim()) {
      throw new NetkitValidationError(`acknowledge ${id}: give the reason it is acceptable here`, scope);
    }
    scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA_TYPE, { id, reason });
  }

  /** Every guardrail: ID, level, what it catches and the fix. */
  public static inventory(): GuardrailInfo[] {
    return ALL_GUARDRAILS.map(({ id, level, what, fix }) => ({ id, level, what, fix }));
  }

  private readonly settings: GuardrailSettings;

  /** The pack as an aspect; {@link NetkitGuardrails.enable} adds it at the read-only priority. */
  public constructor(options: NetkitGuardrailsOptions = {}) {
    validateProps(undefined, 'NetkitGuardrailsOptions', options ?? {});
    requireInteger('ec2ApiBurstSeconds', options.ec2ApiBurstSeconds, 0);
    requireInteger(
      'otherEc2ApiTrafficPercent',
      options.otherEc2ApiTrafficPercent,
      0,
      99,
      "it is the share of EC2's rate limits other callers take, in percent",
    );
    this.settings = {
      ec2ApiBurstSeconds: options.ec2ApiBurstSeconds ?? DEFAULT_EC2_API_BURST_SECONDS,
      otherEc2ApiTrafficPercent: options.otherEc2ApiTrafficPercent ?? 0,
    };
  }

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node)) return;
    const facts = stackFacts(node);
    for (const problem of facts.unreadable) {
      Annotations.of(problem.construct).addWarningV2(
        'NETKIT-FACTS',
        `[NETKIT-FACTS] the guardrails could not read this resource (${problem.message}); it was left out of their checks`,
      );
    }
    for (const guardrail of ALL_GUARDRAILS) {
      for (const finding of isolated(guardrail, facts, this.settings)) {
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

/**
 * A guardrail's findings; a check that meets something it did not expect reports that as its own finding on the
 * stack, naming the check, instead of aborting synth. User errors (a construct's validation) still stop synth.
 */
function isolated(guardrail: Guardrail, facts: StackFacts, settings: GuardrailSettings): Finding[] {
  try {
    return guardrail.check(facts, settings);
  } catch (err) {
    if (isNetkitValidationError(err)) throw err;
    return [
      {
        construct: facts.stack,
        message: `the check could not run on this stack (${(err as Error)?.message ?? String(err)}); its result is unknown`,
      },
    ];
  }
}

function acknowledgedReason(construct: IConstruct, id: string): string | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const entry = scope.node.metadata.find((m) => m.type === ACKNOWLEDGEMENT_METADATA_TYPE && m.data?.id === id);
    if (entry) return entry.data.reason;
  }
  return undefined;
}
