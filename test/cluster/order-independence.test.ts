import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import {
  AutoModeNodeClass,
  ClusterAuthenticationMode,
  ClusterNetworkingContext,
  CoreDns,
  DaemonSetReadinessGate,
  KarpenterNodeClass,
  KubeProxy,
  KubeProxyMode,
  NetkitGuardrails,
  NetworkObservability,
  NodeLocalDnsCache,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
  TunedNodegroup,
  VpcCni,
} from '../../lib';
import { importedTestCluster, testCluster } from '../fixtures/cluster';
import { testApp } from '../util';

/** Every kind of construct of the library that reads or writes the cluster context, plus a declaration. */
const PARTS = [
  'VpcCni',
  'KubeProxy',
  'CoreDns',
  'NodeLocalDns',
  'Gate',
  'Nodes',
  'Karpenter',
  'AutoModeClass',
  'Declaration',
  'Observability',
] as const;
type Part = (typeof PARTS)[number];

const MODE = () => PodNetworking.prefixDelegation({ securityGroupsForPods: true });

/**
 * The parts on one cluster, created in the given order, with the guardrails on. Every part agrees with the others
 * (the same mode, the same kube-proxy mode), so any order must give the same app.
 */
function build(kind: 'created' | 'imported', order: readonly Part[]) {
  const app = testApp();
  NetkitGuardrails.enable(app);
  const { stack, cluster } =
    kind === 'created'
      ? testCluster({
          app,
          clusterProps: { defaultCapacityType: eks.DefaultCapacityType.AUTOMODE, defaultCapacity: undefined },
        })
      : importedTestCluster({ app });
  const clusterRole = iam.Role.fromRoleArn(stack, 'ClusterRole', 'arn:aws:iam::111111111111:role/cluster');
  const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const create: Record<Part, () => void> = {
    VpcCni: () =>
      new VpcCni(stack, 'VpcCni', {
        cluster,
        podNetworking: MODE(),
        podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD,
        clusterRole,
      }),
    KubeProxy: () => new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS }),
    CoreDns: () => new CoreDns(stack, 'CoreDns', { cluster }),
    NodeLocalDns: () => new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp: '172.20.0.10' }),
    Gate: () =>
      new DaemonSetReadinessGate(stack, 'Gate', {
        cluster,
        daemonSetName: 'agent',
        namespace: 'monitoring',
        host: 'kube-dns.kube-system.svc',
        port: 53,
      }),
    Nodes: () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], podNetworking: MODE() }),
    Karpenter: () => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, podNetworking: MODE() }),
    AutoModeClass: () =>
      new AutoModeNodeClass(stack, 'Auto', {
        cluster,
        subnetSelectorTerms: [{ id: 'subnet-0a0a0a0a' }],
        securityGroupSelectorTerms: [{ id: 'sg-0a0a0a0a' }],
      }).addNodePool('Pool', { instanceTypes: ['m5.large'], cpuLimit: 64 }),
    Declaration: () =>
      ClusterNetworkingContext.of(cluster).declare({
        podNetworking: MODE(),
        kubeProxyMode: KubeProxyMode.IPVS,
        autoMode: true,
        ...(kind === 'imported' ? { ipFamily: eks.IpFamily.IP_V4 } : {}),
      }),
    Observability: () =>
      new NetworkObservability(stack, 'Observability', {
        cluster,
        clusterAuthenticationMode: ClusterAuthenticationMode.API,
      }),
  };
  for (const part of order) create[part]();
  const template = Template.fromStack(stack).toJSON();
  const annotations = Annotations.fromStack(stack);
  const findings = [
    ...annotations.findWarning('*', Match.anyValue()),
    ...annotations.findError('*', Match.anyValue()),
    ...annotations.findInfo('*', Match.anyValue()),
  ]
    .map((m) => `${m.id} ${m.entry.type} ${JSON.stringify(m.entry.data)}`)
    .sort();
  return { template, findings };
}

/** The parts of `subset` in the order the keys give them. */
function ordered(subset: readonly Part[], keys: readonly number[]): Part[] {
  return [...subset].sort((a, b) => keys[PARTS.indexOf(a)] - keys[PARTS.indexOf(b)] || a.localeCompare(b));
}

