import { PodNetworking } from '../../lib';
import { nodeIpUsage, planIpCapacity, smallestFittingPrefixLength, usableIps } from '../../lib/capacity/ip-planner';
import { cli } from '../cli/run-cli';

// Hand-computed from the VPC CNI's documented warm-pool behaviour. m5.xlarge: 4 ENIs × 15 IPv4 (14 secondary each),
// 4 vCPUs: max pods 58 (56 pod IPs), 110 with prefix delegation (108 pod IPs).
describe('IPs one node holds', () => {
  test('secondary IPs, default WARM_ENI_TARGET=1: enough ENIs for the pods plus one spare, each with all its IPs', () => {
    // Full node: ceil(56/14) = 4 ENIs, +1 spare capped at 4 → 4 × 14 secondary + 4 primary = 60.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.secondaryIps())).toMatchObject({
      podIps: 56,
      enisAttached: 4,
      ipsHeld: 60,
      eniCalls: 3,
      // Only the primary ENI's addresses are assigned: CreateNetworkInterface brings each new ENI's addresses.
      assignCalls: 1,
    });
    // 10 pods: 1 ENI + 1 spare = 2 ENIs → 28 + 2 = 30.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.secondaryIps(), {}, 10)).toMatchObject({
      enisAttached: 2,
      ipsHeld: 30,
    });
    // WARM_ENI_TARGET=0: 1 ENI → 14 + 1 = 15.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.secondaryIps(), { warmEniTarget: 0 }, 10).ipsHeld).toBe(15);
  });

  test('WARM_IP_TARGET and MINIMUM_IP_TARGET hold only what they ask for', () => {
    // 10 pods + 5 warm = 15 secondary on 2 ENIs → 17.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.secondaryIps(), { warmIpTarget: 5 }, 10)).toMatchObject({
      enisAttached: 2,
      ipsHeld: 17,
    });
    // MINIMUM_IP_TARGET 30 wins over 15: 30 secondary on 3 ENIs → 33.
    expect(
      nodeIpUsage('m5.xlarge', PodNetworking.secondaryIps(), { warmIpTarget: 5, minimumIpTarget: 30 }, 10),
    ).toMatchObject({ enisAttached: 3, ipsHeld: 33 });
  });

  test('prefix delegation: ceil(pods/16) + WARM_PREFIX_TARGET prefixes of 16 addresses', () => {
    // 108 pod IPs → 7 prefixes + 1 warm = 8 → 128 addresses on 1 ENI → 129.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.prefixDelegation())).toMatchObject({
      podIps: 108,
      prefixes: 8,
      enisAttached: 1,
      ipsHeld: 129,
    });
    // With WARM_IP_TARGET 10 on 30 pods: 40 addresses → 3 prefixes → 48 + 1 = 49.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.prefixDelegation(), { warmIpTarget: 10 }, 30)).toMatchObject({
      prefixes: 3,
      ipsHeld: 49,
    });
  });

  test('custom networking: the primary ENI holds its own address but no pod IPs', () => {
    // 3 usable ENIs: 56 pods → ceil(56/14)=4 capped at 3 pod ENIs (the ENI limit is 3 × 14 + 2 = 44, so 42 pods): 3 + 1 = 4 ENIs.
    expect(nodeIpUsage('m5.xlarge', PodNetworking.secondaryIps({ customNetworking: true }))).toMatchObject({
      podIps: 42,
      enisAttached: 4,
      ipsHeld: 46,
    });
  });
});

