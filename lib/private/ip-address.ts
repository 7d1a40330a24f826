/**
 * The library's one parser of IP addresses and CIDR blocks, either family. Addresses are unsigned integers (bigint:
 * IPv6 needs 128 bits); IPv4 is dotted quads without leading zeros, IPv6 any written form (`::`, an IPv4 tail).
 */

/** An IP address as a number, with its family. */
export interface IpAddress {
  readonly family: 4 | 6;
  /** The address as an unsigned integer (128 bits for IPv6). */
  readonly value: bigint;
}

/** Parse an IPv4 dotted quad (no leading zeros) or an IPv6 address (with `::`, and an IPv4 tail); undefined if not. */
export function parseIp(text: string): IpAddress | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.');
    if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return undefined;
    return { family: 4, value: octets.reduce((sum, o) => sum * 256n + BigInt(o), 0n) };
  }
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  let head = text;
  let tail: bigint[] = [];
  const v4 = /:(\d{1,3}(\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const parsed = parseIp(v4[1]);
    if (!parsed) return undefined;
    tail = [parsed.value / 65536n, parsed.value % 65536n];
    head = text.slice(0, -v4[1].length) + (text.endsWith(`::${v4[1]}`) ? '' : 'x');
    head = head.endsWith(':x') ? head.slice(0, -2) : head;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if ([...left, ...right].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const given = left.length + right.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = [
    ...left.map((g) => BigInt(parseInt(g, 16))),
    ...Array(8 - given).fill(0n),
    ...right.map((g) => BigInt(parseInt(g, 16))),
    ...tail,
  ];
  return { family: 6, value: all.reduce((sum, g) => sum * 65536n + g, 0n) };
}

/** A CIDR block, either family. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The first address. */
  readonly network: bigint;
  readonly prefixLength: number;
}

/** Parse `address/length`; undefined when it is not a CIDR. Host bits are reported by {@link checkCidr}. */
export function parseCidr(text: string): (Cidr & { readonly address: bigint }) | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const ip = parseIp(match[1]);
  const length = Number(match[2]);
  if (!ip || length > (ip.family === 4 ? 32 : 128) || (match[2].length > 1 && match[2].startsWith('0'))) {
    return undefined;
  }
  const bits = BigInt(ip.family === 4 ? 32 : 128);
  const hostBits = bits - BigInt(length);
  const block = 2n ** hostBits;
  const network = ip.value - (ip.value % block);
  return { family: ip.family, network, prefixLength: length, address: ip.value };
}

/** Format an address of either family (IPv6 without zero compression). */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value / 2n ** s) % 256n)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((value / 2n ** BigInt(112 - 16 * i)) % 65536n).toString(16)).join(':');
}

/** Whether the text is an IP address of either family. */
export function isIpAddress(text: string): boolean {
  return parseIp(text) !== undefined;
}

/** Addresses in a block. */
export function cidrSize(cidr: Cidr): bigint {
  return 2n ** BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
}

/** Whether the address lies in the block (false when either is malformed or their families differ). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseIp(ip);
  const block = parseCidr(cidr);
  return (
    address !== undefined &&
    block !== undefined &&
    address.family === block.family &&
    address.value - block.network >= 0n &&
    address.value - block.network < cidrSize(block)
  );
}

/** Whether two blocks of one family share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const [wide, narrow] = a.prefixLength <= b.prefixLength ? [a, b] : [b, a];
  return a.family === b.family && narrow.network - (narrow.network % cidrSize(wide)) === wide.network;
}

/** Special-purpose blocks (RFC 6890) whose addresses never name one remote host, and what they are. */
const SPECIAL_BLOCKS: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/8', '"this network"'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved or broadcast'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

/** The special-purpose block an address or CIDR falls in or overlaps, with what it is. */
function specialBlockOf(cidr: Cidr): readonly [string, string] | undefined {
  return SPECIAL_BLOCKS.find(([block]) => cidrsOverlap(cidr, parseCidr(block)!));
}

/**
 * What an address is when it can never be a Service ClusterIP or a DNS server (loopback, "this network",
 * link-local, multicast, broadcast), e.g. `a loopback address`; undefined for an ordinary unicast address.
 */
export function specialAddressKind(ip: IpAddress): string | undefined {
  const found = specialBlockOf({ family: ip.family, network: ip.value, prefixLength: ip.family === 4 ? 32 : 128 });
  return found && `${/^[aeiou]/.test(found[1]) ? 'an' : 'a'} ${found[1]} address`;
}

/** Whether the address is link-local (169.254.0.0/16, fe80::/10): reachable on the node's own link only. */
export function isLinkLocal(ip: IpAddress): boolean {
  return specialAddressKind(ip) === 'a link-local address';
}

/**
 * What special-purpose block a CIDR overlaps, e.g. `the loopback block 127.0.0.0/8`, or undefined when none: such
 * addresses are never routed to a VPC, so no subnet can hold them.
 */
export function reservedCidrKind(cidr: Cidr): string | undefined {
  const found = specialBlockOf(cidr);
  return found && `the ${found[1]} block ${found[0]}`;
}
