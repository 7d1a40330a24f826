import { ec2ApiBudget, ec2ApiBudgetFix, largestUnthrottledStep } from '../../lib/capacity/ec2-api-budget';
import { burstEc2ApiCalls, nodeEc2ApiCalls } from '../../lib/capacity/ec2-api-calls';
import { IPV6_PREFIXES_PER_SUBNET, nodeIpUsage, planIpCapacity } from '../../lib/capacity/ip-planner';
import { PodNetworking } from '../../lib/capacity/pod-networking';

const ipv6 = PodNetworking.ipv6();

// The enterprise case study's shape: a weekend scale-down to 3 nodes, a Monday scale-up, node subnets of one /24 per
// AZ (251 usable addresses each after AWS's 5), m5.xlarge nodes (4 ENIs × 15 IPv4 addresses, 4 vCPUs).
const subnets = ['a', 'b', 'c'].map((az, i) => ({ cidr: `10.0.${i + 1}.0/24`, availabilityZone: az }));
const monday = (maxSize: number) => [{ name: 'workers', instanceTypes: ['m5.xlarge'], minSize: 3, maxSize }];

describe('what an IPv6 node takes from its subnet', () => {
  test('one IPv4 address (its primary ENI) and one /80, whatever its pods', () => {
    // max pods min(110, 4 × 14 × 16 + 2 = 898) = 110 → 108 pod IPs, all from the /80.
    expect(nodeIpUsage('m5.xlarge', ipv6)).toEqual({
      instanceType: 'm5.xlarge',
      podIps: 108,
      enisAttached: 1,
      ipsHeld: 1,
      prefixes: 0,
      ipv6Prefixes: 1,
      eniCalls: 0,
      assignCalls: 0,
      assignIpv6Calls: 1,
    });
    expect(nodeIpUsage('m5.xlarge', ipv6, {}, 5).ipsHeld).toBe(1);
  });

  test('security groups for pods add the trunk ENI and its IPv4 address on trunking types', () => {
    const sgp = PodNetworking.ipv6({ securityGroupsForPods: true });
    expect(nodeIpUsage('m5.xlarge', sgp)).toMatchObject({ enisAttached: 2, ipsHeld: 2, eniCalls: 1 });
    // t3 types have no trunk: nothing added.
    expect(nodeIpUsage('t3.large', sgp)).toMatchObject({ enisAttached: 1, ipsHeld: 1, eniCalls: 0 });
  });

  test('warm-pool settings do not apply and say so', () => {
    expect(() => nodeIpUsage('m5.xlarge', ipv6, { warmEniTarget: 1 })).toThrow(
      /warmEniTarget \(1\) (does|do) not apply on IPv6/,
    );
  });
});

describe('the EC2 calls of an IPv6 scale-up', () => {
  test('two DescribeNetworkInterfaces, one CreateTags and one AssignIpv6Addresses per node, no ENI calls', () => {
    // nodeInit describes the ENIs and tags the primary one; assignIPv6Prefix reads its prefixes, then assigns a /80.
    expect(nodeEc2ApiCalls('m5.xlarge', ipv6)).toEqual({
      AssignPrivateIpAddresses: 0,
      CreateNetworkInterface: 0,
      AttachNetworkInterface: 0,
      ModifyNetworkInterfaceAttribute: 0,
      DescribeInstances: 0,
      AssignIpv6Addresses: 1,
      DescribeNetworkInterfaces: 2,
      CreateTags: 1,
    });
  });

  test('1,000 new nodes wait on the describes: (2000 − 50) ÷ 10 = 195 s, and the fix is the pace', () => {
    const mode = ipv6;
    const burst = burstEc2ApiCalls(
      [{ name: 'workers', instanceTypes: ['m5.xlarge'], fromNodes: 0, toNodes: 1000 }],
      mode,
    );
    const budget = ec2ApiBudget(burst.calls);
    // 1,000 assigns in a 50-token bucket refilled at 5/s: (1000 − 50) ÷ 5 = 190 s.
    expect(budget.minimumSeconds.perApi.AssignIpv6Addresses).toBe(190);
    // 2,000 describes in a 50-token bucket refilled at 10/s: (2000 − 50) ÷ 10 = 195 s.
    expect(budget.minimumSeconds.perApi.DescribeNetworkInterfaces).toBe(195);
    // 1,000 tags in a 100-token bucket refilled at 10/s: (1000 − 100) ÷ 10 = 90 s.
    expect(budget.minimumSeconds.perApi.CreateTags).toBe(90);
    expect(budget.bindingApi).toBe('DescribeNetworkInterfaces');
    const step = largestUnthrottledStep(burst.groups[0].perNode);
    expect(step).toBe(25); // 50 describe tokens ÷ 2 calls per node
    expect(ec2ApiBudgetFix(budget, mode, {}, step)).toBe(
      "scale in steps of at most 25 nodes; or ask AWS to raise the account's EC2 API rate limits",
    );
  });
});

describe('the enterprise case study, before and after the move to IPv6', () => {
  test('IPv4 secondary IPs: 60 nodes do not fit three /24s', () => {
    // 20 nodes per subnet × 60 IPv4 addresses (4 ENIs × 15 with WARM_ENI_TARGET 1) = 1,200 of 251.
    const plan = planIpCapacity(subnets, monday(60), PodNetworking.secondaryIps());
    expect(plan.fits).toBe(false);
    expect(plan.subnets[0]).toMatchObject({ nodesAtMax: 20, ipsAtMax: 1200, usableIps: 251 });
  });

  test('IPv6: the same subnets hold the 60 nodes with 231 IPv4 addresses to spare in each', () => {
    const plan = planIpCapacity(subnets, monday(60), ipv6);
    expect(plan.fits).toBe(true);
    // 20 nodes per subnet × 1 IPv4 address = 20 of 251; 20 of the 65,536 /80s of the subnet's /64.
    expect(plan.subnets.map((s) => [s.nodesAtMax, s.ipsAtMax, s.headroom, s.ipv6PrefixesAtMax])).toEqual([
      [20, 20, 231, 20],
      [20, 20, 231, 20],
      [20, 20, 231, 20],
    ]);
    expect(IPV6_PREFIXES_PER_SUBNET).toBe(2 ** (80 - 64));
    // Each node holds 108 pods, where an IPv4 secondary-IP m5.xlarge held 56.
    expect(plan.nodegroups[0].perNode.podIps).toBe(108);
    // The scale-up 3 → 60: 57 AssignIpv6Addresses, no ENI created.
    expect(plan.scaleUpCalls).toEqual({
      createNetworkInterface: 0,
      attachNetworkInterface: 0,
      assignPrivateIpAddresses: 0,
      assignIpv6Addresses: 57,
    });
  });

  test('IPv6 runs out of IPv4 node addresses only past 251 nodes per /24', () => {
    // 753 nodes = 251 per subnet fits exactly; 754 puts 252 in each (nodes spread rounded up).
    expect(planIpCapacity(subnets, monday(753), ipv6).fits).toBe(true);
    const over = planIpCapacity(subnets, monday(754), ipv6);
    expect(over.fits).toBe(false);
    expect(over.problems[0]).toMatch(/needs 252 IPs for 252 nodes at maximum size but has 251/);
  });
});
