import { IConstruct } from 'constructs';
import { checkKarpenterRelease, parseKarpenterRelease } from '../karpenter/karpenter-version';
import { forConstruct, requireInteger } from '../private/validation-error';

/**
 * The Karpenter controller of a cluster, as far as its node classes need to know it: given by the library's
 * `KarpenterController`, or declared for a Karpenter installed some other way.
 */
export interface KarpenterFacts {
  /**
   * The Karpenter release, `X.Y.Z`. Node classes read it: from 1.15 on AL2023 they put kubelet tuning in
   * `spec.kubelet`, from 1.13 they may set `connectionTracking`.
   */
  readonly version: string;
  /**
   * The controller's `settings.reservedENIs` (`RESERVED_ENIS`). Every node class's pod-networking mode must need
   * exactly this reservation.
   */
  readonly reservedEnis: number;
  /**
   * Whether the controller runs with the alpha `NodeClassCEL` feature gate (`settings.awsFeatureGates.nodeClassCEL`).
   * @default false
   */
  readonly nodeClassCel?: boolean;
}

/** Validate declared Karpenter facts, naming each prop, with the checks KarpenterController gives its props. */
export function checkKarpenterFacts(facts: KarpenterFacts, scope: IConstruct): void {
  forConstruct(scope, () => {
    parseKarpenterRelease(facts.version, 'karpenter.version');
    requireInteger(
      'karpenter.reservedEnis',
      facts.reservedEnis,
      0,
      undefined,
      "give the controller's settings.reservedENIs",
    );
  });
  checkKarpenterRelease(scope, facts.version, facts.nodeClassCel ?? false, 'karpenter.');
}

/** Karpenter facts in a message. */
export function showKarpenterFacts(facts: KarpenterFacts): string {
  return `Karpenter ${facts.version} with reservedENIs ${facts.reservedEnis}${facts.nodeClassCel ? ' and NodeClassCEL on' : ''}`;
}
