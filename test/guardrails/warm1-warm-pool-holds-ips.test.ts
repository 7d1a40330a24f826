import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack } from './fixtures';
import { TunedNodegroup, WarmPoolOptions } from '../../lib';

// m5.large with the VPC CNI defaults (secondary IPs, WARM_ENI_TARGET 1): a full node has 29 − 2 = 27 pod IPs on
// ceil(27 / 9) = 3 ENIs, capped at the 3 it can attach: 27 secondary + 3 primary = 30 addresses per instance.
function warmNodes(warmPool: WarmPoolOptions, maxSize = 3) {
  const { stack, cluster } = guardedStack();
  new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], minSize: 1, maxSize, warmPool });
  return stack;
}

describe('NETKIT-WARM1 warm pool instances beyond maxSize hold subnet addresses', () => {
  test('compliant: the default pool fills up to maxSize in total, so it adds no instance at maximum size', () => {
    expect(findings(warmNodes({}), 'NETKIT-WARM1')).toEqual([]);
  });

  test('non-compliant: minSize 2 keeps 2 instances beside maxSize, 2 × 30 = 60 addresses', () => {
    expect(findings(warmNodes({ minSize: 2 }), 'NETKIT-WARM1')).toEqual([
      expect.stringMatching(
        /the warm pool keeps 2 instance\(s\) beyond maxSize 3 .* up to 2 × 30 = 60 more addresses \(secondary IPs\)/,
      ),
    ]);
    // maxGroupPreparedCapacity 5 with maxSize 3: 5 − 3 = 2 warm at maximum size
    expect(findings(warmNodes({ maxGroupPreparedCapacity: 5 }), 'NETKIT-WARM1')).toEqual([
      expect.stringMatching(/keeps 2 instance\(s\) beyond maxSize 3/),
    ]);
  });

  test('unresolved: a pool size from a parameter is not guessed at', () => {
    const { stack, cluster } = guardedStack();
    const size = new CfnParameter(stack, 'WarmSize', { type: 'Number' }).valueAsNumber;
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      maxSize: 3,
      warmPool: { minSize: size },
    });
    expect(findings(stack, 'NETKIT-WARM1')).toEqual([]);
  });

  test('NETKIT-IP1 counts warm instances as nodes', () => {
    // Two /24 private subnets (251 usable each). maxSize 14 → 7 nodes × 30 = 210 per subnet: fits.
    expect(findings(warmNodes({}, 14), 'NETKIT-IP1')).toEqual([]);
    // With 4 warm instances: 18 → 9 per subnet × 30 = 270 > 251.
    expect(findings(warmNodes({ minSize: 4 }, 14), 'NETKIT-IP1')).toEqual([expect.stringMatching(/^\[NETKIT-IP1\]/)]);
  });
});
