import {
  MaxPodsExpressionDialect,
  compileMaxPodsExpression,
  evaluateMaxPodsExpression,
} from '../capacity/max-pods-expression';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';
import { SynthWarning } from '../private/warn-at-synth';

/** The kubelet maxPods a node group gets from a nodeadm-dialect expression, and what to warn about. */
export interface MaxPodsFromExpression {
  /** The lowest value across the instance types (a managed node group gives every type one value). */
  readonly maxPods: number;
  readonly warnings: SynthWarning[];
}

/**
 * Evaluate a nodeadm `maxPodsExpression` for each instance type of a node group. A value nodeadm would reject, one
 * above a type's IP capacity, or one that needs a figure the data lacks is an error naming the type; a value below
 * capacity that is the custom-networking figure while custom networking is off is a warning.
 */
export function maxPodsFromExpression(
  expression: string,
  instanceTypes: readonly string[],
  podNetworking: PodNetworking,
): MaxPodsFromExpression {
  const compiled = compileMaxPodsExpression(expression, MaxPodsExpressionDialect.NODEADM);
  const values: number[] = [];
  const oneEniShort: string[] = [];
  for (const instanceType of instanceTypes) {
    const r = evaluateMaxPodsExpression(compiled, instanceType, {
      dialect: MaxPodsExpressionDialect.NODEADM,
      podNetworking,
    });
    const on = `maxPodsExpression '${expression}' on ${instanceType}`;
    if (r.unknown !== undefined) {
      throw new NetkitValidationError(`${on} cannot be evaluated: ${r.unknown}; write the figure into the expression`);
    }
    if (r.value === undefined) {
      throw new NetkitValidationError(
        `${on} fails (${r.failure}); nodeadm would silently use its default instead: fix the expression for this type`,
      );
    }
    if (r.value > r.libraryEniLimit) {
      throw new NetkitValidationError(
        `${on} gives ${r.value}, above the ENI capacity of ${instanceType} with ${podNetworking.describe()} ` +
          `(${r.libraryEniLimit}); lower the expression or enable prefix delegation`,
      );
    }
    if (r.warnings.some((w) => w.includes('custom-networking figure'))) {
      oneEniShort.push(`${instanceType} (${r.value} of ${r.libraryEniLimit})`);
    }
    values.push(r.value);
  }
  const warnings: SynthWarning[] =
    oneEniShort.length > 0
      ? [
          {
            id: 'cdk-eks-netkit:maxPodsExpressionOneEniShort',
            message:
              `maxPodsExpression '${expression}' gives the custom-networking figure (one ENI fewer) on ${oneEniShort.join(', ')}, ` +
              `but the pod networking is ${podNetworking.describe()}: those pods' IPs go unused; ` +
              "use 'max_pods' or '(default_enis * (ips_per_eni - 1)) + 2', or declare custom networking",
          },
        ]
      : [];
  return { maxPods: Math.min(...values), warnings };
}
