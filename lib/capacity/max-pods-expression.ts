import {
  CelCompileError,
  CelEnvironment,
  CelEvalError,
  CelFunction,
  CelNode,
  CelType,
  CelValue,
  celTypeOf,
  celVariables,
  checkCel,
  evaluateCel,
  parseCel,
  toInt,
} from './cel-expression';
import { InstanceTypeLimits, knownInstanceTypes, lookupInstanceType } from './instance-type-limits';
import { HOST_NETWORK_PODS, calculateMaxPods } from './max-pods';
import { PodNetworking } from './pod-networking';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, isNetkitValidationError, requireInteger } from '../private/validation-error';
import { describeValue, isToken } from '../private/validators';

/** The largest kubelet maxPods either tool accepts (int32). */
const MAX_INT32 = 2 ** 31 - 1;

/**
 * The tool that evaluates a max-pods expression. The two speak different CEL dialects: different variables and
 * functions, and a different answer to an expression that fails.
 */
export enum MaxPodsExpressionDialect {
  /**
   * nodeadm's `spec.kubelet.maxPodsExpression` (AL2023). Variables `default_enis`, `ips_per_eni`, `max_pods` (the
   * ENI formula), `vcpus`, `physical_memory_mib`; no `min`/`max`. An expression that fails makes nodeadm log a
   * warning and use the ENI formula.
   * @see https://awslabs.github.io/amazon-eks-ami/nodeadm/
   */
  NODEADM = 'nodeadm',
  /**
   * Karpenter's EC2NodeClass `spec.kubelet.maxPods` as a string (Karpenter 1.15, `NodeClassCEL` feature gate).
   * Variables `instance_type`, `vcpus`, `memory_mib`, `default_enis`, `ips_per_eni`, `max_pods` (Karpenter's
   * ENI-limited pods after `RESERVED_ENIS`), plus two-argument `min` and `max`. An expression that fails marks the
   * NodeClass not ready, and no nodes launch.
   * @see https://karpenter.sh/docs/concepts/nodeclasses/
   */
  KARPENTER = 'karpenter',
}

/** The variables of each dialect, with their CEL types: the names the checker accepts. */
export const MAX_PODS_EXPRESSION_VARIABLES: Readonly<
  Record<MaxPodsExpressionDialect, Readonly<Record<string, CelType>>>
> = {
  [MaxPodsExpressionDialect.NODEADM]: {
    default_enis: 'int',
    ips_per_eni: 'int',
    max_pods: 'int',
    vcpus: 'int',
    physical_memory_mib: 'int',
  },
  [MaxPodsExpressionDialect.KARPENTER]: {
    instance_type: 'string',
    vcpus: 'int',
    memory_mib: 'int',
    default_enis: 'int',
    ips_per_eni: 'int',
    max_pods: 'int',
  },
};

/** The same quantity under the other dialect's name, for a hint when a user mixes them up. */
const OTHER_NAME: Readonly<Record<string, string>> = {
  memory_mib: 'physical_memory_mib',
  physical_memory_mib: 'memory_mib',
};

/** Karpenter's `min` and `max`: two arguments, int or double; the result is double when either argument is. */
function twoArgument(pick: (a: number, b: number) => boolean): CelFunction {
  return {
    resultType: (args) =>
      args.length === 2 && args.every((t) => t === 'int' || t === 'double')
        ? args.includes('double')
          ? 'double'
          : 'int'
        : undefined,
    call: ([a, b]) => {
      if (typeof a === 'bigint' && typeof b === 'bigint') return pick(Number(a), Number(b)) ? a : b;
      const x = Number(a);
      const y = Number(b);
      return pick(x, y) ? x : y;
    },
  };
}

function environmentOf(dialect: MaxPodsExpressionDialect): CelEnvironment {
  return {
    variables: MAX_PODS_EXPRESSION_VARIABLES[dialect],
    functions:
      dialect === MaxPodsExpressionDialect.KARPENTER
        ? { min: twoArgument((a, b) => a < b), max: twoArgument((a, b) => a > b) }
        : {},
  };
}

/** What happens on a node when an expression does not compile or fails, by dialect. */
function consequence(dialect: MaxPodsExpressionDialect): string {
  return dialect === MaxPodsExpressionDialect.NODEADM
    ? 'nodeadm would log a warning and use its default (the ENI formula)'
    : 'Karpenter would mark the EC2NodeClass not ready (ValidationSucceeded=False) and launch no nodes';
}

/** A compiled expression: its syntax tree, dialect and variables. @internal */
export interface CompiledMaxPodsExpression {
  readonly expression: string;
  readonly dialect: MaxPodsExpressionDialect;
  readonly node: CelNode;
  readonly resultType: CelType;
  readonly variables: readonly string[];
}

