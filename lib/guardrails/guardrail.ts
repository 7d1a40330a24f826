import { IConstruct } from 'constructs';
import { StackFacts } from './stack-facts';

/** How a guardrail finding is reported. */
export enum GuardrailLevel {
  /** Fails `cdk synth` unless acknowledged. */
  ERROR = 'error',
  /** Printed at synth; `cdk synth --strict` fails on it. */
  WARNING = 'warning',
}

/** One finding: the construct it is about, and a message that names the value and the fix. */
export interface Finding {
  readonly construct: IConstruct;
  readonly message: string;
  /** The check could not run here for want of a fact: reported as NETKIT-FACTS, not at the check's level. */
  readonly uncheckable?: boolean;
}

/** One guardrail: a stable ID, a level, and a read-only check over what a stack holds. */
export interface Guardrail {
  readonly id: string;
  readonly level: GuardrailLevel;
  /** What it catches, for the README table. */
  readonly what: string;
  /** How to fix it, for the README table. */
  readonly fix: string;
  check(facts: StackFacts, settings: GuardrailSettings): Finding[];
}

/** The pack's settings, with their defaults applied, for the checks that have a threshold. */
export interface GuardrailSettings {
  /** Seconds of EC2 API throttling a node group's scale-up may need (NETKIT-API1). */
  readonly ec2ApiBurstSeconds: number;
  /** The share (%) of EC2's API rate limits other callers in the account and Region take. */
  readonly otherEc2ApiTrafficPercent: number;
}
