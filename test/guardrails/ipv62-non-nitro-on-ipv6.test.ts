import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { ipv6GuardedStack } from './ipv6-fixtures';

describe('NETKIT-IPV6-2 non-Nitro types on an IPv6 cluster', () => {
  test('compliant: Nitro types, bare metal included', () => {
    const { stack, cluster } = ipv6GuardedStack();
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m5.xlarge', 'm5.metal'] });
    expect(findings(stack, 'NETKIT-IPV6-2')).toEqual([]);
    // CAP3's fallback warning does not apply on IPv6: bare metal takes IPv6 prefixes.
    expect(findings(stack, 'NETKIT-CAP3')).toEqual([]);
  });

  test('non-compliant: a Xen type, as an error where IPv4 would only warn', () => {
    const { stack, cluster } = ipv6GuardedStack();
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m4.xlarge'] });
    expect(findings(stack, 'NETKIT-IPV6-2')).toEqual([
      expect.stringMatching(/m4\.xlarge is on the xen hypervisor: the VPC CNI's IPv6 mode needs prefix delegation/),
    ]);
    const ipv4 = guardedStack('Ipv4');
    rawNodegroup(ipv4.stack, ipv4.cluster, 'Raw', { instanceTypes: ['m4.xlarge'] });
    expect(findings(ipv4.stack, 'NETKIT-IPV6-2')).toEqual([]);
  });

  test('unresolved: instance types from a parameter are skipped', () => {
    const { stack, cluster } = ipv6GuardedStack();
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: [new CfnParameter(stack, 'Type').valueAsString] });
    expect(findings(stack, 'NETKIT-IPV6-2')).toEqual([]);
  });
});