/**
 * Parse and type-check an expression in a dialect. Throws a validation error naming `prop`, the expression, what is
 * wrong (a variable the dialect lacks, a function it lacks, mixed int and double, a result that is not a number)
 * and what the tool would do with it.
 * @internal
 */
export function compileMaxPodsExpression(
  expression: string,
  dialect: MaxPodsExpressionDialect,
  prop = 'maxPodsExpression',
): CompiledMaxPodsExpression {
  if (!Object.values(MaxPodsExpressionDialect).includes(dialect)) {
    throw new NetkitValidationError(
      `dialect ${describeValue(dialect)} is not a max-pods expression dialect; use one of ${Object.values(MaxPodsExpressionDialect).join(', ')}`,
    );
  }
  // The expression is compiled and evaluated here, at synth: a token's text is no expression yet.
  if (isToken(expression)) {
    throw new NetkitValidationError(
      `${prop} is a deploy-time token, but the library compiles and checks the expression at synth; give its text, e.g. 'min(110, max_pods)'`,
    );
  }
  if (typeof expression !== 'string') {
    throw new NetkitValidationError(
      `${prop} (${describeValue(expression)}) is not text; give the CEL expression as a string, e.g. '110' or 'min(110, max_pods)'`,
    );
  }
  if (expression.trim() === '') {
    throw new NetkitValidationError(`${prop} is empty; give a CEL expression such as 'min(110, max_pods)'`);
  }
  // The parser recurses per nesting level: bound what it is given (a real max-pods formula is one line).
  const depth = nestingDepth(expression);
  if (expression.length > MAX_EXPRESSION_LENGTH || depth > MAX_EXPRESSION_DEPTH) {
    throw new NetkitValidationError(
      `${prop} is ${expression.length} characters with ${depth} nested parentheses; a max-pods expression is at most ` +
        `${MAX_EXPRESSION_LENGTH} characters and ${MAX_EXPRESSION_DEPTH} levels deep, e.g. 'min(110, max_pods)'`,
    );
  }
  const env = environmentOf(dialect);
  const fail = (why: string): never => {
    throw new NetkitValidationError(`${prop} '${expression}' ${why}; ${consequence(dialect)}`);
  };
  let node: CelNode;
  let resultType: CelType;
  try {
    node = parseCel(expression);
    resultType = checkCel(node, env);
  } catch (err) {
    if (!(err instanceof CelCompileError)) throw err;
    const known = Object.keys(env.variables).join(', ');
    if (err.kind === 'undeclared-variable') {
      const other = dialectsWithVariable(err.symbol!).filter((d) => d !== dialect);
      const alias = OTHER_NAME[err.symbol!];
      const hint =
        alias && alias in env.variables
          ? `; ${dialect} calls it ${alias}`
          : other.length > 0
            ? `; only ${other.join(' and ')} has it`
            : '';
      return fail(`uses '${err.symbol}', which the ${dialect} dialect does not have (it has ${known})${hint}`);
    }
    if (err.kind === 'undeclared-function') {
      const hint =
        dialect === MaxPodsExpressionDialect.NODEADM && (err.symbol === 'min' || err.symbol === 'max')
          ? `; nodeadm has no ${err.symbol}(): write 'a < b ? a : b' instead`
          : '';
      return fail(`calls '${err.symbol}()', which the ${dialect} dialect does not have${hint}`);
    }
    if (err.kind === 'unsupported') {
      throw new NetkitValidationError(
        `${prop} '${expression}' uses a CEL feature this checker does not evaluate (${err.message}); ` +
          'max-pods expressions need only numbers, variables, arithmetic, comparisons and ?:',
      );
    }
    const mixed = /\((int, double|double, int)/.test(err.message)
      ? ' (CEL never mixes int and double: write 2.0, or int(x))'
      : '';
    return fail(`does not compile at character ${err.at + 1}: ${err.message}${mixed}`);
  }
  if (resultType === 'bool' || (dialect === MaxPodsExpressionDialect.KARPENTER && resultType === 'string')) {
    fail(`returns a ${resultType}, not a number`);
  }
  return { expression, dialect, node, resultType, variables: celVariables(node) };
}

/** The options of evaluate and evaluateAll: required, and named `options.x` prop by prop. */
function checkExpressionOptions(options: MaxPodsExpressionOptions | undefined): void {
  if (options === undefined || options === null) {
    throw new NetkitValidationError(
      `options (${describeValue(options)}) is missing; pass MaxPodsExpressionOptions ({ dialect, podNetworking })`,
    );
  }
  validateProps(undefined, 'MaxPodsExpressionOptions', options, 'options.');
}

const MAX_EXPRESSION_LENGTH = 1000;
const MAX_EXPRESSION_DEPTH = 32;

/** How deeply brackets nest in an expression. */
function nestingDepth(expression: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of expression) {
    if (c === '(' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === ']') depth--;
  }
  return deepest;
}

