import { CfnParameter, Stack } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

// Two /24 private subnets (251 usable each); m5.xlarge full nodes hold 60 IPs each with the default warm ENI.
describe('NETKIT-IP1 subnets that cannot hold the node groups at maximum size', () => {
  test('compliant: 8 nodes, 4 per subnet, 240 of 251 IPs', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 8 });
    expect(findings(stack, 'NETKIT-IP1')).toEqual([]);
  });

  test('non-compliant: 20 nodes need 600 IPs per subnet', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 20 });
    expect(findings(stack, 'NETKIT-IP1')).toEqual([
      expect.stringMatching(/subnet 10\.0\.2\.0\/24 needs 600 IPs for 10 nodes at maximum size but has 251/),
    ]);
  });

  test('node groups sharing subnets add up', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'A', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 6 });
    new TunedNodegroup(stack, 'B', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 6 });
    // 3 + 3 nodes per subnet × 60 = 360.
    expect(findings(stack, 'NETKIT-IP1')).toHaveLength(2);
  });

  test('unresolved: a maximum size from a parameter is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      instanceTypes: ['m5.xlarge'],
      maxSize: new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber,
    });
    expect(findings(stack, 'NETKIT-IP1')).toEqual([]);
  });

  test('a node group in another stack than its cluster is checked against the same subnets', () => {
    const { app, cluster } = guardedStack();
    const nodes = new Stack(app, 'Nodes');
    new TunedNodegroup(nodes, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 20 });
    expect(findings(nodes, 'NETKIT-IP1')).toEqual([
      expect.stringMatching(/subnet 10\.0\.2\.0\/24 needs 600 IPs for 10 nodes at maximum size but has 251/),
    ]);
    expect(findings(nodes, 'NETKIT-FACTS')).toEqual([]);
  });
});
