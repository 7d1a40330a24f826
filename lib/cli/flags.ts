import { parseArgs } from 'node:util';
import { checkSubnetCidrs } from '../capacity/subnet-cidrs';
import { NetkitValidationError } from '../private/validation-error';

/** What a flag's value is, and so how it is parsed and checked. */
export type FlagKind = 'boolean' | 'string' | 'integer' | 'cidr';

/**
 * One command-line flag: each command keeps its flags in one table of these, from which its parser, its checks and
 * its `--help` lines are all derived. Adding a flag is adding a row.
 */
export interface FlagSpec {
  /** The flag without its dashes: `reserved-enis`. */
  readonly name: string;
  readonly kind: FlagKind;
  /** One line for `--help`. */
  readonly description: string;
  /** The value's placeholder in `--help`, e.g. `N` or `CIDR` (not for booleans). */
  readonly placeholder?: string;
  /** The flag may be repeated; its values are collected in order. */
  readonly multiple?: boolean;
  /** The smallest whole number accepted (integers only). */
  readonly min?: number;
  /** The only values accepted (strings only). */
  readonly choices?: readonly string[];
  /**
   * The library prop this flag's value is passed to, so that a library error about the prop names the flag the
   * user typed instead.
   */
  readonly prop?: string;
}

/** The parsed command line of one command, read through the flag names of its table. */
export interface ParsedFlags {
  readonly positionals: readonly string[];
  /** Whether the flag was on the command line at all. */
  given(name: string): boolean;
  boolean(name: string): boolean;
  string(name: string): string | undefined;
  strings(name: string): string[];
  integer(name: string): number | undefined;
}

/** The flags every command has. */
const COMMON_FLAGS: readonly FlagSpec[] = [{ name: 'help', kind: 'boolean', description: 'print this help and exit' }];

/**
 * Parse `argv` against a command's flag table. Every error names the flag as typed, echoes the value and points at
 * `--help`; values come back checked (whole numbers within bounds, CIDRs without host bits, no empty strings).
 */
export function parseFlags(command: string, table: readonly FlagSpec[], argv: readonly string[]): ParsedFlags {
  const flags = [...table, ...COMMON_FLAGS];
  const options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean }> = {};
  for (const flag of flags) {
    options[flag.name] = { type: flag.kind === 'boolean' ? 'boolean' : 'string', multiple: flag.multiple === true };
  }
  const seeHelp = `see cdk-eks-netkit ${command} --help`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinDashValues(argv, flags),
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (err) {
    throw new NetkitValidationError(`${describeParseError(err as Error & { code?: string })}; ${seeHelp}`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const byName = new Map(flags.map((flag) => [flag.name, flag]));
  for (const [name, value] of Object.entries(values)) {
    const flag = byName.get(name)!;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') checkValue(flag, item, seeHelp);
    }
    // Subnets together: a repeat or an overlap double-counts addresses.
    if (flag.kind === 'cidr' && Array.isArray(value)) checkSubnetCidrs(value, `--${flag.name}`);
  }
  checkRepeats(byName, parsed.tokens ?? [], seeHelp);
  const lookup = (name: string) => {
    if (!byName.has(name)) throw new Error(`flag --${name} is not in the ${command} table`);
    return values[name];
  };
  return {
    positionals: parsed.positionals,
    given: (name) => lookup(name) !== undefined,
    boolean: (name) => lookup(name) === true,
    string: (name) => lookup(name) as string | undefined,
    strings: (name) => (lookup(name) as string[] | undefined) ?? [],
    integer: (name) => {
      const value = lookup(name) as string | undefined;
      return value === undefined ? undefined : Number(value);
    },
  };
}

/** The `--help` lines of a flag table: one line per flag, values and descriptions aligned. */
export function flagHelp(table: readonly FlagSpec[]): string[] {
  const flags = [...table, ...COMMON_FLAGS];
  const left = flags.map((flag) => `--${flag.name}${flag.placeholder ? ` ${flag.placeholder}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return flags.map((flag, i) => {
    const repeat = flag.multiple ? ' (repeatable)' : '';
    return `  ${left[i].padEnd(width)}${flag.description}${repeat}`;
  });
}

/**
 * A library error message with each prop a flag feeds replaced by that flag (`cniVersion '1.x'` →
 * `--cni-version '1.x'`), so the user reads the name they typed.
 */
export function withFlagNames(message: string, table: readonly FlagSpec[]): string {
  return table.reduce(
    (text, flag) =>
      flag.prop ? text.replace(new RegExp(`\\b${flag.prop.replace(/\./g, '\\.')}\\b`, 'g'), `--${flag.name}`) : text,
    message,
  );
}

function checkValue(flag: FlagSpec, value: string, seeHelp: string): void {
  const fail = (why: string) => {
    throw new NetkitValidationError(`--${flag.name} '${value}' ${why}; ${seeHelp}`);
  };
  if (value.trim() === '') fail(`is empty: give ${flag.placeholder ?? 'a value'}`);
  switch (flag.kind) {
    case 'integer': {
      const min = flag.min ?? 0;
      if (!/^-?\d+$/.test(value)) fail(`is not a whole number (expected ${flag.placeholder ?? 'N'} ≥ ${min})`);
      if (Number(value) < min) fail(`is below ${min}: give a whole number ≥ ${min}`);
      if (!Number.isSafeInteger(Number(value))) fail('is too large');
      break;
    }
    case 'cidr':
      checkSubnetCidrs([value], `--${flag.name}`);
      break;
    case 'string':
      if (flag.choices && !flag.choices.includes(value)) fail(`is not one of ${flag.choices.join(', ')}`);
      break;
    default:
      break;
  }
}

/**
 * A flag given twice is a slip, never a setting: parseArgs keeps the last value of a flag that does not repeat, and
 * a repeated value of one that does would be counted twice.
 */
function checkRepeats(
  byName: ReadonlyMap<string, FlagSpec>,
  tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>,
  seeHelp: string,
): void {
  const given = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind === 'option') given.set(token.name, [...(given.get(token.name) ?? []), token.value ?? '']);
  }
  for (const [name, values] of given) {
    const flag = byName.get(name)!;
    if (flag.multiple) {
      const repeated = values.find((value, i) => values.indexOf(value) !== i);
      if (repeated !== undefined) {
        throw new NetkitValidationError(`--${name} '${repeated}' is given twice; give each value once; ${seeHelp}`);
      }
    } else if (values.length > 1) {
      const times = values.length === 2 ? 'twice' : `${values.length} times`;
      const shown = flag.kind === 'boolean' ? '' : ` (${values.join(', ')})`;
      throw new NetkitValidationError(`--${name} given ${times}${shown}; give it once; ${seeHelp}`);
    }
  }
}

/**
 * Join a value that starts with a dash to the flag before it (`--reserved-enis -1` → `--reserved-enis=-1`), so the
 * value check, not the argument parser, answers it.
 */
function joinDashValues(argv: readonly string[], flags: readonly FlagSpec[]): string[] {
  const valued = new Set(flags.filter((f) => f.kind !== 'boolean').map((f) => `--${f.name}`));
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (valued.has(argv[i]) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else {
      args.push(argv[i]);
    }
  }
  return args;
}

/** node:util's parse errors in the CLI's words: the option as typed, without the parser's advice about `--`. */
function describeParseError(err: Error & { code?: string }): string {
  const option = /'(-[\w-]*)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message)
        ? `option '${option}' takes no value`
        : `option '${option}' needs a value`;
    default:
      return err.message.split('\n')[0];
  }
}
