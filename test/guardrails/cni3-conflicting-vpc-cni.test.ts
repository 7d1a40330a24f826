import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack, rawCniAddon } from './fixtures';
import { ClusterNetworkingContext, PodNetworking, VpcCni } from '../../lib';

type Guarded = ReturnType<typeof guardedStack>;

function secondRawAddon(g: Guarded, env: Record<string, string>) {
  return new eks.CfnAddon(g.stack, 'OtherVpcCni', {
    clusterName: g.cluster.clusterName,
    addonName: 'vpc-cni',
    configurationValues: JSON.stringify({ env }),
  });
}

describe('NETKIT-CNI3 two vpc-cni add-ons, or a hand-written one against the cluster context', () => {
  test("compliant: the library's VpcCni alone, a raw add-on alone, and a raw one that matches the declared mode", () => {
    const a = guardedStack('A');
    new VpcCni(a.stack, 'VpcCni', { cluster: a.cluster, podNetworking: PodNetworking.prefixDelegation() });
    expect(findings(a.stack, 'NETKIT-CNI3')).toEqual([]);
    const b = guardedStack('B');
    rawCniAddon(b.stack, b.cluster, { ENABLE_PREFIX_DELEGATION: 'true' });
    expect(findings(b.stack, 'NETKIT-CNI3')).toEqual([]);
    const c = guardedStack('C');
    ClusterNetworkingContext.of(c.cluster).declare({ podNetworking: PodNetworking.prefixDelegation() });
    rawCniAddon(c.stack, c.cluster, { ENABLE_PREFIX_DELEGATION: 'true' });
    expect(findings(c.stack, 'NETKIT-CNI3')).toEqual([]);
  });

  test('non-compliant: a raw vpc-cni add-on next to the library VpcCni, naming both', () => {
    const g = guardedStack();
    new VpcCni(g.stack, 'VpcCni', { cluster: g.cluster });
    rawCniAddon(g.stack, g.cluster, {});
    expect(findings(g.stack, 'NETKIT-CNI3')).toEqual([
      expect.stringMatching(
        /cluster Guarded\/Cluster already has the vpc-cni add-on Guarded\/VpcCni\/Resource; a second one \(Guarded\/RawVpcCni\) fails to create in CloudFormation/,
      ),
    ]);
  });

  test('non-compliant: two raw vpc-cni add-ons', () => {
    const g = guardedStack();
    rawCniAddon(g.stack, g.cluster, {});
    secondRawAddon(g, {});
    expect(findings(g.stack, 'NETKIT-CNI3')).toEqual([
      expect.stringMatching(/already has the vpc-cni add-on Guarded\/RawVpcCni; a second one \(Guarded\/OtherVpcCni\)/),
    ]);
  });

  test('non-compliant: a declared mode and a raw add-on that configures another, naming both', () => {
    const g = guardedStack();
    ClusterNetworkingContext.of(g.cluster).declare({ podNetworking: PodNetworking.prefixDelegation() });
    rawCniAddon(g.stack, g.cluster, {});
    expect(findings(g.stack, 'NETKIT-CNI3')).toEqual([
      expect.stringMatching(
        /the vpc-cni add-on Guarded\/RawVpcCni configures secondary IPs, but cluster Guarded\/Cluster runs prefix delegation according to the declaration on Guarded\/Cluster\/NetkitNetworkingContext/,
      ),
    ]);
  });

  test("the library's own add-on is never judged against the mode it gives the context", () => {
    const g = guardedStack();
    new VpcCni(g.stack, 'VpcCni', {
      cluster: g.cluster,
      podNetworking: PodNetworking.prefixDelegation({ securityGroupsForPods: true, maxEni: 3 }),
    });
    expect(findings(g.stack, 'NETKIT-CNI3')).toEqual([]);
  });
});
