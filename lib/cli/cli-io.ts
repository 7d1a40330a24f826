import { isNetkitValidationError, NetkitValidationError } from '../private/validation-error';

/** Where a command writes: one call per line. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes of every command. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;

/**
 * Join a negative number to the numeric option before it (`--reserved-enis -1` → `--reserved-enis=-1`), so that the
 * range check, not the argument parser, answers it.
 */
export function joinNegativeNumbers(argv: string[], numericOptions: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (numericOptions.includes(argv[i].replace(/^--/, '')) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else {
      args.push(argv[i]);
    }
  }
  return args;
}

/** Run `node:util` parseArgs, turning its errors (unknown option, missing value) into bad-input errors. */
export function parseOrThrow<R>(parse: () => R): R {
  try {
    return parse();
  } catch (err) {
    throw new NetkitValidationError((err as Error).message.split('\n')[0]);
  }
}

/** A whole number from a CLI option, or undefined when the option was not given. */
export function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new NetkitValidationError(`--${name} '${value}' is not a whole number`);
  return Number(value);
}

/** Run a command: validation errors print `cdk-eks-netkit: <message>` and exit 2; anything else exits 1, also without a stack. */
export function runCommand(io: CliIo, command: () => number): number {
  try {
    return command();
  } catch (err) {
    io.err(`cdk-eks-netkit: ${(err as Error).message}`);
    return isNetkitValidationError(err) ? EXIT_BAD_INPUT : 1;
  }
}
