import { EC2_API_BUCKETS, ec2ApiBuckets, parseEc2ApiLimits } from '../../lib/capacity/ec2-api-buckets';
import { ec2ApiBudget, largestUnthrottledStep } from '../../lib/capacity/ec2-api-budget';
import { EC2_APIS } from '../../lib/capacity/ec2-api-calls';

// 140 new m5.xlarge nodes with secondary IPs. Each: at start-up 1 DescribeNetworkInterfaces and 1 CreateTags (the
// primary ENI), 1 assign on the primary, and 3 more ENIs (create, describe instances, attach, modify) each.
const monday = {
  AssignPrivateIpAddresses: 140,
  CreateNetworkInterface: 420,
  AttachNetworkInterface: 420,
  ModifyNetworkInterfaceAttribute: 420,
  DescribeInstances: 420,
  AssignIpv6Addresses: 0, // IPv4 nodes make no IPv6 calls
  DescribeNetworkInterfaces: 140,
  CreateTags: 140,
};

describe('the minimum seconds of a burst', () => {
  test('each API has its own bucket: its size at once, then its refill per second', () => {
    const budget = ec2ApiBudget(monday);
    expect(budget.minimumSeconds).toEqual({
      perApi: {
        AssignPrivateIpAddresses: 8, // (140 − 100) ÷ 5
        CreateNetworkInterface: 64, // (420 − 100) ÷ 5
        AttachNetworkInterface: 74, // (420 − 50) ÷ 5: the mutating-actions size, in a bucket of its own
        ModifyNetworkInterfaceAttribute: 64, // (420 − 100) ÷ 5
        DescribeInstances: 37, // ⌈(420 − 50) ÷ 10⌉: by ID, unfiltered and unpaginated
        AssignIpv6Addresses: 0, // no calls, and a bucket of its own
        DescribeNetworkInterfaces: 9, // (140 − 50) ÷ 10
        CreateTags: 4, // (140 − 100) ÷ 10
      },
      overall: 74,
    });
    expect(budget.bindingApi).toBe('AttachNetworkInterface');
    expect(budget.calls).toEqual(monday);
    expect(budget.otherTrafficPercent).toBe(0);
  });

  test('other traffic in the account takes its share of every bucket', () => {
    // Half of the attach bucket: 25 tokens, 2.5 per second: (420 − 25) ÷ 2.5 = 158.
    const budget = ec2ApiBudget(monday, 50);
    expect(budget.minimumSeconds.perApi.AttachNetworkInterface).toBe(158);
    // 40 % taken: 60 tokens, 3 per second: (140 − 60) ÷ 3 = 26.7 → 27 whole seconds.
    expect(ec2ApiBudget(monday, 40).minimumSeconds.perApi.AssignPrivateIpAddresses).toBe(27);
  });

  test("an account's own limits replace the defaults of the APIs it names, and only those", () => {
    const limits = { AttachNetworkInterface: { bucketMaximumCapacity: 150, bucketRefillRate: 15 } };
    const budget = ec2ApiBudget(monday, 0, limits);
    expect(budget.minimumSeconds.perApi.AttachNetworkInterface).toBe(18); // (420 − 150) ÷ 15
    expect(budget.minimumSeconds.perApi.CreateNetworkInterface).toBe(64); // default kept
    expect(budget.minimumSeconds.overall).toBe(64);
    expect(budget.buckets.find((b) => b.api === 'AttachNetworkInterface')).toEqual({
      api: 'AttachNetworkInterface',
      category: 'account limit',
      size: 150,
      refillPerSecond: 15,
    });
  });

  test('a burst the buckets hold takes no time, and names the fullest bucket', () => {
    // 30 attaches of 50 (60 %) is fuller than 20 describes of 50 (40 %) or 10 assigns of 100.
    const small = ec2ApiBudget({
      AssignIpv6Addresses: 0,
      AssignPrivateIpAddresses: 10,
      CreateNetworkInterface: 30,
      AttachNetworkInterface: 30,
      ModifyNetworkInterfaceAttribute: 30,
      DescribeInstances: 20,
      DescribeNetworkInterfaces: 10,
      CreateTags: 10,
    });
    expect(small.minimumSeconds.overall).toBe(0);
    expect(small.bindingApi).toBe('AttachNetworkInterface');
  });

  test('the binding API follows the calls: prefix delegation moves it to AssignPrivateIpAddresses', () => {
    const startUp = { DescribeNetworkInterfaces: 140, CreateTags: 140 };
    const none = {
      AssignIpv6Addresses: 0,
      CreateNetworkInterface: 0,
      AttachNetworkInterface: 0,
      ModifyNetworkInterfaceAttribute: 0,
      DescribeInstances: 0,
    };
    // 140 nodes × 3 prefixes one at a time: (420 − 100) ÷ 5 = 64 s.
    const budget = ec2ApiBudget({ AssignPrivateIpAddresses: 420, ...none, ...startUp });
    expect(budget.bindingApi).toBe('AssignPrivateIpAddresses');
    expect(budget.minimumSeconds.overall).toBe(64);
  });

  test('the largest step that no bucket throttles', () => {
    // Per node 1 assign, 3 of each ENI call, 1 describe-ENIs and 1 tag: attaches 50 ÷ 3 = 16 (and describe-instances
    // 50 ÷ 3 = 16) bind before creates 100 ÷ 3 = 33 or describe-ENIs 50 ÷ 1.
    const perNode = {
      AssignIpv6Addresses: 0,
      AssignPrivateIpAddresses: 1,
      CreateNetworkInterface: 3,
      AttachNetworkInterface: 3,
      ModifyNetworkInterfaceAttribute: 3,
      DescribeInstances: 3,
      DescribeNetworkInterfaces: 1,
      CreateTags: 1,
    };
    expect(largestUnthrottledStep(perNode)).toBe(16);
    // With attach and describe-instances raised to 300 tokens: creates bind, ⌊100 ÷ 3⌋ = 33.
    const raised = { bucketMaximumCapacity: 300, bucketRefillRate: 10 };
    expect(largestUnthrottledStep(perNode, 0, { AttachNetworkInterface: raised, DescribeInstances: raised })).toBe(33);
  });

  test('a share of 100 % or more is bad input naming it', () => {
    expect(() => ec2ApiBudget(monday, 100)).toThrow(/otherTrafficPercent \(100\) must be from 0 to below 100/);
  });
});

