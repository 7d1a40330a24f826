import { NetkitValidationError } from '../private/validation-error';

/** A /28 prefix spans 16 addresses and starts on a multiple of 16. */
const PREFIX_SIZE = 16;
/** AWS reserves the first four addresses of every subnet (network, router, DNS, future use) and the last one. */
const RESERVED_AT_START = 4;

/** The first address of an IPv4 CIDR as a number, and its size; the caller has validated the CIDR. */
function parseCidr(cidr: string): { base: number; size: number } {
  const [address, length] = cidr.split('/');
  const size = 2 ** (32 - Number(length));
  return { base: Math.floor(ipv4ToNumber(address, cidr) / size) * size, size };
}

function ipv4ToNumber(address: string, context: string): number {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new NetkitValidationError(`'${address}' (in ${context}) is not an IPv4 address like 10.0.1.17`);
  }
  return octets.reduce((n, o) => n * 256 + o, 0);
}

/**
 * Free /28 blocks of a subnet: aligned 16-address blocks holding none of AWS's five reserved addresses and none of
 * the addresses already in use. A /28 prefix needs such a block whole, so a subnet with free addresses scattered
 * over every block (secondary IPs of other nodes, load balancers, endpoints) can have none.
 * @param cidr the subnet, a valid /16–/28 IPv4 CIDR
 * @param usedAddresses addresses already assigned in the subnet (outside it they are ignored)
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-prefix-eni.html
 */
export function freePrefixBlocks(cidr: string, usedAddresses: readonly string[] = []): number {
  const { base, size } = parseCidr(cidr);
  const taken = new Set<number>();
  const takenBlock = (address: number) => taken.add(Math.floor((address - base) / PREFIX_SIZE));
  for (let i = 0; i < RESERVED_AT_START; i++) takenBlock(base + i);
  takenBlock(base + size - 1);
  for (const used of usedAddresses) {
    const address = ipv4ToNumber(used, `the used addresses of ${cidr}`);
    if (address >= base && address < base + size) takenBlock(address);
  }
  return Math.max(0, size / PREFIX_SIZE - taken.size);
}
