import { FlagSpec, ParsedFlags } from './flags';
import { NetkitValidationError } from '../private/validation-error';

/**
 * The `--instance-type` row both commands' flag tables share: one way to name an instance type in every command. A
 * type given as a positional argument (`max-pods m5.large`, the older form) is read the same way.
 */
export const INSTANCE_TYPE_FLAG: FlagSpec = {
  name: 'instance-type',
  kind: 'string',
  placeholder: 'T',
  multiple: true,
  description: 'the instance type (also accepted as the first argument)',
};

/** The instance types of a command line: its `--instance-type` values and its positional arguments, in that order. */
export function instanceTypesFrom(flags: ParsedFlags): string[] {
  const named = flags.strings(INSTANCE_TYPE_FLAG.name);
  const types = [...named, ...flags.positionals];
  // The flag's own repeats are refused by the parser; a type named both ways would be planned twice.
  const repeated = types.find((type, i) => types.indexOf(type) !== i);
  if (repeated !== undefined) {
    const how = named.includes(repeated) ? 'as --instance-type and as an argument' : 'twice as an argument';
    throw new NetkitValidationError(`--instance-type '${repeated}' is given ${how}; give each instance type once`);
  }
  return types;
}
