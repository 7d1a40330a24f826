import { FlagSpec, ParsedFlags } from './flags';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

/** The `--ip-family` row both commands' flag tables share. */
export const IP_FAMILY_FLAG: FlagSpec = {
  name: 'ip-family',
  kind: 'string',
  placeholder: 'ipv4|ipv6',
  choices: ['ipv4', 'ipv6'],
  description: "the cluster's IP family (default ipv4); ipv6: a /80 prefix per node, Nitro types only",
};

/**
 * IPv6 pod networking from the flags, or undefined unless `--ip-family ipv6`. Flags of IPv4-only modes are errors
 * that say why; `--prefix-delegation` is accepted, as IPv6 implies it.
 * @param ipv4OnlyFlags the names of the command's flags that only exist on IPv4 clusters
 * @param cniVersionFlag whether the command has `--cni-version`
 */
export function ipv6FromFlags(
  flags: ParsedFlags,
  ipv4OnlyFlags: readonly string[],
  cniVersionFlag = false,
): PodNetworking | undefined {
  if (flags.string('ip-family') !== 'ipv6') return undefined;
  if (flags.boolean('auto-mode')) {
    throw new NetkitValidationError(
      '--auto-mode with --ip-family ipv6 is not modelled: EKS Auto Mode does not document how its IPv6 nodes take addresses; drop one of them',
    );
  }
  const given = ipv4OnlyFlags.filter((name) => flags.given(name)).map((name) => `--${name}`);
  if (given.length > 0) {
    throw new NetkitValidationError(
      `${given.join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply with --ip-family ipv6: the VPC CNI's IPv6 mode has no custom networking, ` +
        'no MAX_ENI limit on pod addresses and no warm pool (one /80 per node serves every pod); drop them',
    );
  }
  return PodNetworking.ipv6({
    securityGroupsForPods: flags.boolean('security-groups-for-pods'),
    cniVersion: cniVersionFlag ? flags.string('cni-version') : undefined,
  });
}
