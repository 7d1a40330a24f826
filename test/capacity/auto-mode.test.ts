import { Ipv4PrefixSize, MaxPods, PodNetworking } from '../../lib';
import { autoModeNodeIpUsage } from '../../lib/capacity/auto-mode-ip-usage';
import { nodeIpUsage, planIpCapacity } from '../../lib/capacity/ip-planner';
import { freePrefixBlocks } from '../../lib/capacity/prefix-availability';

// AWS's rule for Auto Mode nodes: the ENI calculation, then a cap of 110 at any size
// (https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html, "Considerations").
// The ENI calculation counts /28 prefixes with ipv4PrefixSize Auto and single addresses with "32".
const AUTO = PodNetworking.autoMode();
const SINGLE = PodNetworking.autoMode({ ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS });

describe('max pods on Auto Mode nodes', () => {
  test.each([
    // type, vCPUs, ENIs, IPv4/ENI, Auto: min(110, ENIs × (IPs − 1) × 16 + 2), "32": min(110, ENIs × (IPs − 1) + 2)
    ['t3.micro', 2, 2, 2, Math.min(110, 2 * 1 * 16 + 2), Math.min(110, 2 * 1 + 2)], // 34, 4
    ['t3.medium', 2, 3, 6, Math.min(110, 3 * 5 * 16 + 2), Math.min(110, 3 * 5 + 2)], // 110, 17
    ['m5.large', 2, 3, 10, Math.min(110, 3 * 9 * 16 + 2), Math.min(110, 3 * 9 + 2)], // 110, 29
    ['m5.xlarge', 4, 4, 15, Math.min(110, 4 * 14 * 16 + 2), Math.min(110, 4 * 14 + 2)], // 110, 58
    // 96 vCPUs: managed node groups get 250 here, Auto Mode still 110; "32" gives 15 × 49 + 2 = 737 → 110.
    ['m5.24xlarge', 96, 15, 50, 110, Math.min(110, 15 * 49 + 2)],
  ])('%s (%i vCPUs, %i ENIs × %i IPv4)', (type, _vcpus, _enis, _ips, auto, single) => {
    expect(MaxPods.calculate(type, { podNetworking: AUTO }).maxPods).toBe(auto);
    expect(MaxPods.calculate(type, { podNetworking: SINGLE }).maxPods).toBe(single);
  });

  test('the 110 cap replaces the 250 of large nodes, and the explanation says so', () => {
    expect(MaxPods.calculate('m5.24xlarge', { podNetworking: PodNetworking.prefixDelegation() }).maxPods).toBe(250);
    const auto = MaxPods.calculate('m5.24xlarge', { podNetworking: AUTO });
    expect(auto.eniLimit).toBe(15 * 49 * 16 + 2);
    expect(auto.explanation).toMatch(/EKS Auto Mode, \/28 prefixes.*Auto Mode caps at 110; recommended 110/);
    expect(SINGLE.describe()).toBe('EKS Auto Mode, single IPs (ipv4PrefixSize "32")');
    expect(AUTO.autoModeEnabled).toBe(true);
    expect(PodNetworking.prefixDelegation().autoModeEnabled).toBe(false);
  });

  test('an unknown prefix size is an error naming the prop and the allowed values', () => {
    expect(() => PodNetworking.autoMode({ ipv4PrefixSize: '28' as Ipv4PrefixSize })).toThrow(
      /ipv4PrefixSize \('28'\) must be one of Auto, 32/,
    );
  });
});

