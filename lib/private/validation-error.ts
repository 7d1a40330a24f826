import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// aws-cdk-lib marks its errors with these well-known symbols; Errors.isValidationError(x) looks for both.
const CONSTRUCT_ERROR_SYMBOL = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR_SYMBOL = Symbol.for('@aws-cdk/core.ValidationError');

/**
 * A user error found while validating props or CLI input. When given the construct it is about, the message names
 * the construct path and `constructPath` carries it, as aws-cdk-lib's own ValidationError does; aws-cdk-lib's
 * `Errors.isValidationError` recognises it.
 *
 * Not exported from the package (jsii forbids exported Error subclasses); callers and tests match the message.
 */
export class NetkitValidationError extends Error {
  public readonly netkitValidation = true;
  /** The path of the construct the error is about, when known. */
  public readonly constructPath?: string;

  constructor(message: string, scope?: IConstruct) {
    super(scope ? `${scope.node.path}: ${message}` : message);
    this.name = 'ValidationError';
    this.constructPath = scope?.node.path;
    Object.defineProperty(this, CONSTRUCT_ERROR_SYMBOL, { value: true });
    Object.defineProperty(this, VALIDATION_ERROR_SYMBOL, { value: true });
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
  scope?: IConstruct,
): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
    throw new NetkitValidationError(`${prop} (${value}) must be ${range}${fix ? `; ${fix}` : ''}`, scope);
  }
}

/** Require one of an enum's values, naming the prop, echoing the value and listing the allowed ones. */
export function requireOneOf<T extends string>(
  prop: string,
  value: T | undefined,
  allowed: Record<string, T>,
  scope?: IConstruct,
): void {
  if (value === undefined || isUnresolved(value)) return;
  const values = Object.values(allowed);
  if (!values.includes(value)) {
    throw new NetkitValidationError(`${prop} ('${value}') must be one of ${values.join(', ')}`, scope);
  }
}

/** A DNS-1123 label: what Kubernetes accepts for namespaces and most object names. */
export function requireDnsLabel(prop: string, value: string | undefined, scope?: IConstruct): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
    throw new NetkitValidationError(
      `${prop} ('${value}') is not a DNS label: use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
      scope,
    );
  }
}

/** A DNS-1123 subdomain: what Kubernetes accepts for object names such as NodePools and EC2NodeClasses. */
export function requireDnsSubdomain(prop: string, value: string | undefined, scope?: IConstruct): void {
  if (value === undefined || isUnresolved(value)) return;
  const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
  if (value.length > 253 || !new RegExp(`^${label}(\\.${label})*$`).test(value)) {
    throw new NetkitValidationError(
      `${prop} ('${value}') is not a Kubernetes object name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters`,
      scope,
    );
  }
}

/** A non-empty list, naming the prop. */
export function requireNonEmpty(
  prop: string,
  value: readonly unknown[] | undefined,
  fix: string,
  scope?: IConstruct,
): void {
  if (value !== undefined && !isUnresolved(value) && value.length === 0) {
    throw new NetkitValidationError(`${prop} is empty; ${fix}`, scope);
  }
}

/**
 * Run pure validation for a construct: a validation error from the pure layer, which knows no constructs, is raised
 * again with the construct's path.
 */
export function forConstruct<T>(scope: IConstruct, validate: () => T): T {
  try {
    return validate();
  } catch (err) {
    if (isNetkitValidationError(err) && err.constructPath === undefined) {
      throw new NetkitValidationError(err.message, scope);
    }
    throw err;
  }
}
