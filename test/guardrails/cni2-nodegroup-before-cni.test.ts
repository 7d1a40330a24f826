import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon, rawNodegroup } from './fixtures';
import { TunedNodegroup, VpcCni } from '../../lib';

describe('NETKIT-CNI2 node groups not ordered after the VPC CNI add-on', () => {
  test('compliant: TunedNodegroup and VpcCni, or a raw node group that depends on the add-on', () => {
    const { stack, cluster } = guardedStack();
    new VpcCni(stack, 'VpcCni', { cluster });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-CNI2')).toEqual([]);
    const raw = guardedStack('Raw');
    const addon = rawCniAddon(raw.stack, raw.cluster, {});
    rawNodegroup(raw.stack, raw.cluster, 'Nodes').nodegroup.node.addDependency(addon);
    expect(findings(raw.stack, 'NETKIT-CNI2')).toEqual([]);
  });

  test('non-compliant: a raw node group beside the add-on', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, {});
    rawNodegroup(stack, cluster, 'Nodes');
    expect(findings(stack, 'NETKIT-CNI2')).toEqual([
      expect.stringMatching(/can join before the vpc-cni add-on configuration is applied/),
    ]);
  });

  test('unresolved: a node group of a cluster named by a parameter is not matched to the add-on', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, {});
    rawNodegroup(stack, cluster, 'Nodes', { clusterName: new CfnParameter(stack, 'ClusterNameParam').valueAsString });
    expect(findings(stack, 'NETKIT-CNI2')).toEqual([]);
  });
});
