import { Cidr, cidrsOverlap, formatIp, parseCidr, reservedCidrKind } from '../private/ip-address';
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
  // EC2's bounds for a subnet's IPv4 block.
  if (parsed.prefixLength < 16 || parsed.prefixLength > 28) {
    throw new NetkitValidationError(
      `${name} '${cidr}' is a /${parsed.prefixLength}, but an EC2 subnet is /16 to /28; give the CIDR of a subnet of the VPC`,
    );
  }
  const reserved = reservedCidrKind(parsed);
  if (reserved !== undefined) {
    throw new NetkitValidationError(
      `${name} '${cidr}' overlaps ${reserved}, which no VPC subnet can hold; give the CIDR of a subnet of the VPC ` +
        '(e.g. in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)',
    );
  }
  return parsed;
}

/**
 * Check the CIDRs of the subnets pods take addresses from, as EC2 would: each an IPv4 CIDR at its network address
 * (no host bits), /16 to /28, outside the special-purpose blocks (loopback, link-local, multicast, …), and no subnet
 * given twice or overlapping another — a VPC's subnets never overlap, so a repeat is a typo that would double-count
 * its addresses. `name` is the prop or CLI flag, for the message.
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