function dialectsWithVariable(name: string): MaxPodsExpressionDialect[] {
  return Object.values(MaxPodsExpressionDialect).filter((d) => name in MAX_PODS_EXPRESSION_VARIABLES[d]);
}

/**
 * Options for evaluating a max-pods expression over the library's instance-type data.
 */
export interface MaxPodsExpressionOptions {
  /**
   * The tool that evaluates the expression.
   */
  readonly dialect: MaxPodsExpressionDialect;

  /**
   * How pods get IPs on these nodes: the library's exact figure, which the expression's value is compared with, is
   * the ENI limit for this mode.
   * @default PodNetworking.secondaryIps()
   */
  readonly podNetworking?: PodNetworking;

  /**
   * Karpenter's `RESERVED_ENIS`, which its `max_pods` variable subtracts (Karpenter dialect only).
   * @default 0
   */
  readonly reservedEnis?: number;

  /**
   * Physical memory in MiB, for expressions that read `memory_mib` / `physical_memory_mib`: the library's
   * instance-type data has no memory sizes.
   * @default - unknown: an expression that reads memory has no value
   */
  readonly memoryMib?: number;
}

/**
 * A max-pods expression evaluated for one instance type, next to the library's exact figure.
 */
export interface MaxPodsExpressionResult {
  /** The instance type. */
  readonly instanceType: string;
  /**
   * What the expression evaluates to, as the tool reads it (doubles truncated toward zero).
   * @default - no value: the evaluation failed or needs a figure the data lacks (see `failure`, `unknown`)
   */
  readonly value?: number;
  /**
   * Why the tool would reject the value on this type (an error, zero or less, above 2^31 − 1).
   * @default - no failure
   */
  readonly failure?: string;
  /**
   * The inputs the data lacks for this type, when the expression needs them.
   * @default - nothing missing
   */
  readonly unknown?: string;
  /**
   * kubelet maxPods the node gets: the value; on a nodeadm failure, nodeadm's ENI-formula default.
   * @default - none: Karpenter launches no node for a failing expression, and an unknown input gives no answer
   */
  readonly effectiveMaxPods?: number;
  /** The library's exact figure: the ENI limit of the type for the pod-networking mode (0 when no ENI is left). */
  readonly libraryEniLimit: number;
  /** The expression's variables for this type, as the tool would bind them (unknown ones left out). */
  readonly variables: Record<string, string>;
  /** Where the effective value and the library's figure disagree, and why it matters. */
  readonly warnings: string[];
}

/**
 * Max-pods expressions (nodeadm's `maxPodsExpression`, Karpenter's CEL `maxPods`) checked and evaluated offline over
 * the library's instance-type data.
 */
export class MaxPodsExpression {
  /**
   * Check that an expression compiles in a dialect: its variables and functions exist there and it yields a number.
   * Throws an error naming the variable the dialect lacks. Returns the variables the expression reads.
   */
  public static check(expression: string, dialect: MaxPodsExpressionDialect): string[] {
    return [...compileMaxPodsExpression(expression, dialect, 'expression').variables];
  }

  /** Evaluate an expression for one instance type. */
  public static evaluate(
    expression: string,
    instanceType: string,
    options: MaxPodsExpressionOptions,
  ): MaxPodsExpressionResult {
    checkExpressionOptions(options);
    return evaluateMaxPodsExpression(
      compileMaxPodsExpression(expression, options.dialect, 'expression'),
      instanceType,
      options,
    );
  }

  /** Evaluate an expression for every known instance type. */
  public static evaluateAll(expression: string, options: MaxPodsExpressionOptions): MaxPodsExpressionResult[] {
    checkExpressionOptions(options);
    const compiled = compileMaxPodsExpression(expression, options.dialect, 'expression');
    return knownInstanceTypes().map((t) => evaluateMaxPodsExpression(compiled, t, options));
  }

  private constructor() {}
}

/** Karpenter's ENI-limited pods: (default-card ENIs − RESERVED_ENIS, at least 0) × (IPs − 1) + 2, or 0 with no ENI. */
export function karpenterEniLimitedPods(limits: InstanceTypeLimits, reservedEnis = 0): number {
  const usable = Math.max(limits.defaultCardEnis - reservedEnis, 0);
  return usable === 0 ? 0 : usable * (limits.ipv4PerEni - 1) + HOST_NETWORK_PODS;
}

