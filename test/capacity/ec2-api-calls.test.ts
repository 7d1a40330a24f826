import { burstEc2ApiCalls, nodeEc2ApiCalls, totalEc2ApiCalls } from '../../lib/capacity/ec2-api-calls';
import { calculateMaxPods } from '../../lib/capacity/max-pods';
import { PodNetworking } from '../../lib/capacity/pod-networking';

const secondary = PodNetworking.secondaryIps();
const prefixes = PodNetworking.prefixDelegation();

/** Calls of one node, in the model's API order, for compact expectations. */
const calls = (assign: number, enis: number, trunk = 0) => ({
  AssignPrivateIpAddresses: assign,
  CreateNetworkInterface: enis + trunk,
  AttachNetworkInterface: enis + trunk,
  ModifyNetworkInterfaceAttribute: enis,
  DescribeInstances: enis,
  // IPv4 nodes make no IPv6 calls.
  AssignIpv6Addresses: 0,
  DescribeNetworkInterfaces: 0,
});

// m5.xlarge: 4 ENIs of 15 IPv4 addresses, so 14 secondary addresses (or 14 /28 prefixes) per ENI; max pods 58 with
// secondary IPs (4 × 14 + 2), 110 with prefixes. A new ENI comes with its first addresses, so only the primary ENI
// and top-ups of an attached ENI cost an AssignPrivateIpAddresses call.
describe('EC2 calls of one new node', () => {
  test.each([
    [
      // Primary filled with 14 (1 assign); each time the pods use them up the pool is below one ENI of 14, so ENIs 2,
      // 3 and 4 are created full (3 × create/describe/attach/modify); 56 addresses on 4 ENIs: no room for more.
      'secondary IPs, WARM_ENI_TARGET 1, full node (56 pods)',
      secondary,
      {},
      undefined,
      calls(1, 3),
    ],
    [
      // Primary 14 (1 assign); 10 pods leave 4 < 14 → ENI 2 with 14 (1 create); 28 − 10 = 18 ≥ 14: done.
      'secondary IPs, 10 pods',
      secondary,
      {},
      10,
      calls(1, 1),
    ],
    [
      // WARM_ENI_TARGET 2: 10 pods need 10 + 28 = 38 addresses → 14 (assign) + 14 + 14 (2 creates) = 42.
      'secondary IPs, WARM_ENI_TARGET 2, 10 pods',
      secondary,
      { warmEniTarget: 2 },
      10,
      calls(1, 2),
    ],
    [
      // Short 30 at start: primary takes 14 (assign), ENI 2 created with 14, ENI 3 with the last 2 = 30: done.
      'secondary IPs, MINIMUM_IP_TARGET 30, 30 pods',
      secondary,
      { minimumIpTarget: 30 },
      30,
      calls(1, 2),
    ],
    [
      // Each action takes at most 5: primary 5 + 5 + 4 (3 assigns, full at 14); ENI 2 created with 5, then 5 + 4
      // (2 assigns, full at 28); ENI 3 created with 5 (33 total, 30 pods, 3 free), then short 2 → 1 assign.
      'secondary IPs, WARM_IP_TARGET 5, 30 pods',
      secondary,
      { warmIpTarget: 5 },
      30,
      calls(6, 2),
    ],
    [
      // One /28 at a time: 16 (assign), used up → 32 (assign), 30 pods leave 2 < 16 → 48 (assign): 18 free, done.
      'prefix delegation, WARM_PREFIX_TARGET 1, 30 pods',
      prefixes,
      {},
      30,
      calls(3, 0),
    ],
    [
      // A full node: 108 pods, one /28 per action until max pods (110) is held: 7 × 16 = 112, 7 assigns.
      'prefix delegation, full node (108 pods)',
      prefixes,
      {},
      undefined,
      calls(7, 0),
    ],
    [
      // Short 30 at start → ⌈30 ÷ 16⌉ = 2 prefixes in one call; 32 − 30 = 2 free, nothing short: done.
      'prefix delegation, MINIMUM_IP_TARGET 30, 30 pods',
      prefixes,
      { minimumIpTarget: 30 },
      30,
      calls(1, 0),
    ],
    [
      // The primary ENI carries no pods: 3 pod ENIs, each created full (3 × 14 = 42 = max pods 44 − 2), no assign.
      'custom networking, full node (42 pods)',
      PodNetworking.secondaryIps({ customNetworking: true }),
      {},
      undefined,
      calls(0, 3),
    ],
    [
      // The trunk (created and attached by the VPC resource controller) leaves 3 pod ENIs: primary 14 (assign),
      // ENIs 2 and 3 created: 42 pods = max pods 44 − 2.
      'security groups for pods, full node (42 pods)',
      PodNetworking.secondaryIps({ securityGroupsForPods: true }),
      {},
      undefined,
      calls(1, 2, 1),
    ],
  ])('%s', (_name, mode, warm, pods, expected) => {
    expect(nodeEc2ApiCalls('m5.xlarge', mode, warm, pods)).toEqual(expected);
  });

  test('a node without pods still fills its warm pool: one ENI worth on the primary, or one /28', () => {
    expect(nodeEc2ApiCalls('m5.xlarge', secondary, {}, 0)).toEqual(calls(1, 0));
    expect(nodeEc2ApiCalls('m5.xlarge', prefixes, {}, 0)).toEqual(calls(1, 0));
  });

  test('bad input names the setting', () => {
    expect(() => nodeEc2ApiCalls('m5.xlarge', secondary, { warmIpTarget: -1 })).toThrow(/warmIpTarget \(-1\)/);
    expect(() => nodeEc2ApiCalls('m5.xlarge', secondary, {}, 2.5)).toThrow(/podsPerNode \(2\.5\)/);
    expect(() => nodeEc2ApiCalls('m5.xlarg', secondary)).toThrow(/did you mean m5\.xlarge/);
  });
});

