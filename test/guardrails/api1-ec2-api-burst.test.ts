import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

// m5.xlarge full nodes with secondary IPs: 1 AssignPrivateIpAddresses and 3 new ENIs each (create, describe,
// attach, modify), plus the start-up describe of the ENIs and tag of the primary. The attach bucket (the
// mutating-actions size) holds 50 and refills 5 per second.
describe('NETKIT-API1 scale-ups that need more EC2 API throttling than the budget', () => {
  test('compliant: 2 → 8 nodes make 18 attaches, within the bucket of 50', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 8 });
    expect(findings(stack, 'NETKIT-API1')).toEqual([]);
  });

  test('non-compliant: 2 → 150 nodes make 444 attaches, (444 − 50) ÷ 5 = 78.8 → 79 s', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
    expect(findings(stack, 'NETKIT-API1')).toEqual([
      expect.stringMatching(
        /scaling from 2 to 150 full m5\.xlarge nodes \(secondary IPs\) makes at least 444 AttachNetworkInterface calls: .*at least 79 s for them \(budget 60 s\).*Fix: enable prefix delegation with MINIMUM_IP_TARGET/,
      ),
    ]);
  });

  test('the budget and the other traffic are the pack settings', () => {
    // 2 → 70 nodes: 204 attaches. Alone: (204 − 50) ÷ 5 = 30.8 → 31 s. With half the bucket taken by other callers:
    // (204 − 25) ÷ 2.5 = 71.6 → 72 s, over 60; a 90 s budget accepts it.
    const build = (options: object) => {
      const { stack, cluster } = guardedStack('Guarded', 2, options);
      new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 70 });
      return findings(stack, 'NETKIT-API1');
    };
    expect(build({})).toEqual([]);
    expect(build({ otherEc2ApiTrafficPercent: 50 })).toEqual([
      expect.stringMatching(/at least 72 s for them \(budget 60 s\)/),
    ]);
    expect(build({ otherEc2ApiTrafficPercent: 50, ec2ApiBurstSeconds: 90 })).toEqual([]);
    // The account's own limits: attach, create and modify at 200 tokens refilling 10/s, half taken by others:
    // (204 − 100) ÷ 5 = 20.8 → 21 s; describe-instances (default 50, 10/s) (204 − 25) ÷ 5 = 35.8 → 36 s: within 60.
    const raised = { bucketMaximumCapacity: 200, bucketRefillRate: 10 };
    const ec2ApiLimits = {
      AttachNetworkInterface: raised,
      CreateNetworkInterface: raised,
      ModifyNetworkInterfaceAttribute: raised,
    };
    expect(build({ otherEc2ApiTrafficPercent: 50, ec2ApiLimits })).toEqual([]);
  });

  test("the account's limits are named in the finding, and a bad limits setting is refused", () => {
    const { stack, cluster } = guardedStack('Guarded', 2, {
      ec2ApiLimits: { CreateTags: { bucketMaximumCapacity: 100, bucketRefillRate: 10 } },
    });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
    expect(findings(stack, 'NETKIT-API1')).toEqual([expect.stringMatching(/the account's EC2 rate limits need/)]);
    expect(() =>
      guardedStack('Guarded', 2, {
        ec2ApiLimits: { AttachNetworkInterfaces: { bucketMaximumCapacity: 1, bucketRefillRate: 1 } },
      }),
    ).toThrow(/ec2ApiLimits: 'AttachNetworkInterfaces' is not an API the EC2 call model counts/);
  });

  test('prefix delegation binds on AssignPrivateIpAddresses until MINIMUM_IP_TARGET takes the prefixes at once', () => {
    // A full node (108 pods) takes one /28 per call up to max pods 110: 7 calls; 148 nodes × 7 = 1,036 →
    // (1,036 − 100) ÷ 5 = 187.2 → 188 s. MINIMUM_IP_TARGET 108: ⌈108 ÷ 16⌉ = 7 prefixes in one call →
    // 148 calls: (148 − 100) ÷ 5 = 9.6 → 10 s.
    const withEnv = (env: Record<string, string>) => {
      const { stack, cluster } = guardedStack();
      rawCniAddon(stack, cluster, { ENABLE_PREFIX_DELEGATION: 'true', ...env });
      rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
      return findings(stack, 'NETKIT-API1');
    };
    expect(withEnv({})).toEqual([
      expect.stringMatching(
        /makes at least 1036 AssignPrivateIpAddresses calls: .*at least 188 s .*Fix: set MINIMUM_IP_TARGET to the pods per node/,
      ),
    ]);
    expect(withEnv({ MINIMUM_IP_TARGET: '108' })).toEqual([]);
  });

  test('unresolved: a maximum size from a parameter is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      instanceTypes: ['m5.xlarge'],
      maxSize: new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber,
    });
    expect(findings(stack, 'NETKIT-API1')).toEqual([]);
  });

  test('a bad setting names it', () => {
    expect(() => guardedStack('Guarded', 2, { ec2ApiBurstSeconds: -1 })).toThrow(/ec2ApiBurstSeconds \(-1\)/);
    expect(() => guardedStack('Guarded', 2, { otherEc2ApiTrafficPercent: 100 })).toThrow(
      /otherEc2ApiTrafficPercent \(100\) must be a whole number from 0 to 99/,
    );
  });
});
