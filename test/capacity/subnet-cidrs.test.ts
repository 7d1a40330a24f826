import { checkSubnetCidrs } from '../../lib/capacity/subnet-cidrs';

describe('subnet CIDRs', () => {
  test('distinct network addresses pass', () => {
    expect(() => checkSubnetCidrs(['10.0.0.0/20', '10.0.16.0/20', '100.64.0.0/16'], '--subnet')).not.toThrow();
  });

  test.each([
    [['10.0.1.5/24'], /--subnet '10\.0\.1\.5\/24' has host bits set; .* network address: 10\.0\.1\.0\/24/],
    // 10.0.17.0 in a /20: 17 = 16 + 1, so the /20 starts at 10.0.16.0.
    [['10.0.17.0/20'], /--subnet '10\.0\.17\.0\/20' has host bits set; .*10\.0\.16\.0\/20/],
    [['10.0.1.0/24', '10.0.2.0/24', '10.0.1.0/24'], /--subnet '10\.0\.1\.0\/24' is given twice/],
    // 10.0.0.0/20 spans 10.0.0.0 to 10.0.15.255, which holds 10.0.1.0/24.
    [['10.0.1.0/24', '10.0.0.0/20'], /--subnet '10\.0\.0\.0\/20' overlaps '10\.0\.1\.0\/24'/],
    [['10.0.0.256/24'], /--subnet '10\.0\.0\.256\/24' is not an IPv4 CIDR/],
    [['10.0.0.0/33'], /--subnet '10\.0\.0\.0\/33' is not an IPv4 CIDR/],
  ])('%j is rejected, naming the flag', (cidrs, message) => {
    expect(() => checkSubnetCidrs(cidrs, '--subnet')).toThrow(message);
  });
});
