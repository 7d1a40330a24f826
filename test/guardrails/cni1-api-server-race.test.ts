import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack, rawCniAddon } from './fixtures';

describe('NETKIT-CNI1 aws-node that blocks on the API server without CLUSTER_ENDPOINT or a gate', () => {
  test('compliant: CLUSTER_ENDPOINT set, or a current CNI in plain mode', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, { ENABLE_POD_ENI: 'true', CLUSTER_ENDPOINT: 'https://x.eks.amazonaws.com' });
    expect(findings(stack, 'NETKIT-CNI1')).toEqual([]);
    const plain = guardedStack('Plain');
    rawCniAddon(plain.stack, plain.cluster, { ENABLE_PREFIX_DELEGATION: 'true' });
    expect(findings(plain.stack, 'NETKIT-CNI1')).toEqual([]);
  });

  test('non-compliant: security groups for pods through the Service IP, no gate', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, { ENABLE_POD_ENI: 'true' });
    expect(findings(stack, 'NETKIT-CNI1')).toEqual([
      expect.stringMatching(/aws-node \(secondary IPs \+ security groups for pods\) waits for the API server at start/),
    ]);
  });

  test('unresolved: a configuration holding deploy-time values is read as far as it parses', () => {
    const { stack, cluster } = guardedStack();
    new eks.CfnAddon(stack, 'Cni', {
      clusterName: cluster.clusterName,
      addonName: 'vpc-cni',
      configurationValues: Stack.of(stack).toJsonString({
        env: { ENABLE_POD_ENI: 'true', CLUSTER_ENDPOINT: cluster.clusterEndpoint },
      }),
    });
    expect(findings(stack, 'NETKIT-CNI1')).toEqual([]);
  });
});
