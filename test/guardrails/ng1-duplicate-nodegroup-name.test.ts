import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-NG1 two managed node groups with one name on one cluster', () => {
  test('compliant: names of their own, and node groups left for CloudFormation to name', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Tuned', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'a' });
    cluster.addNodegroupCapacity('Plain', { nodegroupName: 'b', instanceTypes: [] });
    cluster.addNodegroupCapacity('Unnamed', { instanceTypes: [] });
    cluster.addNodegroupCapacity('AlsoUnnamed', { instanceTypes: [] });
    expect(findings(stack, 'NETKIT-NG1')).toEqual([]);
  });

  test('non-compliant: a TunedNodegroup and a plain addNodegroupCapacity of one name, naming both', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Tuned', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'ng' });
    cluster.addNodegroupCapacity('Plain', { nodegroupName: 'ng', instanceTypes: [] });
    expect(findings(stack, 'NETKIT-NG1')).toEqual([
      expect.stringMatching(
        /node group name 'ng' is already taken on cluster Guarded\/Cluster by Guarded\/Cluster\/NodegroupPlain\/Resource; CloudFormation fails to create the second node group \(Guarded\/Tuned\/Resource\/Resource\)/,
      ),
    ]);
  });

  test('non-compliant: two raw CfnNodegroups of one name', () => {
    const { stack, cluster } = guardedStack();
    for (const id of ['One', 'Two']) {
      new eks.CfnNodegroup(stack, id, {
        clusterName: cluster.clusterName,
        nodegroupName: 'workers',
        nodeRole: 'arn:aws:iam::111111111111:role/nodes',
        subnets: cluster.vpc.privateSubnets.map((s) => s.subnetId),
      });
    }
    expect(findings(stack, 'NETKIT-NG1')).toEqual([
      expect.stringMatching(
        /'workers' is already taken on cluster Guarded\/Cluster\/Resource by Guarded\/One.*\(Guarded\/Two\)/,
      ),
    ]);
  });

  test('two TunedNodegroups of one name: the cluster context stops synth at construction, said once', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'A', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'ng' });
    expect(() => new TunedNodegroup(stack, 'B', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'ng' })).toThrow(
      /node group 'ng' is already written to cluster Guarded\/Cluster by Guarded\/A/,
    );
    expect(findings(stack, 'NETKIT-NG1')).toEqual([]);
  });

  test('node groups of other clusters may share a name', () => {
    const { stack, cluster } = guardedStack();
    cluster.addNodegroupCapacity('Plain', { nodegroupName: 'ng', instanceTypes: [] });
    new eks.CfnNodegroup(stack, 'Elsewhere', {
      clusterName: 'another-cluster',
      nodegroupName: 'ng',
      nodeRole: 'arn:aws:iam::111111111111:role/nodes',
      subnets: cluster.vpc.privateSubnets.map((s) => s.subnetId),
    });
    expect(findings(stack, 'NETKIT-NG1')).toEqual([]);
  });
});
