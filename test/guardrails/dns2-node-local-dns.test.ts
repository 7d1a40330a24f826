import { CfnParameter } from 'aws-cdk-lib';
import { autoModeGuardedStack } from './auto-mode-fixtures';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { ipv6GuardedStack } from './ipv6-fixtures';
import { AutoModeNodeClass, NetkitGuardrails, NodeLocalDnsCache, TunedNodegroup } from '../../lib';

describe('NETKIT-DNS2 no NodeLocal DNSCache on a large cluster', () => {
  const big = { instanceTypes: ['m5.large'], minSize: 2, maxSize: 60 };

  test('compliant: NodeLocalDnsCache, or a small cluster', () => {
    const { stack, cluster } = guardedStack();
    new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster });
    new TunedNodegroup(stack, 'Nodes', { cluster, ...big });
    expect(findings(stack, 'NETKIT-DNS2')).toEqual([]);
    const small = guardedStack('Small');
    new TunedNodegroup(small.stack, 'Nodes', { cluster: small.cluster, instanceTypes: ['m5.large'], maxSize: 10 });
    expect(findings(small.stack, 'NETKIT-DNS2')).toEqual([]);
  });

  test('non-compliant: 60 nodes and no cache; acknowledging keeps synth quiet but says why', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, ...big });
    expect(findings(stack, 'NETKIT-DNS2')).toEqual([
      expect.stringMatching(/node groups can reach 60 nodes with no NodeLocal DNSCache/),
    ]);
    const acknowledged = guardedStack('Acknowledged');
    new TunedNodegroup(acknowledged.stack, 'Nodes', { cluster: acknowledged.cluster, ...big });
    NetkitGuardrails.acknowledge(acknowledged.cluster, 'NETKIT-DNS2', 'DNS-heavy pods run on Fargate');
    expect(findings(acknowledged.stack, 'NETKIT-DNS2')).toEqual([
      expect.stringMatching(/acknowledged: DNS-heavy pods run on Fargate/),
    ]);
  });

  test('IPv6 clusters too: the cache runs there (at fd00::10), so its absence counts', () => {
    const missing = ipv6GuardedStack();
    new TunedNodegroup(missing.stack, 'Nodes', { cluster: missing.cluster, ...big, instanceTypes: ['m6i.large'] });
    expect(findings(missing.stack, 'NETKIT-DNS2')).toEqual([
      expect.stringMatching(/node groups can reach 60 nodes with no NodeLocal DNSCache/),
    ]);
    const cached = ipv6GuardedStack();
    new NodeLocalDnsCache(cached.stack, 'NodeLocalDns', { cluster: cached.cluster });
    new TunedNodegroup(cached.stack, 'Nodes', { cluster: cached.cluster, ...big, instanceTypes: ['m6i.large'] });
    expect(findings(cached.stack, 'NETKIT-DNS2')).toEqual([]);
  });

  test('unresolved: a maximum size from a parameter does not count', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { maxSize: new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber });
    expect(findings(stack, 'NETKIT-DNS2')).toEqual([]);
  });

  test('Auto Mode nodes do not count: they cache DNS themselves, and NodeLocal DNSCache stays off them', () => {
    // A NodePool of up to 400 vCPUs of m5.xlarge (4 vCPUs) can reach 400 / 4 = 100 Auto Mode nodes.
    const pure = autoModeGuardedStack();
    new AutoModeNodeClass(pure.stack, 'General', {
      cluster: pure.cluster,
      subnetSelectorTerms: pure.nodeSubnets,
    }).addNodePool('Pool', { instanceTypes: ['m5.xlarge'], cpuLimit: 400 });
    expect(findings(pure.stack, 'NETKIT-DNS2')).toEqual([]);

    // Mixed: the managed node group's 60 nodes still count.
    const mixed = autoModeGuardedStack('Mixed');
    new AutoModeNodeClass(mixed.stack, 'General', {
      cluster: mixed.cluster,
      subnetSelectorTerms: mixed.nodeSubnets,
    }).addNodePool('Pool', { instanceTypes: ['m5.xlarge'], cpuLimit: 400 });
    new TunedNodegroup(mixed.stack, 'Nodes', { cluster: mixed.cluster, ...big });
    expect(findings(mixed.stack, 'NETKIT-DNS2')).toEqual([
      expect.stringMatching(/node groups can reach 60 nodes with no NodeLocal DNSCache/),
    ]);
  });
});
