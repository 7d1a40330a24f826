import { Cidr, cidrsOverlap, formatIp, parseCidr } from '../private/ip-address';
import { NetkitValidationError } from '../private/validation-error';

function parse(cidr: string, name: string): Cidr {
  const parsed = parseCidr(cidr);
  if (parsed?.family !== 4) {
    throw new NetkitValidationError(`${name} '${cidr}' is not an IPv4 CIDR (e.g. 10.0.1.0/24)`);
  }
  if (parsed.address !== parsed.network) {
    throw new NetkitValidationError(
      `${name} '${cidr}' has host bits set; a subnet CIDR starts at its network address: ` +
        `${formatIp(4, parsed.network)}/${parsed.prefixLength}`,
    );
  }
  return parsed;
}

/**
 * Check the CIDRs of the subnets pods take addresses from, as EC2 would: each an IPv4 CIDR at its network address
 * (no host bits), and no subnet given twice or overlapping another — a VPC's subnets never overlap, so a repeat is a
 * typo that would double-count its addresses. `name` is the prop or CLI flag, for the message.
 */
export function checkSubnetCidrs(cidrs: readonly string[], name: string): void {
  const parsed = cidrs.map((cidr) => ({ cidr, ...parse(cidr, name) }));
  parsed.forEach((a, i) => {
    const other = parsed.slice(0, i).find((b) => cidrsOverlap(a, b));
    if (!other) return;
    throw new NetkitValidationError(
      other.cidr === a.cidr
        ? `${name} '${a.cidr}' is given twice; give each subnet once`
        : `${name} '${a.cidr}' overlaps '${other.cidr}'; subnets of a VPC never overlap, so give each subnet once`,
    );
  });
}
