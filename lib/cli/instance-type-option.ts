import { FlagSpec, ParsedFlags } from './flags';

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
  return [...flags.strings(INSTANCE_TYPE_FLAG.name), ...flags.positionals];
}
