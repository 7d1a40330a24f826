/** An IPv4 CIDR as numbers: its first address as a 32-bit unsigned integer, its prefix length and its size. */
export interface Ipv4Cidr {
  /** The address as written, as a number (host bits included). */
  readonly address: number;
  /** The network address: the first address of the block. */
  readonly first: number;
  readonly length: number;
  /** Addresses in the block. */
  readonly size: number;
}

const ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A dotted-quad IPv4 address as a number; undefined when it is not one. The one IPv4 parser of the library. */
export function parseIpv4Address(text: string): number | undefined {
  const match = ADDRESS.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((n, o) => n * 256 + o, 0);
}

/** An IPv4 CIDR (`10.0.1.0/24`); undefined when it is not one. Host bits are kept in `address` for the caller to judge. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4Address(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(lengthText) || Number(lengthText) > 32) return undefined;
  const length = Number(lengthText);
  const size = 2 ** (32 - length);
  return { address, first: address - (address % size), length, size };
}

/** A number as a dotted-quad IPv4 address. */
export function formatIpv4Address(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** Whether the IPv4 address lies in the IPv4 CIDR (false when either is malformed). */
export function ipv4InCidr(ip: string, cidr: string): boolean {
  const address = parseIpv4Address(ip);
  const block = parseIpv4Cidr(cidr);
  return address !== undefined && block !== undefined && address - (address % block.size) === block.first;
}

/** Whether two IPv4 CIDRs share an address. */
export function ipv4CidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const [wide, narrow] = a.length <= b.length ? [a, b] : [b, a];
  return narrow.first - (narrow.first % wide.size) === wide.first;
}

/** Whether the text is an IPv4 address, or an IPv6 address in any of its written forms. */
export function isIpAddress(text: string): boolean {
  return parseIpv4Address(text) !== undefined || isIpv6Address(text);
}

/** An IPv6 address: eight groups of hex, `::` standing for one or more zero groups once, an IPv4 tail allowed. */
function isIpv6Address(text: string): boolean {
  if (!text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const last = groups[groups.length - 1];
  const v4Tail = last !== undefined && last.includes('.');
  if (v4Tail && parseIpv4Address(last) === undefined) return false;
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}