describe('the buckets', () => {
  test('every API of the model has a bucket, and no API two', () => {
    for (const api of EC2_APIS) expect(EC2_API_BUCKETS.filter((b) => b.api === api)).toHaveLength(1);
    expect(EC2_API_BUCKETS).toHaveLength(EC2_APIS.length);
  });

  test('the sizes of the EC2 throttling table, by API and by category', () => {
    const size = (api: string) => {
      const b = EC2_API_BUCKETS.find((x) => x.api === api)!;
      return [b.size, b.refillPerSecond];
    };
    expect(size('AssignPrivateIpAddresses')).toEqual([100, 5]);
    expect(size('CreateNetworkInterface')).toEqual([100, 5]);
    expect(size('ModifyNetworkInterfaceAttribute')).toEqual([100, 5]);
    expect(size('CreateTags')).toEqual([100, 10]);
    expect(size('AttachNetworkInterface')).toEqual([50, 5]); // mutating actions
    expect(size('DescribeInstances')).toEqual([50, 10]); // unfiltered and unpaginated
    expect(size('DescribeNetworkInterfaces')).toEqual([50, 10]);
  });
});

describe("an account's limits file", () => {
  test('parses the documented format', () => {
    const text = '{ "AssignPrivateIpAddresses": { "bucketMaximumCapacity": 200, "bucketRefillRate": 10 } }';
    expect(parseEc2ApiLimits(text, '--api-limits x.json')).toEqual({
      AssignPrivateIpAddresses: { bucketMaximumCapacity: 200, bucketRefillRate: 10 },
    });
  });

  test.each([
    ['{ nope', /--api-limits x\.json is not JSON/],
    ['[1]', /--api-limits x\.json must be a JSON object keyed by EC2 API name/],
    [
      '{ "AssignPrivateIpAdresses": { "bucketMaximumCapacity": 1, "bucketRefillRate": 1 } }',
      /--api-limits x\.json: 'AssignPrivateIpAdresses' is not an API the EC2 call model counts \(AssignPrivateIpAddresses, .*\); did you mean 'AssignPrivateIpAddresses'\?/,
    ],
    // The same rules as the guardrails' ec2ApiLimits: a misspelt figure, a fraction of a token, an entry that is null.
    [
      '{ "CreateTags": { "bucketMaximumCapacity": 100, "bucketRefilRate": 5 } }',
      /--api-limits x\.json: Ec2ApiLimit has no prop 'bucketRefilRate' \(CreateTags\.bucketRefilRate\); did you mean 'bucketRefillRate'\?/,
    ],
    [
      '{ "CreateTags": { "bucketMaximumCapacity": 2.5, "bucketRefillRate": 5 } }',
      /--api-limits x\.json: CreateTags\.bucketMaximumCapacity \(2\.5\) must be a whole number/,
    ],
    ['{ "CreateTags": null }', /--api-limits x\.json: CreateTags \(null\) is not an Ec2ApiLimit object/],
    [
      '{ "CreateTags": { "bucketMaximumCapacity": 0, "bucketRefillRate": 1 } }',
      /CreateTags\.bucketMaximumCapacity \(0\) must be a number above 0/,
    ],
    [
      '{ "CreateTags": { "bucketMaximumCapacity": 100 } }',
      /CreateTags\.bucketRefillRate \(undefined\) must be a number above 0/,
    ],
  ])('%s is refused clearly', (text, message) => {
    expect(() => parseEc2ApiLimits(text, '--api-limits x.json')).toThrow(message);
  });

  test('with no limits the buckets are the defaults', () => {
    expect(ec2ApiBuckets()).toEqual(EC2_API_BUCKETS);
  });
});