describe('the plan', () => {
  test('usable IPs leave out the five AWS reserves', () => {
    expect(usableIps('10.0.0.0/24')).toBe(251);
    expect(usableIps('10.0.0.0/28')).toBe(11);
    expect(() => usableIps('10.0.0.0/33')).toThrow(/not an IPv4 CIDR from \/16 to \/28/);
    expect(() => usableIps('10.0.0/24')).toThrow(/'10\.0\.0\/24'/);
  });

  test('the weekend scale-up: a /24 per AZ holds 10 m5.xlarge nodes and not 60', () => {
    const subnets = [
      { cidr: '10.0.1.0/24', availabilityZone: 'a' },
      { cidr: '10.0.2.0/24', availabilityZone: 'b' },
      { cidr: '10.0.3.0/24', availabilityZone: 'c' },
    ];
    const at = (maxSize: number) =>
      planIpCapacity(
        subnets,
        [{ name: 'workers', instanceTypes: ['m5.xlarge'], minSize: 3, maxSize }],
        PodNetworking.secondaryIps(),
      );
    const ten = at(10);
    // ceil(10/3) = 4 nodes per subnet × 60 = 240 of 251.
    expect(ten.subnets.map((s) => [s.nodesAtMax, s.ipsAtMax, s.headroom])).toEqual([
      [4, 240, 11],
      [4, 240, 11],
      [4, 240, 11],
    ]);
    expect(ten.fits).toBe(true);
    const sixty = at(60);
    // 20 nodes per subnet × 60 = 1200 of 251.
    expect(sixty.fits).toBe(false);
    expect(sixty.subnets[0]).toMatchObject({ nodesAtMax: 20, ipsAtMax: 1200, headroom: -949 });
    expect(sixty.problems[0]).toMatch(
      /subnet 10\.0\.1\.0\/24 \(a\) needs 1200 IPs for 20 nodes at maximum size but has 251/,
    );
    // Scale-up 3 → 60: 57 nodes × 3 extra ENIs; one assignment call per node (its primary ENI).
    expect(sixty.scaleUpCalls).toEqual({
      createNetworkInterface: 171,
      attachNetworkInterface: 171,
      assignPrivateIpAddresses: 57,
      assignIpv6Addresses: 0,
    });
    expect(sixty.azs.map((a) => a.availabilityZone)).toEqual(['a', 'b', 'c']);
  });

  test('prefix delegation reports the /28 fragmentation risk', () => {
    // A /26 has 4 /28 blocks; the first holds .0–.3 and the last .63, AWS reserves → 2 free; 2 nodes × 8 prefixes need 16.
    const plan = planIpCapacity(
      [{ cidr: '10.0.0.0/26' }],
      [{ name: 'g', instanceTypes: ['m5.xlarge'], minSize: 0, maxSize: 2 }],
      PodNetworking.prefixDelegation(),
    );
    expect(plan.subnets[0]).toMatchObject({
      prefixBlocks: 2,
      prefixesAtMax: 16,
      fragmentationRisk: 'high',
      fits: false,
    });
    const roomy = planIpCapacity(
      [{ cidr: '10.0.0.0/20' }],
      [{ name: 'g', instanceTypes: ['m5.xlarge'], minSize: 0, maxSize: 10 }],
      PodNetworking.prefixDelegation(),
    );
    // 4096 / 16 = 256 blocks − 2 holding reserved addresses = 254; 80 needed: under half.
    expect(roomy.subnets[0]).toMatchObject({
      prefixBlocks: 254,
      prefixesAtMax: 80,
      fragmentationRisk: 'low',
      fits: true,
    });
  });

  test('bad input', () => {
    expect(() =>
      planIpCapacity(
        [],
        [{ name: 'g', instanceTypes: ['m5.large'], minSize: 0, maxSize: 1 }],
        PodNetworking.secondaryIps(),
      ),
    ).toThrow(/at least one subnet/);
    expect(() =>
      planIpCapacity(
        [{ cidr: '10.0.0.0/24' }],
        [{ name: 'g', instanceTypes: ['m5.large'], minSize: 5, maxSize: 2 }],
        PodNetworking.secondaryIps(),
      ),
    ).toThrow(/g\.maxSize \(2\) must be a whole number ≥ 5/);
    expect(() =>
      planIpCapacity(
        [{ cidr: '10.0.0.0/24' }],
        [{ name: 'g', instanceTypes: ['m5.large'], minSize: 0, maxSize: 2 }],
        PodNetworking.secondaryIps(),
        { warmIpTarget: -1 },
      ),
    ).toThrow(/warmIpTarget \(-1\)/);
  });
});

