import { EC2_API_BUCKETS } from '../../lib/capacity/ec2-api-buckets';
import { ec2ApiBudget, largestUnthrottledStep } from '../../lib/capacity/ec2-api-budget';
import { EC2_APIS } from '../../lib/capacity/ec2-api-calls';

// 140 new m5.xlarge nodes with secondary IPs: 1 assign and 3 ENIs (create, describe, attach, modify) each.
const monday = {
  AssignPrivateIpAddresses: 140,
  CreateNetworkInterface: 420,
  AttachNetworkInterface: 420,
  ModifyNetworkInterfaceAttribute: 420,
  DescribeInstances: 420,
};

describe('the minimum seconds of a burst', () => {
  test('each bucket serves its size at once, then its refill per second', () => {
    expect(ec2ApiBudget(monday)).toEqual({
      calls: monday,
      minimumSeconds: {
        perApi: {
          AssignPrivateIpAddresses: 8, // (140 − 100) ÷ 5
          CreateNetworkInterface: 64, // (420 − 100) ÷ 5
          AttachNetworkInterface: 74, // (420 − 50) ÷ 5: the bucket of the other mutating actions
          ModifyNetworkInterfaceAttribute: 64, // (420 − 100) ÷ 5
          DescribeInstances: 16, // (420 − 100) ÷ 20
          AssignIpv6Addresses: 74, // no calls of its own, but it draws from the other-mutating bucket the attaches fill
          DescribeNetworkInterfaces: 16, // likewise the non-mutating bucket of DescribeInstances
        },
        overall: 74,
      },
      bindingApi: 'AttachNetworkInterface',
      otherTrafficPercent: 0,
    });
  });

  test('other traffic in the account takes its share of every bucket', () => {
    // Half of the mutating bucket: 25 tokens, 2.5 per second: (420 − 25) ÷ 2.5 = 158.
    const budget = ec2ApiBudget(monday, 50);
    expect(budget.minimumSeconds.perApi.AttachNetworkInterface).toBe(158);
    // 40 % taken: 60 tokens, 3 per second: (140 − 60) ÷ 3 = 26.7 → 27 whole seconds.
    expect(ec2ApiBudget(monday, 40).minimumSeconds.perApi.AssignPrivateIpAddresses).toBe(27);
  });

  test('a burst the buckets hold takes no time, and names the fullest bucket', () => {
    // 10 nodes: 30 attaches of 50 (60 %) is fuller than 30 describes of 100 or 10 assigns of 100.
    const small = ec2ApiBudget({
      AssignPrivateIpAddresses: 10,
      CreateNetworkInterface: 30,
      AttachNetworkInterface: 30,
      ModifyNetworkInterfaceAttribute: 30,
      DescribeInstances: 30,
    });
    expect(small.minimumSeconds.overall).toBe(0);
    expect(small.bindingApi).toBe('AttachNetworkInterface');
  });

  test('the binding API follows the calls: prefix delegation moves it to AssignPrivateIpAddresses', () => {
    const none = {
      CreateNetworkInterface: 0,
      AttachNetworkInterface: 0,
      ModifyNetworkInterfaceAttribute: 0,
      DescribeInstances: 0,
    };
    // 140 nodes × 3 prefixes one at a time: (420 − 100) ÷ 5 = 64 s.
    const budget = ec2ApiBudget({ AssignPrivateIpAddresses: 420, ...none });
    expect(budget.bindingApi).toBe('AssignPrivateIpAddresses');
    expect(budget.minimumSeconds.overall).toBe(64);
  });

  test('the largest step that no bucket throttles', () => {
    // Per node 1 assign, 3 of each ENI call: attaches 50 ÷ 3 = 16 nodes bind before creates 100 ÷ 3 = 33.
    expect(
      largestUnthrottledStep({
        AssignPrivateIpAddresses: 1,
        CreateNetworkInterface: 3,
        AttachNetworkInterface: 3,
        ModifyNetworkInterfaceAttribute: 3,
        DescribeInstances: 3,
      }),
    ).toBe(16);
  });

  test('a share of 100 % or more is bad input naming it', () => {
    expect(() => ec2ApiBudget(monday, 100)).toThrow(/otherTrafficPercent \(100\) must be from 0 to below 100/);
  });

  test('every API of the model has a bucket, and no API two', () => {
    for (const api of EC2_APIS) expect(EC2_API_BUCKETS.filter((b) => b.apis.includes(api))).toHaveLength(1);
  });
});
