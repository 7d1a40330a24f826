import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  Check,
  Problem,
  checkDnsLabel,
  checkEnum,
  checkKubernetesName,
  checkNumber,
  problemMessage,
  shortenText,
} from './validators';

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
    message = shortenMessage(message);
    // The app's own path is empty: its messages name it in words instead.
    const where = scope?.node.path;
    const text = where && !message.startsWith(`${where}: `) ? `${where}: ${message}` : message;
    super(text);
    this.name = 'ValidationError';
    this.constructPath = scope?.node.path;
    Object.defineProperty(this, CONSTRUCT_ERROR_SYMBOL, { value: true });
    Object.defineProperty(this, VALIDATION_ERROR_SYMBOL, { value: true });
    // aws-cdk-lib prefixes an error thrown while resolving a token with "Resolution error: " once per nesting level,
    // by assigning `message`; the user's message stays as it was written.
    let kept = text;
    Object.defineProperty(this, 'message', {
      get: () => kept,
      set: (next: string) => {
        if (!/^(Resolution error: )+/.test(next)) kept = next;
      },
      enumerable: false,
      configurable: true,
    });
    // The stack shows where the user's code created the construct, not the library's own (unshipped) frames.
    const frames = (this.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line) && !isLibraryFrame(line));
    Object.defineProperty(this, 'stack', {
      get: () => [`${this.name}: ${kept}`, ...frames].join('\n'),
      set: () => undefined,
      enumerable: false,
      configurable: true,
    });
  }
}

/** The longest message kept whole; past it, the message is cut (a list of every prop still fits). */
const MAX_MESSAGE = 4000;

/**
 * A message that echoes a huge value (a 100k-character expression) stays readable: each long run of characters is
 * cut to its start and length, and the whole message to {@link MAX_MESSAGE}.
 */
export function shortenMessage(message: string): string {
  const runs = message.replace(/\S{121,}/g, (run) => shortenText(run));
  return runs.length > MAX_MESSAGE ? shortenText(runs, MAX_MESSAGE - 40) : runs;
}

/** The library's own directory (this file lives in `lib/private`). */
const LIBRARY_DIR = path.resolve(__dirname, '..');

function isLibraryFrame(line: string): boolean {
  return line.includes(LIBRARY_DIR + path.sep);
}

/** Raise the first problem found, with the construct path when given. */
export function raise(scope: IConstruct | undefined, ...checks: Check[]): void {
  const found = checks.find((c): c is Problem => c !== undefined);
  if (found) throw new NetkitValidationError(problemMessage(found), scope);
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
  raise(scope, checkNumber(prop, value, { min, max: max === Number.MAX_SAFE_INTEGER ? undefined : max, fix }));
}

/** Require one of an enum's values, naming the prop, echoing the value and listing the allowed ones. */
export function requireOneOf<T extends string>(
  prop: string,
  value: T | undefined,
  allowed: Record<string, T>,
  scope?: IConstruct,
  enumName?: string,
): void {
  raise(scope, checkEnum(prop, value, allowed, enumName));
}

/** A DNS-1123 label: what Kubernetes accepts for namespaces and most object names. */
export function requireDnsLabel(prop: string, value: string | undefined, scope?: IConstruct): void {
  raise(scope, checkDnsLabel(prop, value));
}

/** A DNS-1123 subdomain: what Kubernetes accepts for object names such as NodePools and EC2NodeClasses. */
export function requireDnsSubdomain(prop: string, value: string | undefined, scope?: IConstruct): void {
  raise(scope, checkKubernetesName(prop, value));
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

/**
 * Options that another prop makes meaningless: set together, one would be ignored without a word, so it is an error
 * naming both. `given` lists [prop, value]; `because` says why they do nothing (undefined: they apply).
 */
export function requireNotIgnored(
  given: ReadonlyArray<readonly [string, unknown]>,
  because: string | undefined,
  scope?: IConstruct,
  fix?: string,
): void {
  if (because === undefined) return;
  const set = given.filter(([, value]) => value !== undefined).map(([prop]) => prop);
  if (set.length === 0) return;
  const them = set.join(' and ');
  throw new NetkitValidationError(
    `${them} ${set.length === 1 ? 'is' : 'are'} set, but ${because}, so ${set.length === 1 ? 'it' : 'they'} would ` +
      `be ignored; ${fix ?? `drop ${them}`}`,
    scope,
  );
}