describe('IPs an Auto Mode node holds', () => {
  test('Auto: a /28 per 16 pod IPs, at least one, plus the primary address', () => {
    // Full m5.xlarge: 110 − 2 = 108 pod IPs → ⌈108 / 16⌉ = 7 prefixes = 112 addresses + 1 primary = 113.
    expect(autoModeNodeIpUsage('m5.xlarge', Ipv4PrefixSize.AUTO)).toMatchObject({
      podIps: 108,
      prefixes: 7,
      enisAttached: 1,
      ipsHeld: 113,
      eniCalls: 0,
    });
    // An empty node still reserves a /28: 16 + 1 = 17.
    expect(autoModeNodeIpUsage('m5.xlarge', Ipv4PrefixSize.AUTO, 0).ipsHeld).toBe(17);
    // 10 pods: 1 prefix → 17.
    expect(autoModeNodeIpUsage('m5.xlarge', Ipv4PrefixSize.AUTO, 10).ipsHeld).toBe(17);
  });

  test('"32": one address per pod, on as many ENIs as that takes, plus their primaries', () => {
    // Full m5.xlarge: 58 − 2 = 56 pod IPs on ⌈56 / 14⌉ = 4 ENIs → 56 + 4 = 60.
    expect(autoModeNodeIpUsage('m5.xlarge', Ipv4PrefixSize.SINGLE_ADDRESS)).toMatchObject({
      podIps: 56,
      prefixes: 0,
      enisAttached: 4,
      ipsHeld: 60,
    });
    // 10 pods: 1 ENI → 10 + 1 = 11, against 17 with a /28.
    expect(autoModeNodeIpUsage('m5.xlarge', Ipv4PrefixSize.SINGLE_ADDRESS, 10).ipsHeld).toBe(11);
  });

  test('the planner uses it for Auto Mode and refuses VPC CNI warm settings there', () => {
    expect(nodeIpUsage('m5.xlarge', AUTO).ipsHeld).toBe(113);
    expect(() => nodeIpUsage('m5.xlarge', AUTO, { warmIpTarget: 5 })).toThrow(
      /warmIpTarget \(5\) (does|do) not apply to EKS Auto Mode/,
    );
  });
});

describe('free /28 blocks', () => {
  test('a fresh subnet loses the blocks holding AWS reserved addresses', () => {
    // /24: 256 / 16 = 16 blocks; .0–.3 sit in the first and .255 in the last → 14.
    expect(freePrefixBlocks('10.0.1.0/24')).toBe(14);
    // /28: its one block holds both reserves → 0. /20: 4096 / 16 − 2 = 254.
    expect(freePrefixBlocks('10.0.0.0/28')).toBe(0);
    expect(freePrefixBlocks('10.0.0.0/20')).toBe(254);
  });

  test('used addresses break up blocks: one address per block leaves none', () => {
    // One used address in each of the 14 free blocks of a /24: .16, .32, … .224.
    const scattered = Array.from({ length: 14 }, (_, i) => `10.0.1.${16 * (i + 1)}`);
    expect(freePrefixBlocks('10.0.1.0/24', scattered)).toBe(0);
    // Two addresses in one block take one block; an address outside the subnet takes none.
    expect(freePrefixBlocks('10.0.1.0/24', ['10.0.1.17', '10.0.1.18', '10.0.2.5'])).toBe(13);
    expect(() => freePrefixBlocks('10.0.1.0/24', ['10.0.1.300'])).toThrow(/'10\.0\.1\.300' .*is not an IPv4 address/);
  });
});

