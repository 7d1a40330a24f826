import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon } from './fixtures';
import { ipv6GuardedStack } from './ipv6-fixtures';
import { VpcCni } from '../../lib';

describe('NETKIT-IPV6-3 a vpc-cni configuration against the IP family', () => {
  test("compliant: the library's VpcCni on an IPv6 cluster, and a hand-written IPv6 configuration", () => {
    const a = ipv6GuardedStack();
    new VpcCni(a.stack, 'VpcCni', { cluster: a.cluster });
    expect(findings(a.stack, 'NETKIT-IPV6-3')).toEqual([]);
    const b = ipv6GuardedStack();
    rawCniAddon(b.stack, b.cluster, { ENABLE_IPv6: 'true', ENABLE_PREFIX_DELEGATION: 'true' });
    expect(findings(b.stack, 'NETKIT-IPV6-3')).toEqual([]);
  });

  test('non-compliant: the IPv4 defaults written on an IPv6 cluster (prefix delegation off)', () => {
    const { stack, cluster } = ipv6GuardedStack();
    rawCniAddon(stack, cluster, { ENABLE_PREFIX_DELEGATION: 'false', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' });
    expect(findings(stack, 'NETKIT-IPV6-3')).toEqual([
      expect.stringMatching(/sets ENABLE_PREFIX_DELEGATION "false" on an IPv6 cluster: the VPC CNI runs IPv6 only/),
      expect.stringMatching(/sets AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG "true" on an IPv6 cluster/),
    ]);
  });

  test('non-compliant: IPv6 on an IPv4 cluster', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, { ENABLE_IPv6: 'true', ENABLE_PREFIX_DELEGATION: 'true' });
    expect(findings(stack, 'NETKIT-IPV6-3')).toEqual([
      expect.stringMatching(/sets ENABLE_IPv6 "true" on an IPv4 cluster/),
    ]);
  });

  test('unresolved: a value from a parameter is skipped', () => {
    const { stack, cluster } = ipv6GuardedStack();
    rawCniAddon(stack, cluster, { ENABLE_PREFIX_DELEGATION: new CfnParameter(stack, 'Pd').valueAsString });
    expect(findings(stack, 'NETKIT-IPV6-3')).toEqual([]);
  });
});
