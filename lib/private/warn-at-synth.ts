import { Annotations, Aspects, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A warning: its ID (to acknowledge it with) and its message. */
export interface SynthWarning {
  readonly id: string;
  readonly message: string;
}

/**
 * Add a construct's warnings when aspects run at synth, once every construct of the app exists, so a warning that
 * depends on the cluster's networking does not depend on the order constructs were created in.
 */
export function warnAtSynth(target: IConstruct, warnings: () => SynthWarning[]): void {
  Aspects.of(target).add(new WarnAtSynth(target, warnings));
}

/** Adds a construct's warnings when aspects run at synth, once every construct of the app exists. */
class WarnAtSynth implements IAspect {
  private done = false;
  constructor(
    private readonly target: IConstruct,
    private readonly warnings: () => SynthWarning[],
  ) {}

  public visit(node: IConstruct): void {
    if (node !== this.target || this.done) return;
    this.done = true;
    for (const w of this.warnings()) Annotations.of(this.target).addWarningV2(w.id, w.message);
  }
}
