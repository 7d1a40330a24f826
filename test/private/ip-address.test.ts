import { cidrsOverlap, ipInCidr, isIpAddress, parseCidr, parseIp } from '../../lib/private/ip-address';

describe('the one parser of addresses and CIDRs', () => {
  test('parsing by hand-worked values', () => {
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 10n * 2n ** 24n + 1n });
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIp('fd00::a')).toEqual({ family: 6, value: 0xfd00n * 2n ** 112n + 10n });
    expect(parseIp('::ffff:10.0.0.1')).toEqual({ family: 6, value: 0xffffn * 2n ** 32n + 10n * 2n ** 24n + 1n });
    expect(parseIp('1:2:3:4:5:6:7:8')?.family).toBe(6);
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIp('1::2::3')).toBeUndefined();
    expect(parseIp('256.0.0.1')).toBeUndefined();
    expect(parseIp('010.0.0.1')).toBeUndefined();
    expect(parseIp('10.0.0')).toBeUndefined();
    expect(parseIp('')).toBeUndefined();
  });

  test('a CIDR keeps the address as written beside its network', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({
      family: 4,
      network: 10n * 2n ** 24n,
      prefixLength: 8,
      address: 10n * 2n ** 24n,
    });
    expect(parseCidr('10.0.1.5/24')?.network).toBe(10n * 2n ** 24n + 256n);
    expect(parseCidr('10.0.1.0/024')).toBeUndefined();
    expect(parseCidr('fd00::/129')).toBeUndefined();
  });

  test.each([
    ['172.20.0.10', '172.20.0.0/16', true],
    ['172.21.0.10', '172.20.0.0/16', false],
    ['10.0.0.255', '10.0.0.0/24', true],
    ['10.0.1.0', '10.0.0.0/24', false],
    ['fd00:10:96::a', 'fd00:10:96::/108', true],
    ['fd00:10:97::a', 'fd00:10:96::/108', false],
    // Families never mix: ::ffff:a.b.c.d is an IPv6 address.
    ['::ffff:10.0.0.1', '10.0.0.0/8', false],
    ['10.0.0.1', 'not-a-cidr', false],
  ])('%s in %s: %s', (ip, cidr, inside) => {
    expect(ipInCidr(ip, cidr)).toBe(inside);
  });

  test.each([
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['2600:1f14::/56', '2600:1f14:0:ff::/64', true],
    ['2600:1f14::/56', '2600:1f14:0:100::/64', false],
  ])('%s and %s overlap: %s', (a, b, overlap) => {
    expect(cidrsOverlap(parseCidr(a)!, parseCidr(b)!)).toBe(overlap);
    expect(cidrsOverlap(parseCidr(b)!, parseCidr(a)!)).toBe(overlap);
  });

  test('addresses of either family, nothing else', () => {
    expect(['10.0.0.10', 'fd00::a', '::', '169.254.20.10'].every(isIpAddress)).toBe(true);
    expect(['10.0.0.10/32', '10.0.0.10:53', '[fd00::a]', 'dns.local', ''].some(isIpAddress)).toBe(false);
  });
});
