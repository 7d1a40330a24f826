import { CfnParameter, Token } from 'aws-cdk-lib';
import { autoModeGuardedStack } from './auto-mode-fixtures';
import { findings } from './fixtures';
import { AutoModeNodeClass, Ipv4PrefixSize } from '../../lib';

// 80 vCPUs of m5.xlarge = 20 nodes, 10 per /24. With 4 pods a node: a /28 each holds 10 × (16 + 1) = 170 of 251
// IPs (over half), single IPs 10 × (4 + 1) = 50: "32" is the better fit.
describe('NETKIT-AUTO3 prefix mode where "32" fits better', () => {
  test('compliant: the same pool with ipv4PrefixSize "32"', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', {
      cluster,
      subnetSelectorTerms: nodeSubnets,
      ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS,
    }).addNodePool('Pool', { instanceTypes: ['m5.xlarge'], cpuLimit: 80, podsPerNode: 4 });
    expect(findings(stack, 'NETKIT-AUTO3')).toEqual([]);
  });

  test('non-compliant: pod-sparse nodes in prefix mode', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster, subnetSelectorTerms: nodeSubnets }).addNodePool('Pool', {
      instanceTypes: ['m5.xlarge'],
      cpuLimit: 80,
      podsPerNode: 4,
    });
    expect(findings(stack, 'NETKIT-AUTO3')).toEqual([
      expect.stringMatching(
        /NodeClass nodes with NodePool pool \(up to 20 nodes\): .*hold 170 IPs in \/28 prefixes but would hold 50 with ipv4PrefixSize "32"/,
      ),
    ]);
    expect(findings(stack, 'NETKIT-AUTO2')).toEqual([]);
  });

  test('unresolved: a pods-per-node from a parameter is skipped', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Nodes', { cluster, subnetSelectorTerms: nodeSubnets }).addNodePool('Pool', {
      instanceTypes: ['m5.xlarge'],
      cpuLimit: Token.asNumber(new CfnParameter(stack, 'Cpu', { type: 'Number' }).value),
      podsPerNode: 4,
    });
    expect(findings(stack, 'NETKIT-AUTO3')).toEqual([]);
  });
});
