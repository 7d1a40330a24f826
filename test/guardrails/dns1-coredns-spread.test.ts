import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack } from './fixtures';
import { CoreDns, TunedNodegroup } from '../../lib';

describe('NETKIT-DNS1 CoreDNS with fewer than 2 replicas or without a zone spread', () => {
  test('compliant: the CoreDns construct', () => {
    const { stack, cluster } = guardedStack();
    new CoreDns(stack, 'CoreDns', { cluster });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-DNS1')).toEqual([]);
  });

  test('non-compliant: one replica and no spread, or the EKS defaults', () => {
    const { stack, cluster } = guardedStack();
    new eks.CfnAddon(stack, 'CoreDnsRaw', {
      clusterName: cluster.clusterName,
      addonName: 'coredns',
      configurationValues: JSON.stringify({ replicaCount: 1 }),
    });
    expect(findings(stack, 'NETKIT-DNS1').sort()).toEqual([
      expect.stringMatching(/CoreDNS has no topology\.kubernetes\.io\/zone spread constraint/),
      expect.stringMatching(/CoreDNS runs 1 replica/),
    ]);
    const defaults = guardedStack('Defaults');
    new TunedNodegroup(defaults.stack, 'Nodes', { cluster: defaults.cluster, instanceTypes: ['m5.large'] });
    expect(findings(defaults.stack, 'NETKIT-DNS1')).toEqual([
      expect.stringMatching(/CoreDNS runs with the EKS defaults: no zone spread/),
    ]);
  });

  test('unresolved: a replica count from a parameter is skipped', () => {
    const { stack, cluster } = guardedStack();
    new eks.CfnAddon(stack, 'CoreDnsRaw', {
      clusterName: cluster.clusterName,
      addonName: 'coredns',
      configurationValues: Stack.of(stack).toJsonString({
        replicaCount: new CfnParameter(stack, 'Replicas', { type: 'Number' }).valueAsNumber,
      }),
    });
    expect(findings(stack, 'NETKIT-DNS1')).toEqual([]);
  });
});
