import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-VOL2 gp2 node volumes', () => {
  test('compliant: gp3', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-VOL2')).toEqual([]);
  });

  test('non-compliant: a gp2 root', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, volumeType: 'gp2' } }],
    });
    expect(findings(stack, 'NETKIT-VOL2')).toEqual([expect.stringMatching(/\/dev\/xvda is gp2/)]);
  });

  test('unresolved: a volume type from a parameter is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeType: new CfnParameter(stack, 'Type').valueAsString } },
      ],
    });
    expect(findings(stack, 'NETKIT-VOL2')).toEqual([]);
  });
});
