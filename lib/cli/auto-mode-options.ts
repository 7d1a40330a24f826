import { IPV4_PREFIX_SIZES, Ipv4PrefixSize } from '../capacity/auto-mode-networking';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

/** The `--auto-mode` and `--ipv4-prefix-size` options both commands share. */
export const AUTO_MODE_OPTIONS = {
  'auto-mode': { type: 'boolean' },
  'ipv4-prefix-size': { type: 'string' },
} as const;

/** The usage lines for {@link AUTO_MODE_OPTIONS}. */
export const AUTO_MODE_USAGE = `  --auto-mode                  EKS Auto Mode nodes: /28 prefixes, max pods capped at 110
  --ipv4-prefix-size auto|32   with --auto-mode, the NodeClass ipv4PrefixSize (default auto; 32 = single IPs)`;

const CLI_VALUES: Record<string, Ipv4PrefixSize> = { auto: Ipv4PrefixSize.AUTO, '32': Ipv4PrefixSize.SINGLE_ADDRESS };

/**
 * Auto Mode pod networking from the options, or undefined without `--auto-mode`. VPC CNI options cannot be combined
 * with it: Auto Mode runs its own pod networking.
 * @param cniOptions the VPC CNI options given on the command line, by flag name
 */
export function autoModeFromOptions(
  values: { 'auto-mode'?: boolean; 'ipv4-prefix-size'?: string },
  cniOptions: Record<string, unknown>,
): PodNetworking | undefined {
  const size = values['ipv4-prefix-size'];
  if (!values['auto-mode']) {
    if (size !== undefined) throw new NetkitValidationError(`--ipv4-prefix-size '${size}' needs --auto-mode`);
    return undefined;
  }
  const conflicting = Object.entries(cniOptions)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([flag]) => `--${flag}`);
  if (conflicting.length > 0) {
    throw new NetkitValidationError(
      `${conflicting.join(', ')} configure(s) the VPC CNI, which EKS Auto Mode nodes do not use; drop it or --auto-mode`,
    );
  }
  const prefixSize = CLI_VALUES[(size ?? 'auto').toLowerCase()];
  if (prefixSize === undefined) {
    throw new NetkitValidationError(
      `--ipv4-prefix-size '${size}' is not one of auto, 32 (the NodeClass values ${IPV4_PREFIX_SIZES.join(', ')})`,
    );
  }
  return PodNetworking.autoMode({ ipv4PrefixSize: prefixSize });
}
