import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-VOL1 container state on the root volume', () => {
  test('compliant: a TunedNodegroup with its data volume', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-VOL1')).toEqual([]);
  });

  test('non-compliant: one root volume, or a TunedNodegroup with the data volume switched off', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, volumeType: 'gp3' } }],
    });
    new TunedNodegroup(stack, 'NoData', { cluster, instanceTypes: ['m5.large'], dataVolume: { enabled: false } });
    expect(findings(stack, 'NETKIT-VOL1')).toHaveLength(2);
  });

  test('unresolved: block devices holding deploy-time values are skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: new CfnParameter(stack, 'Size', { type: 'Number' }).valueAsNumber },
        },
      ],
    });
    expect(findings(stack, 'NETKIT-VOL1')).toEqual([]);
  });
});
