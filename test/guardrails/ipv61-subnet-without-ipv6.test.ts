import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { ipv6GuardedStack } from './ipv6-fixtures';

describe('NETKIT-IPV6-1 node subnets of an IPv6 cluster without IPv6', () => {
  test('compliant: a dual-stack VPC', () => {
    const { stack, cluster } = ipv6GuardedStack();
    rawNodegroup(stack, cluster, 'Raw');
    expect(findings(stack, 'NETKIT-IPV6-1')).toEqual([]);
  });

  test('compliant: an IPv4 cluster in an IPv4 VPC is not its business', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw');
    expect(findings(stack, 'NETKIT-IPV6-1')).toEqual([]);
  });

  test('non-compliant: an IPv6 cluster in an IPv4-only VPC, one finding per subnet', () => {
    const { stack, cluster } = ipv6GuardedStack(false);
    rawNodegroup(stack, cluster, 'Raw');
    expect(findings(stack, 'NETKIT-IPV6-1')).toEqual([
      expect.stringMatching(/subnet Guarded\/Vpc\/privateSubnet1\/Subnet has no IPv6 CIDR, but the cluster is IPv6/),
      expect.stringMatching(/subnet Guarded\/Vpc\/privateSubnet2\/Subnet has no IPv6 CIDR/),
    ]);
  });

  test('non-compliant: a /64 but no auto-assignment', () => {
    const { stack, cluster, vpc } = ipv6GuardedStack();
    for (const subnet of vpc.privateSubnets) {
      (subnet.node.defaultChild as ec2.CfnSubnet).assignIpv6AddressOnCreation = false;
    }
    rawNodegroup(stack, cluster, 'Raw');
    expect(findings(stack, 'NETKIT-IPV6-1')).toEqual([
      expect.stringMatching(/privateSubnet1\/Subnet does not auto-assign IPv6 addresses/),
      expect.stringMatching(/privateSubnet2\/Subnet does not auto-assign IPv6 addresses/),
    ]);
  });

  test('unresolved: subnets imported by ID cannot be read and are skipped', () => {
    const { stack, cluster } = ipv6GuardedStack(false);
    const { nodegroup } = rawNodegroup(stack, cluster, 'Raw');
    nodegroup.subnets = ['subnet-imported'];
    expect(findings(stack, 'NETKIT-IPV6-1')).toEqual([]);
  });
});
