import { NetkitValidationError } from '../private/validation-error';

/** An IPv4 CIDR as numbers: the first address as a 32-bit unsigned integer, and the prefix length. */
interface Ipv4Cidr {
  readonly first: number;
  readonly length: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function parse(cidr: string, name: string): Ipv4Cidr {
  const match = CIDR.exec(cidr);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const length = Number(match?.[5]);
  if (!match || octets.some((o) => o > 255) || length > 32) {
    throw new NetkitValidationError(`${name} '${cidr}' is not an IPv4 CIDR (e.g. 10.0.1.0/24)`);
  }
  const address = octets.reduce((sum, o) => sum * 256 + o, 0);
  const size = 2 ** (32 - length);
  const first = address - (address % size);
  if (first !== address) {
    const network = [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join('.');
    throw new NetkitValidationError(
      `${name} '${cidr}' has host bits set; a subnet CIDR starts at its network address: ${network}/${length}`,
    );
  }
  return { first, length };
}

/**
 * Check the CIDRs of the subnets pods take addresses from, as EC2 would: each an IPv4 CIDR at its network address
 * (no host bits), and no subnet given twice or overlapping another — a VPC's subnets never overlap, so a repeat is a
 * typo that would double-count its addresses. `name` is the prop or CLI flag, for the message.
 */
export function checkSubnetCidrs(cidrs: readonly string[], name: string): void {
  const parsed = cidrs.map((cidr) => ({ cidr, ...parse(cidr, name) }));
  parsed.forEach((a, i) => {
    const other = parsed.slice(0, i).find((b) => {
      const [wide, narrow] = a.length <= b.length ? [a, b] : [b, a];
      return narrow.first - (narrow.first % 2 ** (32 - wide.length)) === wide.first;
    });
    if (!other) return;
    throw new NetkitValidationError(
      other.cidr === a.cidr
        ? `${name} '${a.cidr}' is given twice; give each subnet once`
        : `${name} '${a.cidr}' overlaps '${other.cidr}'; subnets of a VPC never overlap, so give each subnet once`,
    );
  });
}
