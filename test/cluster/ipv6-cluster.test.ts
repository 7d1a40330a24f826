import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import {
  ClusterNetworkingContext,
  NetworkBaseline,
  PodNetworking,
  TunedNodegroup,
  VpcCni,
  VpcCniProps,
} from '../../lib';
import { importedTestCluster, podSubnets, testCluster } from '../fixtures/cluster';
import { cfnJson, launchTemplateUserData, nodeadmDropIns } from '../util';

function ipv6Cluster() {
  return testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } });
}

function vpcCniConfig(template: Template): any {
  const [addon] = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'vpc-cni' } }));
  return cfnJson(addon.Properties.ConfigurationValues);
}

function synthErrors(stack: import('aws-cdk-lib').Stack): string {
  try {
    Template.fromStack(stack);
  } catch (err) {
    return String((err as Error).message);
  }
  throw new Error('synth succeeded');
}

describe('the cluster context on an IPv6 cluster', () => {
  test('reads the IP family from the cluster and defaults pods to IPv6 mode', () => {
    const { cluster } = ipv6Cluster();
    const context = ClusterNetworkingContext.of(cluster);
    expect(context.ipFamily).toBe(eks.IpFamily.IP_V6);
    expect(context.podNetworking?.ipv6Enabled).toBe(true);
  });

  test('an IPv4 cluster keeps the VPC CNI default', () => {
    const { cluster } = testCluster();
    expect(ClusterNetworkingContext.of(cluster).podNetworking?.describe()).toBe('secondary IPs');
  });
});

describe('VpcCni on an IPv6 cluster', () => {
  function vpcCni(props: Partial<VpcCniProps> = {}) {
    const { stack, cluster } = ipv6Cluster();
    const cni = new VpcCni(stack, 'VpcCni', { cluster, ...props });
    return { stack, cni };
  }

  test('by default renders IPv6 mode with prefix delegation on, never ENABLE_PREFIX_DELEGATION "false"', () => {
    const { stack, cni } = vpcCni();
    expect(cni.podNetworking.ipv6Enabled).toBe(true);
    const config = vpcCniConfig(Template.fromStack(stack));
    expect(config.env).toEqual({
      ENABLE_PREFIX_DELEGATION: 'true',
      ENABLE_IPv6: 'true',
      ENABLE_IPv4: 'false',
      CLUSTER_ENDPOINT: '<token>',
    });
    expect(config.init).toEqual({ env: { ENABLE_IPv6: 'true' } });
    // No IPv4 warm-pool setting: the IPv6 CNI keeps no warm pool.
    expect(config.env.WARM_PREFIX_TARGET).toBeUndefined();
  });

  test('ipv4Egress false renders ENABLE_V4_EGRESS "false"', () => {
    const { stack } = vpcCni({ ipv4Egress: false });
    expect(vpcCniConfig(Template.fromStack(stack)).env.ENABLE_V4_EGRESS).toBe('false');
  });

  test('ipv4Egress on an IPv4 mode is refused, naming the prop', () => {
    const { stack, cluster } = testCluster();
    expect(() => new VpcCni(stack, 'VpcCni', { cluster, ipv4Egress: false })).toThrow(
      /ipv4Egress \(false\) only applies to IPv6 clusters/,
    );
  });

  test('the role gets the IPv6 policy instead of AmazonEKS_CNI_Policy, which has no IPv6 action', () => {
    const { stack } = vpcCni();
    const template = Template.fromStack(stack);
    const [role] = Object.values(
      template.findResources('AWS::IAM::Role', {
        Properties: { Description: 'VPC CNI (aws-node) through EKS Pod Identity' },
      }),
    );
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const actions = role.Properties.Policies[0].PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toContain('ec2:AssignIpv6Addresses');
    expect(actions).not.toContain('ec2:AssignPrivateIpAddresses');
  });

  test.each([
    ['secondary IPs', PodNetworking.secondaryIps(), /secondary IPs do not exist there/],
    [
      'custom networking',
      PodNetworking.secondaryIps({ customNetworking: true }),
      /custom networking does not exist on IPv6/,
    ],
    ['IPv4 prefix delegation', PodNetworking.prefixDelegation(), /IPv4 prefix delegation/],
  ])('%s is an error that says why', (_name, podNetworking, why) => {
    const { stack, cluster } = ipv6Cluster();
    new VpcCni(stack, 'VpcCni', {
      cluster,
      podNetworking,
      customNetworkingSubnets: podNetworking.customNetworking ? podSubnets(stack) : undefined,
    });
    const message = synthErrors(stack);
    expect(message).toMatch(why);
    expect(message).toMatch(/use PodNetworking\.ipv6\(\)/);
  });

  test('IPv6 mode on an IPv4 cluster is an error', () => {
    const { stack, cluster } = testCluster();
    new VpcCni(stack, 'VpcCni', { cluster, podNetworking: PodNetworking.ipv6() });
    expect(synthErrors(stack)).toMatch(/the cluster is IPv4/);
  });

  test.each([
    ['warmEniTarget', { warmEniTarget: 1 }],
    ['warmIpTarget', { warmIpTarget: 5, minimumIpTarget: 10 }],
    ['warmPrefixTarget', { warmPrefixTarget: 1 }],
  ])('%s does not apply on IPv6 and says so', (name, warm) => {
    expect(() => vpcCni(warm)).toThrow(new RegExp(`${name} \\(\\d+\\).*(does|do) not apply on IPv6`));
  });
});