describe('Auto Mode plans', () => {
  const subnets = [
    { cidr: '10.0.1.0/24', availabilityZone: 'a' },
    { cidr: '10.0.2.0/24', availabilityZone: 'b' },
    { cidr: '10.0.3.0/24', availabilityZone: 'c' },
  ];
  const group = (maxSize: number, podsPerNode?: number) => [
    { name: 'auto', instanceTypes: ['m5.xlarge'], minSize: 0, maxSize, podsPerNode },
  ];

  test('the weekend story, Auto prefix: 10 nodes of 56 pods need more /28s than a /24 has', () => {
    // ⌈10 / 3⌉ = 4 nodes per subnet; ⌈56 / 16⌉ = 4 prefixes per node → 16 of 14 free /28 blocks, 4 × 65 = 260 of 251.
    const plan = planIpCapacity(subnets, group(10, 56), AUTO);
    expect(plan.subnets[0]).toMatchObject({ nodesAtMax: 4, ipsAtMax: 260, prefixesAtMax: 16, prefixBlocks: 14 });
    expect(plan.fits).toBe(false);
    expect(plan.problems[0]).toMatch(
      /needs 260 IPs .* has 251; use a larger subnet, add subnets, or lower the NodePool limits$/,
    );
    // "32" holds 4 × (56 + 4 ENIs) = 240 of 251: it fits, so the plan advises it.
    expect(planIpCapacity(subnets, group(10, 56), SINGLE).subnets[0]).toMatchObject({ ipsAtMax: 240, fits: true });
    expect(plan.advice[0]).toMatch(/subnet 10\.0\.1\.0\/24 \(a\): 4 Auto Mode nodes need 16 free \/28 blocks.*has 14/);
    expect(plan.advice[0]).toMatch(/ipv4PrefixSize "32" they need 240 of 251 IPs and fit/);
  });

  test('no advice when a "32" node cannot hold the pods a prefix node does', () => {
    // Full nodes: 108 pod IPs with prefixes, at most 56 with "32" (4 ENIs × 14): not like for like.
    const full = planIpCapacity(subnets, group(60), AUTO);
    expect(full.fits).toBe(false);
    expect(full.advice).toEqual([]);
  });

  test('pod-sparse nodes: "32" is advised when a /28 per node wastes most of a busy subnet', () => {
    // 30 nodes × 4 pods over 3 subnets: 10 per subnet. Auto: 10 × (16 + 1) = 170 of 251 (> half), 10 /28s of 14.
    // "32": 10 × (4 + 1) = 50; 170 ≥ 1.5 × 50, so "32" is advised.
    const sparse = planIpCapacity(subnets, group(30, 4), AUTO);
    expect(sparse.fits).toBe(true);
    expect(sparse.subnets[0]).toMatchObject({ ipsAtMax: 170, prefixesAtMax: 10 });
    expect(sparse.advice).toHaveLength(3);
    expect(sparse.advice[0]).toMatch(/hold 170 IPs in \/28 prefixes but would hold 50 with ipv4PrefixSize "32"/);
    expect(sparse.advice[0]).not.toMatch(/still does not fit/);
    // 60 nodes × 20 pods: 20 per subnet; Auto 20 × (2 × 16 + 1) = 660, "32" 20 × (20 + 2 ENIs) = 440, both over 251.
    expect(planIpCapacity(subnets, group(60, 20), AUTO).advice[0]).toMatch(
      /hold 660 IPs in \/28 prefixes but would hold 440 .*, and make room for the rest: it still does not fit$/,
    );
    // 6 nodes × 4 pods: 2 per subnet × 17 = 34 of 251, no pressure → no advice.
    expect(planIpCapacity(subnets, group(6, 4), AUTO).advice).toEqual([]);
    // Dense nodes: 30 nodes × 16 pods → 10 × 17 = 170 vs "32" 10 × (16 + 2 ENIs) = 180: prefixes are the better fit.
    expect(planIpCapacity(subnets, group(30, 16), AUTO).advice).toEqual([]);
  });

  test('a fragmented subnet: scattered used addresses leave no /28, "32" still fits', () => {
    const scattered = Array.from({ length: 14 }, (_, i) => `10.0.9.${16 * (i + 1)}`);
    const plan = planIpCapacity([{ cidr: '10.0.9.0/24', usedAddresses: scattered }], group(2, 10), AUTO);
    // 2 nodes × 1 prefix = 2 of 0 free blocks; "32": 2 × 11 = 22 IPs of 251.
    expect(plan.subnets[0]).toMatchObject({ prefixBlocks: 0, prefixesAtMax: 2, fits: false });
    expect(plan.advice[0]).toMatch(
      /need 2 free \/28 blocks and the subnet has 0; with ipv4PrefixSize "32" they need 22 of 251/,
    );
  });

  test('other modes get no advice', () => {
    expect(planIpCapacity(subnets, group(60), PodNetworking.prefixDelegation()).advice).toEqual([]);
    expect(planIpCapacity(subnets, group(60), SINGLE).advice).toEqual([]);
  });
});
