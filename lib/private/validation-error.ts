import { Token } from 'aws-cdk-lib';

/**
 * A user error found while validating props or CLI input.
 *
 * Not exported from the package (jsii forbids exported Error subclasses); callers and tests match the message.
 */
export class NetkitValidationError extends Error {
  public readonly netkitValidation = true;

  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** True for errors this library raised on purpose: their message is for the user, their stack is not. */
export function isNetkitValidationError(err: unknown): err is NetkitValidationError {
  return err instanceof Error && (err as Partial<NetkitValidationError>).netkitValidation === true;
}

/** True when `value` is a CDK token that only resolves at deploy time: checks skip it. */
export function isUnresolved(value: unknown): boolean {
  return value !== undefined && Token.isUnresolved(value);
}

/**
 * Require a whole number within bounds, naming the prop, echoing the value, and stating the allowed range.
 * Unresolved tokens pass unchecked.
 */
export function requireInteger(
  prop: string,
  value: number | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  fix?: string,
): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
    throw new NetkitValidationError(`${prop} (${value}) must be ${range}${fix ? `; ${fix}` : ''}`);
  }
}
