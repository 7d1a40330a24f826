import { InstanceTypeLimits, lookupInstanceType } from '../../capacity/instance-type-limits';
import { MaxPodsResult, calculateMaxPods } from '../../capacity/max-pods';
import { PodNetworking } from '../../capacity/pod-networking';
import { isNetkitValidationError } from '../../private/validation-error';

/** The limits of a type, or undefined for a type the data module does not know (nothing to check against). */
export function knownLimits(instanceType: string): InstanceTypeLimits | undefined {
  try {
    return lookupInstanceType(instanceType);
  } catch (err) {
    if (isNetkitValidationError(err)) return undefined;
    throw err;
  }
}

/** Max pods for a type under a mode, or undefined when the type is unknown or the mode leaves it no ENI. */
export function maxPodsOf(instanceType: string, mode: PodNetworking): MaxPodsResult | undefined {
  try {
    return calculateMaxPods(instanceType, { podNetworking: mode });
  } catch (err) {
    if (isNetkitValidationError(err)) return undefined;
    throw err;
  }
}

/** The same mode without the ENIs custom networking and the trunk reserve. */
export function withoutReservations(mode: PodNetworking): PodNetworking {
  const options = { cniVersion: mode.cniVersion, maxEni: mode.maxEni };
  return mode.prefixDelegationEnabled ? PodNetworking.prefixDelegation(options) : PodNetworking.secondaryIps(options);
}