describe('TunedNodegroup on an IPv6 cluster', () => {
  function kubelet(stack: import('aws-cdk-lib').Stack) {
    const [parts] = launchTemplateUserData(Template.fromStack(stack));
    return nodeadmDropIns(parts)[0].spec.kubelet;
  }

  test('m5.large gets the IPv6 max pods, 110 (3 × 9 × 16 + 2 = 434, capped below 30 vCPUs), not 29', () => {
    const { stack, cluster } = ipv6Cluster();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    const config = kubelet(stack).config;
    expect(config.maxPods).toBe(110);
    expect(config.kubeReserved).toEqual({ memory: `${11 * 110 + 255}Mi` });
  });

  test('with the VpcCni added after the node group, the same', () => {
    const { stack, cluster } = ipv6Cluster();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.8xlarge'] });
    new VpcCni(stack, 'VpcCni', { cluster });
    expect(kubelet(stack).config.maxPods).toBe(250);
  });

  test('a secondary-IP node group on an IPv6 cluster is an error', () => {
    const { stack, cluster } = ipv6Cluster();
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps(),
    });
    expect(synthErrors(stack)).toMatch(/Nodes: podNetworking is secondary IPs, but the cluster is IPv6/);
  });

  test('a non-Nitro type is an error naming it', () => {
    const { stack, cluster } = ipv6Cluster();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m4.large'] });
    expect(synthErrors(stack)).toMatch(/m4\.large cannot run IPv6 pods/);
  });
});

describe('NetworkBaseline on an IPv6 cluster', () => {
  test('runs NodeLocal DNSCache at fd00::10, forwarding to the IPv6 kube-dns address', () => {
    const { stack, cluster } = ipv6Cluster();
    const baseline = new NetworkBaseline(stack, 'Network', { cluster, observability: false, guardrails: false });
    expect(baseline.podNetworking.ipv6Enabled).toBe(true);
    expect(baseline.nodeLocalDns?.localIp).toBe('fd00::10');
    const other = ipv6Cluster();
    expect(
      () =>
        new NetworkBaseline(other.stack, 'Network', {
          cluster: other.cluster,
          nodeLocalDnsOptions: { kubeDnsIp: '172.20.0.10' },
          observability: false,
          guardrails: false,
        }),
    ).toThrow(/kubeDnsIp \(172\.20\.0\.10\) is an IPv4 address, but cluster .* is IPv6/);
  });
});

describe('an imported cluster declared IPv6', () => {
  test('its VpcCni and node groups take the IPv6 mode', () => {
    const { stack, cluster } = importedTestCluster();
    const context = ClusterNetworkingContext.of(cluster);
    expect(context.ipFamily).toBeUndefined();
    context.declare({ ipFamily: eks.IpFamily.IP_V6 });
    expect(context.ipFamily).toBe(eks.IpFamily.IP_V6);
    const cni = new VpcCni(stack, 'VpcCni', { cluster });
    expect(cni.podNetworking.ipv6Enabled).toBe(true);
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    const [parts] = launchTemplateUserData(Template.fromStack(stack));
    expect(nodeadmDropIns(parts)[0].spec.kubelet.config.maxPods).toBe(110);
  });

  test('a declaration against the family of a cluster created here is refused; a bad value names the choices', () => {
    const { cluster } = ipv6Cluster();
    const context = ClusterNetworkingContext.of(cluster);
    context.declare({ ipFamily: eks.IpFamily.IP_V4 });
    expect(() => context.ipFamily).toThrow(
      /ipFamily has two answers for cluster .*: .* gives ipv6, .* gives ipv4; .*drop ipFamily from the declaration/,
    );
    const imported = importedTestCluster();
    expect(() => ClusterNetworkingContext.of(imported.cluster).declare({ ipFamily: 'ipv7' as eks.IpFamily })).toThrow(
      /ipFamily \('ipv7'\) must be one of ipv4, ipv6/,
    );
  });
});
