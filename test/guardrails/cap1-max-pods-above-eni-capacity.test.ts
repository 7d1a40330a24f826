import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, nodeConfigUserData, rawNodegroup } from './fixtures';
import { NetkitGuardrails, TunedNodegroup } from '../../lib';

describe('NETKIT-CAP1 maxPods above the ENI capacity', () => {
  test('compliant: a TunedNodegroup computes maxPods', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([]);
  });

  test('non-compliant: a hand-made NodeConfig with maxPods 110 on m5.large (29)', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 110 }) });
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([
      expect.stringMatching(/maxPods \(110\) exceeds the ENI capacity of m5\.large with secondary IPs \(29\)/),
    ]);
  });

  test('unresolved: instance types from a parameter are skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      instanceTypes: [new CfnParameter(stack, 'Type').valueAsString],
      userData: nodeConfigUserData({ maxPods: 110 }),
    });
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([]);
  });

  test('an acknowledged finding is reported as information with its reason', () => {
    const { stack, cluster } = guardedStack();
    const { nodegroup } = rawNodegroup(stack, cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 110 }) });
    NetkitGuardrails.acknowledge(nodegroup, 'NETKIT-CAP1', 'pods here use host networking');
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([
      expect.stringMatching(/\(acknowledged: pods here use host networking\)$/),
    ]);
  });
});
