import { FlagSpec, withFlagNames } from './flags';
import { isNetkitValidationError } from '../private/validation-error';

/** Where a command writes: one call per line. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes of every command. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;

/**
 * Run a command: validation errors print `cdk-eks-netkit: <message>` (library props renamed to the command's flags)
 * and exit 2; anything else exits 1, also without a stack.
 */
export function runCommand(io: CliIo, flags: readonly FlagSpec[], command: () => number): number {
  try {
    return command();
  } catch (err) {
    const message = (err as Error).message;
    io.err(`cdk-eks-netkit: ${isNetkitValidationError(err) ? withFlagNames(message, flags) : message}`);
    return isNetkitValidationError(err) ? EXIT_BAD_INPUT : 1;
  }
}