/** nodeadm's default: default-card ENIs × (IPs − 1) + 2. */
export function nodeadmDefaultMaxPods(limits: InstanceTypeLimits): number {
  return limits.defaultCardEnis * (limits.ipv4PerEni - 1) + HOST_NETWORK_PODS;
}

/** The library's ENI limit for a type and mode; 0 where the mode leaves the type no ENI for pods. */
function libraryEniLimit(instanceType: string, podNetworking: PodNetworking): number {
  try {
    return calculateMaxPods(instanceType, { podNetworking }).eniLimit;
  } catch (err) {
    if (isNetkitValidationError(err)) return 0;
    throw err;
  }
}

/** Evaluate a compiled expression for one type. @internal */
export function evaluateMaxPodsExpression(
  compiled: CompiledMaxPodsExpression,
  instanceType: string,
  options: MaxPodsExpressionOptions,
): MaxPodsExpressionResult {
  requireInteger('reservedEnis', options.reservedEnis, 0);
  requireInteger('memoryMib', options.memoryMib, 1);
  if (options.reservedEnis !== undefined && compiled.dialect !== MaxPodsExpressionDialect.KARPENTER) {
    throw new NetkitValidationError(
      `reservedEnis (${options.reservedEnis}) is Karpenter's RESERVED_ENIS; nodeadm's max_pods does not subtract it: leave reservedEnis unset for the nodeadm dialect`,
    );
  }
  const limits = lookupInstanceType(instanceType);
  const mode = options.podNetworking ?? PodNetworking.secondaryIps();
  const karpenter = compiled.dialect === MaxPodsExpressionDialect.KARPENTER;
  const fallback = nodeadmDefaultMaxPods(limits);
  const all: Record<string, CelValue | undefined> = {
    instance_type: instanceType,
    default_enis: BigInt(limits.defaultCardEnis),
    ips_per_eni: BigInt(limits.ipv4PerEni),
    max_pods: BigInt(karpenter ? karpenterEniLimitedPods(limits, options.reservedEnis) : fallback),
    vcpus: limits.vcpus === undefined ? undefined : BigInt(limits.vcpus),
    memory_mib: options.memoryMib === undefined ? undefined : BigInt(options.memoryMib),
    physical_memory_mib: options.memoryMib === undefined ? undefined : BigInt(options.memoryMib),
  };
  const eniLimit = libraryEniLimit(instanceType, mode);
  const values: Record<string, CelValue> = {};
  const shown: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of compiled.variables) {
    const v = all[name];
    if (v === undefined) {
      missing.push(name);
    } else {
      values[name] = v;
      shown[name] = String(v);
    }
  }
  const base = { instanceType, libraryEniLimit: eniLimit, variables: shown };
  if (missing.length > 0) {
    return {
      ...base,
      unknown: `${missing.join(' and ')} of ${instanceType} ${missing.length > 1 ? 'are' : 'is'} not in the library's instance-type data`,
      warnings: [],
    };
  }

  let value: number | undefined;
  let failure: string | undefined;
  try {
    value = toMaxPods(evaluateCel(compiled.node, environmentOf(compiled.dialect), values), karpenter);
  } catch (err) {
    if (!(err instanceof CelEvalError)) throw err;
    failure = err.message;
  }
  const effectiveMaxPods = failure === undefined ? value : karpenter ? undefined : fallback;
  const warnings: string[] = [];
  if (failure !== undefined) {
    warnings.push(`the expression fails on ${instanceType} (${failure}): ${consequence(compiled.dialect)}`);
  }
  if (effectiveMaxPods !== undefined && effectiveMaxPods !== eniLimit) {
    warnings.push(differenceWarning(instanceType, effectiveMaxPods, eniLimit, mode));
  }
  return { ...base, value, failure, effectiveMaxPods, warnings };
}

/** The value as the tool reads it; throws CelEvalError for one it rejects. */
function toMaxPods(result: CelValue, karpenter: boolean): number {
  if (typeof result === 'number' && !Number.isFinite(result)) {
    throw new CelEvalError(`the result ${result} is not a finite number`);
  }
  // nodeadm converts the result to an int (strings parse, bools fail); Karpenter truncates a double.
  const int = karpenter ? BigInt(Math.trunc(Number(result))) : toInt(result);
  const min = karpenter ? 0n : 1n;
  if (int < min || int > BigInt(MAX_INT32)) {
    throw new CelEvalError(
      `the result ${int} is outside ${karpenter ? '0' : '1'}..${MAX_INT32}` +
        (celTypeOf(result) === 'double' ? ' (after truncation)' : ''),
    );
  }
  return Number(int);
}