describe('a burst of new nodes', () => {
  test('is linear in the new nodes', () => {
    const perNode = nodeEc2ApiCalls('m5.xlarge', secondary);
    for (const [from, to] of [
      [0, 1],
      [10, 150],
      [0, 5000],
    ]) {
      const burst = burstEc2ApiCalls(
        [{ name: 'ng', instanceTypes: ['m5.xlarge'], fromNodes: from, toNodes: to }],
        secondary,
      );
      for (const [api, n] of Object.entries(perNode)) {
        expect(burst.calls[api as keyof typeof perNode]).toBe((to - from) * n);
      }
    }
  });

  test('groups add up, and a mixed group counts its type with the fewest calls', () => {
    // m5.large: 3 ENIs × 9 → full node 27 pods: primary 9 (assign) + 2 ENIs; m5.xlarge: 1 assign + 3 ENIs.
    const burst = burstEc2ApiCalls(
      [
        { name: 'a', instanceTypes: ['m5.xlarge', 'm5.large'], fromNodes: 0, toNodes: 2 },
        { name: 'b', instanceTypes: ['m5.xlarge'], fromNodes: 1, toNodes: 2 },
      ],
      secondary,
    );
    expect(burst.groups[0].instanceType).toBe('m5.large');
    expect(burst.calls.CreateNetworkInterface).toBe(2 * 2 + 1 * 3);
    expect(burst.calls.AssignPrivateIpAddresses).toBe(2 + 1);
  });

  test('a burst downwards is bad input naming the group', () => {
    expect(() =>
      burstEc2ApiCalls([{ name: 'ng', instanceTypes: ['m5.xlarge'], fromNodes: 5, toNodes: 3 }], secondary),
    ).toThrow(/ng toNodes \(3\) must be a whole number ≥ 5/);
  });
});

describe('prefix delegation never needs more calls than secondary IPs for the same pods', () => {
  const types = ['t3.medium', 'm5.large', 'm5.xlarge', 'c5.4xlarge', 'm6i.8xlarge', 'r6i.16xlarge', 'm5.24xlarge'];
  const settings = [{}, { warmEniTarget: 2, warmPrefixTarget: 2 }, { minimumIpTarget: 20 }, { warmIpTarget: 3 }];
  test.each(types)('%s', (type) => {
    // Only pod counts both modes can hold: secondary IPs hold at most the ENI limit − 2 host-network pods.
    const room = calculateMaxPods(type).eniLimit - 2;
    for (const warm of settings) {
      for (const pods of [0, 1, 5, 16, 17, 29, 40, 58, 100, 234].filter((p) => p <= room)) {
        const sec = nodeEc2ApiCalls(type, secondary, warm, pods);
        const pd = nodeEc2ApiCalls(type, prefixes, warm, pods);
        expect(totalEc2ApiCalls(pd)).toBeLessThanOrEqual(totalEc2ApiCalls(sec));
        expect(pd.CreateNetworkInterface).toBeLessThanOrEqual(sec.CreateNetworkInterface);
      }
    }
  });
});