describe('any subset of the constructs, in any order, on created and imported clusters', () => {
  test('gives identical templates and identical findings (fast-check, fixed seed)', () => {
    const keys = fc.array(fc.integer(), { minLength: PARTS.length, maxLength: PARTS.length });
    let runs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('created' as const, 'imported' as const),
        fc.subarray([...PARTS], { minLength: 1 }),
        keys,
        keys,
        (kind, subset, a, b) => {
          runs++;
          const first = build(kind, ordered(subset, a));
          const second = build(kind, ordered(subset, b));
          expect({ order: ordered(subset, b), template: second.template }).toEqual({
            order: ordered(subset, b),
            template: first.template,
          });
          expect(second.findings).toEqual(first.findings);
        },
      ),
      { seed: 18, numRuns: 12 },
    );
    expect(runs).toBe(12);
  });

  test('the full set in reverse order equals the full set in order, for both kinds of cluster', () => {
    for (const kind of ['created', 'imported'] as const) {
      const forward = build(kind, PARTS);
      const backward = build(kind, [...PARTS].reverse());
      expect(backward.template).toEqual(forward.template);
      expect(backward.findings).toEqual(forward.findings);
      // The order-sensitive values are there: NodeLocal's address as clusterDNS, and no unknown-Auto-Mode warning.
      expect(JSON.stringify(forward.template)).toContain('169.254.20.10');
      expect(forward.findings.join('\n')).not.toMatch(/autoModeUnknown/);
    }
  });
});

describe('defaults that follow the IP family read it at synth', () => {
  /** An imported cluster whose family is only declared: VpcCni and node groups on their defaults, NodeLocal DNSCache. */
  function ipv6ByDeclaration(declareFirst: boolean) {
    const { stack, cluster } = importedTestCluster();
    const declare = () => ClusterNetworkingContext.of(cluster).declare({ ipFamily: eks.IpFamily.IP_V6 });
    if (declareFirst) declare();
    const cni = new VpcCni(stack, 'VpcCni', { cluster });
    const dns = new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp: 'fd30:1c53:5f8a::a' });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    if (!declareFirst) declare();
    return { template: Template.fromStack(stack), cni, dns };
  }

  test('an IP family declared after VpcCni and NodeLocalDnsCache gives the same app as one declared before', () => {
    const before = ipv6ByDeclaration(true);
    const after = ipv6ByDeclaration(false);
    expect(after.template.toJSON()).toEqual(before.template.toJSON());
    // IPv6 mode with its own policy (no AmazonEKS_CNI_Policy), node-cache on fd00::10.
    expect(after.cni.podNetworking.ipv6Enabled).toBe(true);
    expect(after.dns.localIp).toBe('fd00::10');
    const [role] = Object.values(
      after.template.findResources('AWS::IAM::Role', {
        Properties: { Description: Match.stringLikeRegexp('VPC CNI') },
      }),
    );
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(role.Properties.Policies)).toContain('ec2:AssignIpv6Addresses');
    expect(JSON.stringify(after.template.toJSON())).toContain('\\"ENABLE_IPv6\\":\\"true\\"');
  });

  test("VpcCni's role keeps the policies added through its own API, whatever the mode", () => {
    const { stack, cluster } = importedTestCluster();
    const cni = new VpcCni(stack, 'VpcCni', { cluster });
    cni.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'));
    ClusterNetworkingContext.of(cluster).declare({ ipFamily: eks.IpFamily.IP_V4 });
    const [role] = Object.values(
      Template.fromStack(stack).findResources('AWS::IAM::Role', {
        Properties: { Description: Match.stringLikeRegexp('VPC CNI') },
      }),
    );
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(/AmazonEKS_CNI_Policy.*ReadOnlyAccess/);
  });

  test('VpcCni on a cluster of unknown family says it runs the IPv4 default', () => {
    const { stack, cluster } = importedTestCluster();
    new VpcCni(stack, 'VpcCni', { cluster });
    Annotations.fromStack(stack).hasWarning(
      '/Test/VpcCni',
      Match.stringLikeRegexp('the IP family of cluster Test/Cluster is unknown .* so VpcCni runs the IPv4 default'),
    );
  });
});
