import { FlagSpec, ParsedFlags } from './flags';
import { ModelAssumption, assumptionsFor } from '../capacity/assumptions';
import { Ipv4PrefixSize } from '../capacity/auto-mode-networking';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

/** The `--auto-mode` and `--ipv4-prefix-size` rows both commands' flag tables share. */
export const AUTO_MODE_FLAGS: readonly FlagSpec[] = [
  { name: 'auto-mode', kind: 'boolean', description: 'EKS Auto Mode nodes: /28 prefixes, max pods capped at 110' },
  {
    name: 'ipv4-prefix-size',
    kind: 'string',
    placeholder: 'auto|32',
    choices: ['auto', '32'],
    description: 'with --auto-mode, the NodeClass ipv4PrefixSize (default auto; 32 = single IPs)',
  },
  {
    name: 'measured-max-pods',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'measuredMaxPods',
    description:
      "with --auto-mode, max pods read from a live node of the type (status.capacity.pods), instead of the library's reading",
  },
];

const PREFIX_SIZES: Record<string, Ipv4PrefixSize> = { auto: Ipv4PrefixSize.AUTO, '32': Ipv4PrefixSize.SINGLE_ADDRESS };

/**
 * Auto Mode pod networking from the flags, or undefined without `--auto-mode`. VPC CNI flags cannot be combined
 * with it: Auto Mode runs its own pod networking.
 * @param cniFlags the names of the command's flags that configure the VPC CNI
 */
export function autoModeFromFlags(flags: ParsedFlags, cniFlags: readonly string[]): PodNetworking | undefined {
  const size = flags.string('ipv4-prefix-size');
  const measured = flags.integer('measured-max-pods');
  if (!flags.boolean('auto-mode')) {
    if (size !== undefined) throw new NetkitValidationError(`--ipv4-prefix-size '${size}' needs --auto-mode`);
    if (measured !== undefined) {
      throw new NetkitValidationError(
        `--measured-max-pods ${measured} needs --auto-mode (for other nodes, max pods follows from the VPC CNI flags)`,
      );
    }
    return undefined;
  }
  const conflicting = cniFlags.filter((name) => flags.given(name)).map((name) => `--${name}`);
  if (conflicting.length > 0) {
    throw new NetkitValidationError(
      `${conflicting.join(', ')} configure(s) the VPC CNI, which EKS Auto Mode nodes do not use; drop it or --auto-mode`,
    );
  }
  return PodNetworking.autoMode({ ipv4PrefixSize: PREFIX_SIZES[size ?? 'auto'], measuredMaxPods: measured });
}

/**
 * `--measured-max-pods` is a reading of one instance type: refuse it with several.
 * @param types the instance types the command was given
 */
export function requireOneTypeWhenMeasured(flags: ParsedFlags, types: readonly string[]): void {
  const measured = flags.integer('measured-max-pods');
  if (measured !== undefined && types.length !== 1) {
    throw new NetkitValidationError(
      `--measured-max-pods ${measured} is the max pods of one instance type, but ${types.length === 0 ? 'every type' : types.join(', ')} ` +
        'was given; plan one --instance-type at a time with it',
    );
  }
}

/** The assumptions an Auto Mode max-pods answer rests on: the reading of AWS's calculation unless measured. */
export function autoModeMaxPodsAssumptions(mode: PodNetworking): ModelAssumption[] {
  return assumptionsFor('max-pods-auto-mode').filter(
    (a) => mode.autoModeMeasuredMaxPods === undefined || a.id !== 'auto-mode-max-pods-counts-prefixes',
  );
}
