import { Ipv4PrefixSize, MaxPods, PodNetworking } from '../../lib';
import { checkPodsPerNode } from '../../lib/capacity/max-pods';
import { checkSubnetCidrs } from '../../lib/capacity/subnet-cidrs';
import { parseCidr, reservedCidrKind } from '../../lib/private/ip-address';

describe('max pods on Auto Mode: the cap and the ENIs bound what the user gives', () => {
  test('maxPods above 110 is refused, 110 is accepted', () => {
    expect(() => MaxPods.calculate('m5.large', { podNetworking: PodNetworking.autoMode(), maxPods: 200 })).toThrow(
      /maxPods \(200\) is above 110, the max pods EKS Auto Mode allows on any node; give maxPods 110 or less/,
    );
    expect(MaxPods.calculate('m5.large', { podNetworking: PodNetworking.autoMode(), maxPods: 110 }).maxPods).toBe(110);
  });

  test('a measured max pods above the ENI limit is refused, naming the limit', () => {
    const single = PodNetworking.autoMode({ ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS, measuredMaxPods: 100 });
    expect(() => MaxPods.calculate('m5.large', { podNetworking: single })).toThrow(
      /measuredMaxPods \(100\) is above the ENI limit of m5\.large .*= 29\)/,
    );
    // /28 prefixes: 3 × 9 × 16 + 2 = 434, so 100 is a possible reading.
    expect(
      MaxPods.calculate('m5.large', { podNetworking: PodNetworking.autoMode({ measuredMaxPods: 100 }) }).maxPods,
    ).toBe(100);
  });
});

describe('pods per node are bounded by max pods less the host-network pods', () => {
  test.each([
    // secondary IPs: 29 max pods.
    [
      PodNetworking.secondaryIps(),
      28,
      /podsPerNode \(28\) is above the 27 pods with an IP that m5\.large nodes run: max pods 29/,
    ],
    [PodNetworking.autoMode(), 200, /podsPerNode \(200\) is above the 108 pods .*Auto Mode caps at 110/],
  ])('%s, %i', (mode, pods, message) => {
    expect(() => checkPodsPerNode(pods, MaxPods.calculate('m5.large', { podNetworking: mode }))).toThrow(message);
  });

  test('at the limit it passes', () => {
    expect(() => checkPodsPerNode(27, MaxPods.calculate('m5.large'))).not.toThrow();
  });
});

describe('VPC CNI versions are 1.x.y', () => {
  test.each(['2.0.0', '0.9.0', '9.9.9', 'v2.1.0-eksbuild.1'])('%s is refused by every mode', (cniVersion) => {
    const message = new RegExp(
      `cniVersion '${cniVersion.replace(/\./g, '\\.')}' is not a VPC CNI version: VPC CNI versions are 1\\.x\\.y`,
    );
    expect(() => PodNetworking.secondaryIps({ cniVersion })).toThrow(message);
    expect(() => PodNetworking.prefixDelegation({ cniVersion })).toThrow(message);
    expect(() => PodNetworking.ipv6({ cniVersion })).toThrow(message);
  });
});

describe('subnet CIDRs in special-purpose blocks', () => {
  test.each([
    ['127.0.0.0/24', 'the loopback block 127.0.0.0/8'],
    ['169.254.0.0/24', 'the link-local block 169.254.0.0/16'],
    ['224.0.0.0/24', 'the multicast block 224.0.0.0/4'],
    ['0.0.0.0/16', 'the "this network" block 0.0.0.0/8'],
    ['255.255.255.0/24', 'the reserved or broadcast block 240.0.0.0/4'],
    // A block wide enough to hold one counts too.
    ['0.0.0.0/0', 'the "this network" block 0.0.0.0/8'],
    ['::1/128', 'the loopback block ::1/128'],
    ['fe80::/64', 'the link-local block fe80::/10'],
    ['ff02::/16', 'the multicast block ff00::/8'],
    ['10.0.0.0/16', undefined],
    ['100.64.0.0/10', undefined],
    ['2600:1f14::/56', undefined],
  ])('%s → %s', (cidr, kind) => {
    expect(reservedCidrKind(parseCidr(cidr)!)).toBe(kind);
  });

  test('checkSubnetCidrs refuses them, naming the prop and the block', () => {
    expect(() => checkSubnetCidrs(['10.0.0.0/24', '127.0.0.0/24'], 'customNetworkingSubnets')).toThrow(
      /customNetworkingSubnets '127\.0\.0\.0\/24' overlaps the loopback block 127\.0\.0\.0\/8, which no VPC subnet can hold/,
    );
    expect(() => checkSubnetCidrs(['10.0.0.0/15'], '--subnet')).toThrow(/--subnet '10\.0\.0\.0\/15' is a \/15/);
  });
});
