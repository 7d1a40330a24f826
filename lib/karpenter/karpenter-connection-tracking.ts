import { Duration } from 'aws-cdk-lib';
import { NetkitValidationError, isUnresolved } from '../private/validation-error';

/**
 * EC2 connection-tracking idle timeouts for the ENIs Karpenter launches (`EC2NodeClass.spec.connectionTracking`).
 * Shorter timeouts free conntrack entries sooner, a lever on the per-ENI conntrack allowance (`conntrack_allowance_exceeded`).
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html#connection-tracking-timeouts
 */
export interface KarpenterConnectionTracking {
  /**
   * Idle timeout of established TCP connections, 60 seconds to 5 days.
   * @default - EC2's: 350 seconds on Nitro v6 types, 5 days on others
   */
  readonly tcpEstablishedTimeout?: Duration;
  /**
   * Idle timeout of UDP flows that saw more than one request-response, 60 to 180 seconds.
   * @default - EC2's: 180 seconds
   */
  readonly udpStreamTimeout?: Duration;
  /**
   * Idle timeout of UDP flows in one direction or of a single request-response, 30 to 60 seconds.
   * @default - EC2's: 30 seconds
   */
  readonly udpTimeout?: Duration;
}

/** The field ranges of the EC2NodeClass CRD (karpenter-provider-aws v1.13.0 and later), in seconds. */
const RANGES: Record<keyof KarpenterConnectionTracking, [number, number]> = {
  tcpEstablishedTimeout: [60, 432_000],
  udpStreamTimeout: [60, 180],
  udpTimeout: [30, 60],
};

/** `spec.connectionTracking` in seconds, checked against the CRD's ranges; at least one timeout. */
export function renderConnectionTracking(tracking: KarpenterConnectionTracking): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, [min, max]] of Object.entries(RANGES) as Array<
    [keyof KarpenterConnectionTracking, [number, number]]
  >) {
    const value = tracking[key];
    if (value === undefined) continue;
    const seconds = value.toSeconds();
    if (!isUnresolved(seconds) && (!Number.isInteger(seconds) || seconds < min || seconds > max)) {
      throw new NetkitValidationError(
        `connectionTracking.${key} (${value.toHumanString()}) must be whole seconds from ${min} to ${max}`,
      );
    }
    out[key] = seconds;
  }
  if (Object.keys(out).length === 0) {
    throw new NetkitValidationError(
      'connectionTracking sets no timeout; give tcpEstablishedTimeout, udpStreamTimeout or udpTimeout, or leave connectionTracking unset',
    );
  }
  return out;
}
