import { cidrSize, parseCidr, parseIp } from '../private/ip-address';
import { NetkitValidationError } from '../private/validation-error';

/** A /28 prefix spans 16 addresses and starts on a multiple of 16. */
const PREFIX_SIZE = 16;
/** AWS reserves the first four addresses of every subnet (network, router, DNS, future use) and the last one. */
const RESERVED_AT_START = 4;

/** The first address of an IPv4 CIDR as a number, and its size; the caller has validated the CIDR. */
function parseIpv4Cidr(cidr: string): { base: number; size: number } {
  const parsed = parseCidr(cidr);
  if (parsed?.family !== 4) throw new NetkitValidationError(`'${cidr}' is not an IPv4 CIDR like 10.0.1.0/24`);
  return { base: Number(parsed.network), size: Number(cidrSize(parsed)) };
}

function ipv4ToNumber(address: string, context: string): number {
  const parsed = parseIp(address);
  if (parsed?.family !== 4) {
    throw new NetkitValidationError(`'${address}' (in ${context}) is not an IPv4 address like 10.0.1.17`);
  }
  return Number(parsed.value);
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
  const { base, size } = parseIpv4Cidr(cidr);
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