describe('cdk-eks-netkit plan', () => {
  const subnets = ['--subnet', '10.0.1.0/24', '--subnet', '10.0.2.0/24', '--subnet', '10.0.3.0/24'];

  test('exits 0 when the nodes fit, and says so', () => {
    const run = cli('plan', ...subnets, '--instance-type', 'm5.xlarge', '--nodes', '10');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^fits: secondary IPs, m5\.xlarge/);
    expect(run.stdout).toMatch(/10\.0\.1\.0\/24: 4 nodes need 240 of 251 IPs, headroom 11/);
  });

  test('exits 1 when they do not, naming the subnet and the fix', () => {
    const run = cli('plan', ...subnets, '--instance-type', 'm5.xlarge', '--nodes', '60', '--min-nodes', '3');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/problem: subnet 10\.0\.1\.0\/24 needs 1200 IPs/);
  });

  test('warm targets and prefix delegation change the answer; --json prints the plan', () => {
    // 40 nodes with 10 pods each and WARM_IP_TARGET 5: 14 per subnet × 17 = 238 of 251 (the default warm ENI: 14 × 30 = 420).
    const run = cli(
      'plan',
      ...subnets,
      '--instance-type',
      'm5.xlarge',
      '--nodes',
      '40',
      '--pods-per-node',
      '10',
      '--warm-ip-target',
      '5',
      '--json',
    );
    const plan = JSON.parse(run.stdout);
    expect(run.status).toBe(0);
    expect(plan.nodegroups[0].perNode.ipsHeld).toBe(17);
    expect(plan.subnets[0].ipsAtMax).toBe(14 * 17);
    expect(
      cli('plan', ...subnets, '--instance-type', 'm5.xlarge', '--nodes', '40', '--pods-per-node', '10').status,
    ).toBe(1);
    expect(
      cli('plan', '--subnet', '10.0.0.0/20', '--instance-type', 'm5.xlarge', '--nodes', '10', '--prefix-delegation')
        .stdout,
    ).toMatch(/fragmentation risk low/);
  });

  test.each([
    [['plan', '--instance-type', 'm5.xlarge', '--nodes', '3'], /plan needs --subnet CIDR/],
    [['plan', '--subnet', '10.0.0.0/24', '--nodes', '3'], /plan needs --instance-type/],
    [['plan', '--subnet', '10.0.0.0/24', '--instance-type', 'm5.xlarge'], /plan needs --nodes N/],
    [['plan', '--subnet', '10.0.0.0/99', '--instance-type', 'm5.xlarge', '--nodes', '3'], /not an IPv4 CIDR/],
    [['plan', '--subnet', '10.0.0.0/24', '--instance-type', 'm5.xlarg', '--nodes', '3'], /did you mean m5\.xlarge/],
    [
      ['plan', '--subnet', '10.0.0.0/24', '--instance-type', 'm5.xlarge', '--nodes', 'many'],
      /--nodes 'many' is not a whole number/,
    ],
    [
      ['plan', '--subnet', '10.0.0.0/24', '--instance-type', 'm5.xlarge', '--nodes', '3', '--warm-eni-target', '-1'],
      /--warm-eni-target '-1' is below 0/,
    ],
  ])('bad input %j exits 2', (argv, message) => {
    const run = cli(...argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

test('the smallest subnets that hold the node groups, for sizing a VPC', () => {
  // 30 m5.xlarge nodes over 3 AZs: 10 per subnet × 60 IPs = 600 → a /22 (1,019 usable); a /23 (507) is too small.
  expect(
    smallestFittingPrefixLength(
      3,
      [{ name: 'g', instanceTypes: ['m5.xlarge'], minSize: 3, maxSize: 30 }],
      PodNetworking.secondaryIps(),
    ),
  ).toBe(22);
  // 3 nodes: 1 per subnet × 60 → a /26 (59) is too small, a /25 (123) holds it.
  expect(
    smallestFittingPrefixLength(
      3,
      [{ name: 'g', instanceTypes: ['m5.xlarge'], minSize: 3, maxSize: 3 }],
      PodNetworking.secondaryIps(),
    ),
  ).toBe(25);
});
