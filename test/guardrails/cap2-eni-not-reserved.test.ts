import { Fn } from 'aws-cdk-lib';
import { findings, guardedStack, nodeConfigUserData, rawCniAddon, rawNodegroup } from './fixtures';
import { PodNetworking, TunedNodegroup } from '../../lib';

const CUSTOM = { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' };

describe('NETKIT-CAP2 custom networking or security groups for pods without the ENI reserved', () => {
  test('compliant: a TunedNodegroup computes maxPods for the mode, and Karpenter reserves the ENI', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, CUSTOM);
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
    });
    cluster.addHelmChart('Karpenter', {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter/karpenter',
      values: { settings: { reservedENIs: '1' } },
    });
    expect(findings(stack, 'NETKIT-CAP2')).toEqual([]);
  });

  test('non-compliant: maxPods 29 on m5.large under custom networking (20), and a Karpenter chart without reservedENIs', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, CUSTOM);
    rawNodegroup(stack, cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 29 }) });
    cluster.addHelmChart('Karpenter', {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter/karpenter',
      values: { settings: { clusterName: 'prod' } },
    });
    expect(findings(stack, 'NETKIT-CAP2').sort()).toEqual([
      expect.stringMatching(/Karpenter settings\.reservedENIs is 0, but secondary IPs \+ custom networking needs 1/),
      expect.stringMatching(
        /maxPods \(29\) ignores the ENI that secondary IPs \+ custom networking takes on m5\.large: the capacity is 20/,
      ),
    ]);
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([]);
  });

  test('unresolved: user data with deploy-time values is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, CUSTOM);
    rawNodegroup(stack, cluster, 'Raw', {
      userDataToken: Fn.base64(Fn.join('', [nodeConfigUserData({ maxPods: 29 }), cluster.clusterName])),
    });
    expect(findings(stack, 'NETKIT-CAP2')).toEqual([]);
  });
});
