import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-IMDS1 IMDSv1 allowed', () => {
  test('compliant: IMDSv2 required', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-IMDS1')).toEqual([]);
  });

  test('non-compliant: HttpTokens optional', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { httpTokens: 'optional' });
    expect(findings(stack, 'NETKIT-IMDS1')).toEqual([expect.stringMatching(/allows IMDSv1/)]);
  });

  test('unresolved: HttpTokens from a parameter is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { httpTokens: new CfnParameter(stack, 'Tokens').valueAsString });
    expect(findings(stack, 'NETKIT-IMDS1')).toEqual([]);
  });
});
