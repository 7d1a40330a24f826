import { CfnParameter, Token } from 'aws-cdk-lib';
import { autoModeGuardedStack } from './auto-mode-fixtures';
import { findings } from './fixtures';
import { AutoModeNodeClass } from '../../lib';

// m5.xlarge: 4 vCPUs; a full Auto Mode node holds 7 /28 prefixes + its primary address = 113 IPs.
describe('NETKIT-AUTO2 NodePool limits the subnets cannot hold', () => {
  test('compliant: 8 vCPUs = 2 nodes, 1 per /24 (113 of 251 IPs)', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster, subnetSelectorTerms: nodeSubnets }).addNodePool('Pool', {
      instanceTypes: ['m5.xlarge'],
      cpuLimit: 8,
    });
    expect(findings(stack, 'NETKIT-AUTO2')).toEqual([]);
  });

  test('non-compliant: 40 vCPUs = 10 nodes, 5 per /24 need 5 × 113 = 565 IPs', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster, subnetSelectorTerms: nodeSubnets }).addNodePool('Pool', {
      instanceTypes: ['m5.xlarge'],
      cpuLimit: 40,
    });
    expect(findings(stack, 'NETKIT-AUTO2')).toEqual([
      expect.stringMatching(
        /NodePool pool can grow to 10 nodes: subnet 10\.0\.2\.0\/24 needs 565 IPs for 5 nodes at maximum size but has 251; use a larger subnet, add subnets, or lower the NodePool limits/,
      ),
    ]);
  });

  test('unresolved: a CPU limit from a parameter is skipped', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster, subnetSelectorTerms: nodeSubnets }).addNodePool('Pool', {
      instanceTypes: ['m5.xlarge'],
      cpuLimit: Token.asNumber(new CfnParameter(stack, 'Cpu', { type: 'Number' }).value),
    });
    expect(findings(stack, 'NETKIT-AUTO2')).toEqual([]);
  });
});
