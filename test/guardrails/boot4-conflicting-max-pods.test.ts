import { Fn } from 'aws-cdk-lib';
import { findings, guardedStack, nodeConfigUserData, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-BOOT4 user data that sets max pods twice', () => {
  test('compliant: a TunedNodegroup sets the same value in config and flag', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-BOOT4')).toEqual([]);
  });

  test('non-compliant: a --max-pods flag against the NodeConfig value', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 20 }, ['--max-pods=29']) });
    expect(findings(stack, 'NETKIT-BOOT4')).toEqual([expect.stringMatching(/user data sets max pods to 20 and 29/)]);
  });

  test('unresolved: user data with deploy-time values is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userDataToken: Fn.base64(
        Fn.join('', [nodeConfigUserData({ maxPods: 20 }, ['--max-pods=29']), cluster.clusterName]),
      ),
    });
    expect(findings(stack, 'NETKIT-BOOT4')).toEqual([]);
  });
});