function differenceWarning(instanceType: string, value: number, eniLimit: number, mode: PodNetworking): string {
  if (value > eniLimit) {
    return (
      `${instanceType}: the expression gives ${value} pods but the node has IPs for ${eniLimit} with ${mode.describe()}; ` +
      `${value - eniLimit} pods would be scheduled there and stay ContainerCreating`
    );
  }
  const withCustomNetworking =
    mode.customNetworking || mode.autoModeEnabled ? undefined : customNetworkingLimit(instanceType, mode);
  const why =
    withCustomNetworking === value
      ? ': that is the custom-networking figure (one ENI fewer), but custom networking is off'
      : '';
  return (
    `${instanceType}: the expression gives ${value} pods, ${eniLimit - value} below the ${eniLimit} the node has IPs for ` +
    `with ${mode.describe()}${why}`
  );
}

function customNetworkingLimit(instanceType: string, mode: PodNetworking): number | undefined {
  const withCustom = mode.prefixDelegationEnabled
    ? PodNetworking.prefixDelegation({ ...modeOptions(mode), customNetworking: true })
    : PodNetworking.secondaryIps({ ...modeOptions(mode), customNetworking: true });
  const limit = libraryEniLimit(instanceType, withCustom);
  return limit === 0 ? undefined : limit;
}

function modeOptions(mode: PodNetworking) {
  return {
    securityGroupsForPods: mode.securityGroupsForPods,
    cniVersion: mode.cniVersion,
    maxEni: mode.maxEni,
  };
}

/** The kubelet reservation keys Karpenter evaluates expressions for, with the unit and rounding of each. */
const RESERVED_UNITS: Readonly<Record<string, { readonly suffix: string; readonly roundTo: number }>> = {
  cpu: { suffix: 'm', roundTo: 10 },
  memory: { suffix: 'Mi', roundTo: 16 },
  'ephemeral-storage': { suffix: 'Gi', roundTo: 1 },
  pid: { suffix: '', roundTo: 1 },
};

/**
 * A Karpenter `kubeReserved` / `systemReserved` expression for one instance type, as Karpenter writes it: cpu in
 * millicores rounded up to 10m, memory in MiB rounded up to 16Mi, ephemeral-storage in Gi, pid bare. `max_pods` is
 * the node's resolved max pods. Returns undefined where Karpenter would drop the entry (it fails or is negative).
 * @internal
 */
export function evaluateKarpenterReservedExpression(
  expression: string,
  resource: string,
  instanceType: string,
  inputs: { readonly maxPods: number; readonly memoryMib?: number },
): string | undefined {
  const unit = RESERVED_UNITS[resource];
  if (!unit) {
    throw new NetkitValidationError(
      `resource '${resource}' has no expression unit in Karpenter; use one of ${Object.keys(RESERVED_UNITS).join(', ')}`,
    );
  }
  const compiled = compileMaxPodsExpression(expression, MaxPodsExpressionDialect.KARPENTER, `${resource} expression`);
  const limits = lookupInstanceType(instanceType);
  const all: Record<string, CelValue | undefined> = {
    instance_type: instanceType,
    default_enis: BigInt(limits.defaultCardEnis),
    ips_per_eni: BigInt(limits.ipv4PerEni),
    max_pods: BigInt(inputs.maxPods),
    vcpus: limits.vcpus === undefined ? undefined : BigInt(limits.vcpus),
    memory_mib: inputs.memoryMib === undefined ? undefined : BigInt(inputs.memoryMib),
  };
  const values: Record<string, CelValue> = {};
  for (const name of compiled.variables) {
    const v = all[name];
    if (v === undefined) {
      throw new NetkitValidationError(`${name} of ${instanceType} is not in the library's instance-type data; give it`);
    }
    values[name] = v;
  }
  let result: number;
  try {
    const raw = evaluateCel(compiled.node, environmentOf(MaxPodsExpressionDialect.KARPENTER), values);
    if (typeof raw === 'number' && !Number.isFinite(raw)) return undefined;
    result = Math.trunc(Number(raw));
  } catch (err) {
    if (err instanceof CelEvalError) return undefined;
    throw err;
  }
  if (result < 0) return undefined;
  const rounded = result % unit.roundTo === 0 ? result : (Math.floor(result / unit.roundTo) + 1) * unit.roundTo;
  return `${rounded}${unit.suffix}`;
}
