import { CfnParameter } from 'aws-cdk-lib';
import { autoModeGuardedStack } from './auto-mode-fixtures';
import { findings } from './fixtures';
import { AutoModeNodeClass } from '../../lib';

describe('NETKIT-AUTO1 pod subnets outside the node subnets’ zones', () => {
  test('compliant: a pod subnet in each zone of the node subnets', () => {
    const { stack, cluster, nodeSubnets, podSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Pods', {
      cluster,
      subnetSelectorTerms: nodeSubnets,
      podSubnetSelectorTerms: podSubnets,
      podSecurityGroupSelectorTerms: [{ id: cluster.clusterSecurityGroupId }],
    });
    expect(findings(stack, 'NETKIT-AUTO1')).toEqual([]);
  });

  test('non-compliant: pod subnets in one of two node zones', () => {
    const { stack, cluster, nodeSubnets, podSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Pods', {
      cluster,
      subnetSelectorTerms: nodeSubnets,
      podSubnetSelectorTerms: [podSubnets[0]],
      podSecurityGroupSelectorTerms: [{ id: cluster.clusterSecurityGroupId }],
    });
    // The VPC numbers subnet groups in order, zone by zone: public 10.0.0–1, private 10.0.2–3, pods 10.0.4–5.
    // The pod subnet 10.0.4.0/24 is in the first zone, so the second zone's node subnet 10.0.3.0/24 is uncovered.
    expect(findings(stack, 'NETKIT-AUTO1')).toEqual([
      expect.stringMatching(/NodeClass pods: node subnet\(s\) 10\.0\.3\.0\/24 lie in zones no pod subnet covers/),
    ]);
  });

  test('unresolved: a pod subnet from a parameter is skipped', () => {
    const { stack, cluster, nodeSubnets } = autoModeGuardedStack();
    new AutoModeNodeClass(stack, 'Pods', {
      cluster,
      subnetSelectorTerms: nodeSubnets,
      podSubnetSelectorTerms: [{ id: new CfnParameter(stack, 'PodSubnet').valueAsString }],
      podSecurityGroupSelectorTerms: [{ id: cluster.clusterSecurityGroupId }],
    });
    expect(findings(stack, 'NETKIT-AUTO1')).toEqual([]);
  });
});
