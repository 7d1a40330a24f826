import { CfnParameter, Token } from 'aws-cdk-lib';
import { autoModeGuardedStack } from './auto-mode-fixtures';
import { findings } from './fixtures';
import { AutoModeNodeClass } from '../../lib';

describe('NETKIT-AUTO4 ephemeral storage below the boot-safe level', () => {
  test('compliant: the construct’s default, 250 MiB/s', () => {
    const { stack, cluster } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster });
    expect(findings(stack, 'NETKIT-AUTO4')).toEqual([]);
  });

  test('non-compliant: 125 MiB/s set explicitly, and a raw NodeClass with Auto Mode’s defaults', () => {
    const { stack, cluster } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster, ephemeralStorage: { throughputMiBps: 125 } });
    cluster.addManifest('Raw', {
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'NodeClass',
      metadata: { name: 'raw' },
      spec: { role: 'r', subnetSelectorTerms: [{ id: 'subnet-1' }], securityGroupSelectorTerms: [{ id: 'sg-1' }] },
    });
    expect(findings(stack, 'NETKIT-AUTO4').sort()).toEqual([
      expect.stringMatching(
        /NodeClass nodes: ephemeral storage 3000 IOPS, 125 MiB\/s; image pulls at boot throttle below 250 MiB\/s/,
      ),
      expect.stringMatching(/NodeClass raw: ephemeral storage 3000 IOPS, 125 MiB\/s \(the Auto Mode default\)/),
    ]);
  });

  test('unresolved: a throughput from a parameter is skipped', () => {
    const { stack, cluster } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', {
      cluster,
      ephemeralStorage: {
        iops: 4000,
        throughputMiBps: Token.asNumber(new CfnParameter(stack, 'Throughput', { type: 'Number' }).value),
      },
    });
    expect(findings(stack, 'NETKIT-AUTO4')).toEqual([]);
  });
});
