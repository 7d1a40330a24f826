import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ClusterAuthenticationMode,
  ClusterNetworkingContext,
  ClusterNetworkingDeclaration,
  KubeProxy,
  KubeProxyMode,
  NetkitGuardrails,
  NodeLocalDnsCache,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
  VpcCni,
} from '../../lib';
import { importedTestCluster, testCluster } from '../fixtures/cluster';
import { testApp } from '../util';

const CONTEXT = 'the declaration on Test/Cluster/NetkitNetworkingContext';

/** One conflict between two sources of a dimension: a declaration and what the app built. */
interface Conflict {
  readonly dimension: keyof ClusterNetworkingDeclaration;
  /** The cluster: created in the app or imported. */
  readonly cluster: 'created' | 'imported';
  readonly declaration: ClusterNetworkingDeclaration;
  /** Adds the other source (a construct of the library), or nothing when the cluster itself is the other source. */
  readonly build?: (stack: Stack, cluster: eks.ICluster) => void;
  /** The other source as the message names it, with its value; then the declaration's value. */
  readonly other: string;
  readonly declared: string;
}

const clusterRole = (stack: Stack) =>
  iam.Role.fromRoleArn(stack, 'ClusterRole', 'arn:aws:iam::111111111111:role/cluster');

const CONFLICTS: Conflict[] = [
  {
    dimension: 'podNetworking',
    cluster: 'imported',
    declaration: { podNetworking: PodNetworking.prefixDelegation() },
    build: (stack, cluster) => new VpcCni(stack, 'VpcCni', { cluster, clusterRole: clusterRole(stack) }),
    other: 'Test/VpcCni gives secondary IPs',
    declared: 'prefix delegation',
  },
  {
    dimension: 'podSecurityGroupEnforcingMode',
    cluster: 'imported',
    declaration: { podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STRICT },
    build: (stack, cluster) =>
      new VpcCni(stack, 'VpcCni', {
        cluster,
        clusterRole: clusterRole(stack),
        podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
        podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD,
      }),
    other: 'Test/VpcCni gives standard',
    declared: 'strict',
  },
  {
    dimension: 'kubeProxyMode',
    cluster: 'imported',
    declaration: { kubeProxyMode: KubeProxyMode.IPTABLES },
    build: (stack, cluster) => new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS }),
    other: 'Test/KubeProxy gives ipvs',
    declared: 'iptables',
  },
  {
    // NodeLocal DNSCache told kube-proxy's mode says something about the cluster too.
    dimension: 'kubeProxyMode',
    cluster: 'imported',
    declaration: { kubeProxyMode: KubeProxyMode.IPTABLES },
    build: (stack, cluster) =>
      new NodeLocalDnsCache(stack, 'NodeLocalDns', {
        cluster,
        kubeDnsIp: '172.20.0.10',
        kubeProxyMode: KubeProxyMode.IPVS,
      }),
    other: 'Test/NodeLocalDns gives ipvs',
    declared: 'iptables',
  },
  {
    // NodeLocal DNSCache with kube-proxy in ipvs mode makes kubelets use its link-local address.
    dimension: 'clusterDns',
    cluster: 'imported',
    declaration: { clusterDns: ['172.20.0.10'], kubeProxyMode: KubeProxyMode.IPVS },
    build: (stack, cluster) => new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp: '172.20.0.10' }),
    other: 'Test/NodeLocalDns gives 169.254.20.10',
    declared: '172.20.0.10',
  },
  {
    dimension: 'autoMode',
    cluster: 'created',
    declaration: { autoMode: true },
    other: 'cluster Test/Cluster as created in this app gives EKS Auto Mode off',
    declared: 'EKS Auto Mode on',
  },
  {
    dimension: 'ipFamily',
    cluster: 'created',
    declaration: { ipFamily: eks.IpFamily.IP_V6 },
    other: 'cluster Test/Cluster as created in this app gives ipv4',
    declared: 'ipv6',
  },
  {
    dimension: 'authenticationMode',
    cluster: 'created',
    declaration: { authenticationMode: ClusterAuthenticationMode.CONFIG_MAP },
    other: 'cluster Test/Cluster as created in this app gives API',
    declared: 'CONFIG_MAP',
  },
];

function synthError(run: () => void): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  return '(no error)';
}

describe('two sources of one fact that disagree stop synth, naming both, in either order', () => {
  for (const conflict of CONFLICTS) {
    for (const order of ['declaration first', 'declaration last'] as const) {
      for (const guardrails of [true, false]) {
        test(`${conflict.dimension}: ${order}, guardrails ${guardrails ? 'on' : 'off'}`, () => {
          const app = testApp();
          if (guardrails) NetkitGuardrails.enable(app);
          const { stack, cluster } =
            conflict.cluster === 'created' ? testCluster({ app }) : importedTestCluster({ app });
          const declare = () => ClusterNetworkingContext.of(cluster).declare(conflict.declaration);
          if (order === 'declaration first') declare();
          conflict.build?.(stack, cluster);
          if (order === 'declaration last') declare();
          const message = synthError(() => app.synth());
          expect(message).toContain(`${conflict.dimension} has two answers for cluster Test/Cluster`);
          expect(message).toContain(conflict.other);
          expect(message).toContain(`${CONTEXT} gives ${conflict.declared}`);
        });
      }
    }
  }

  test('a declaration that contradicts the cluster the app created says the created cluster wins', () => {
    const { app, cluster } = testCluster();
    ClusterNetworkingContext.of(cluster).declare({ autoMode: true });
    expect(synthError(() => app.synth())).toMatch(
      /a declaration may not contradict the cluster the app created: drop autoMode from the declaration/,
    );
  });

  test('autoMode false declared on an Auto Mode cluster is refused too', () => {
    const app = testApp();
    const stack = new Stack(app, 'Test');
    const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_35 });
    ClusterNetworkingContext.of(cluster).declare({ autoMode: false });
    expect(synthError(() => app.synth())).toMatch(
      /autoMode has two answers for cluster Test\/Cluster: cluster Test\/Cluster as created in this app gives EKS Auto Mode on, the declaration on Test\/Cluster\/NetkitNetworkingContext gives EKS Auto Mode off/,
    );
  });

  test.each([
    ['declared together', { ipFamily: eks.IpFamily.IP_V4, podNetworking: PodNetworking.ipv6() }, 'importedTestCluster'],
    [
      'declared together',
      { ipFamily: eks.IpFamily.IP_V6, podNetworking: PodNetworking.secondaryIps() },
      'importedTestCluster',
    ],
    ['against the created cluster', { podNetworking: PodNetworking.ipv6() }, 'testCluster'],
  ] as const)('a declared pod-networking mode of the other IP family stops synth (%s)', (_, declaration, fixture) => {
    const { app, cluster } = fixture === 'testCluster' ? testCluster() : importedTestCluster();
    ClusterNetworkingContext.of(cluster).declare(declaration);
    expect(synthError(() => app.synth())).toMatch(
      /the declaration on Test\/Cluster\/NetkitNetworkingContext: podNetworking is .*, but the cluster is IPv[46]/,
    );
  });

  test('declared cluster DNS of the other IP family stops synth', () => {
    const { app, cluster } = importedTestCluster();
    ClusterNetworkingContext.of(cluster).declare({ ipFamily: eks.IpFamily.IP_V4, clusterDns: ['fd00::a'] });
    expect(synthError(() => app.synth())).toMatch(
      /the declaration on Test\/Cluster\/NetkitNetworkingContext: clusterDns fd00::a is not an IPv4 address, and on an IPv4 cluster kubelets could not reach it/,
    );
  });

  test('a declaration that agrees with the app adds nothing and passes', () => {
    const { app, stack, cluster } = importedTestCluster();
    new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS });
    ClusterNetworkingContext.of(cluster).declare({ kubeProxyMode: KubeProxyMode.IPVS });
    expect(() => app.synth()).not.toThrow();
    expect(ClusterNetworkingContext.of(cluster).kubeProxyMode).toBe(KubeProxyMode.IPVS);
  });
});

describe('ipFamily', () => {
  test('an aws-eks-v2 cluster created without ipFamily is IPv4 (its default), with IP_V6 it is IPv6', () => {
    expect(ClusterNetworkingContext.of(testCluster().cluster).ipFamily).toBe(eks.IpFamily.IP_V4);
    const v6 = testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } }).cluster;
    expect(ClusterNetworkingContext.of(v6).ipFamily).toBe(eks.IpFamily.IP_V6);
  });

  test("the created cluster's template decides: an escape hatch on kubernetesNetworkConfig is read at synth", () => {
    const { cluster } = testCluster();
    const context = ClusterNetworkingContext.of(cluster);
    (cluster.node.defaultChild as eks.CfnCluster).kubernetesNetworkConfig = { ipFamily: 'ipv6' };
    expect(context.ipFamily).toBe(eks.IpFamily.IP_V6);
  });

  test('an imported cluster: unknown, the ipFamily it was imported with, or the declared one', () => {
    const { stack, cluster } = importedTestCluster();
    expect(ClusterNetworkingContext.of(cluster).ipFamily).toBeUndefined();
    ClusterNetworkingContext.of(cluster).declare({ ipFamily: eks.IpFamily.IP_V6 });
    expect(ClusterNetworkingContext.of(cluster).ipFamily).toBe(eks.IpFamily.IP_V6);
    const withAttribute = eks.Cluster.fromClusterAttributes(stack, 'V6', {
      clusterName: 'v6',
      ipFamily: eks.IpFamily.IP_V6,
    });
    expect(ClusterNetworkingContext.of(withAttribute).ipFamily).toBe(eks.IpFamily.IP_V6);
    ClusterNetworkingContext.of(withAttribute).declare({ ipFamily: eks.IpFamily.IP_V4 });
    expect(() => ClusterNetworkingContext.of(withAttribute).ipFamily).toThrow(
      /ipFamily has two answers for cluster Test\/V6: the attributes cluster Test\/V6 was imported with gives ipv6, the declaration on Test\/V6\/NetkitNetworkingContext gives ipv4/,
    );
  });

  test('a declared ipFamily that is not one of the enum is refused, naming the prop and the allowed values', () => {
    const { cluster } = importedTestCluster();
    expect(() => ClusterNetworkingContext.of(cluster).declare({ ipFamily: 'ipv5' as eks.IpFamily })).toThrow(
      /ipFamily \('ipv5'\) must be one of ipv4, ipv6/,
    );
  });
});

describe('authenticationMode', () => {
  test('aws-eks-v2 creates API clusters; an imported one is unknown until declared', () => {
    expect(ClusterNetworkingContext.of(testCluster().cluster).authenticationMode).toBe(ClusterAuthenticationMode.API);
    const { cluster } = importedTestCluster();
    expect(ClusterNetworkingContext.of(cluster).authenticationMode).toBeUndefined();
    ClusterNetworkingContext.of(cluster).declare({ authenticationMode: ClusterAuthenticationMode.CONFIG_MAP });
    expect(ClusterNetworkingContext.of(cluster).authenticationMode).toBe(ClusterAuthenticationMode.CONFIG_MAP);
  });
});

describe('pod networking is compared structurally', () => {
  test('Auto Mode\'s prefix size counts: autoMode("32") is not secondary IPs, autoMode() is not prefix delegation', () => {
    expect(PodNetworking.autoMode({ ipv4PrefixSize: '32' as any }).sameMathAs(PodNetworking.secondaryIps())).toBe(
      false,
    );
    expect(PodNetworking.autoMode().sameMathAs(PodNetworking.prefixDelegation())).toBe(false);
    expect(PodNetworking.autoMode().sameMathAs(PodNetworking.autoMode())).toBe(true);
  });

  test('the template of a consistent app is unchanged by declaring what the VpcCni already says', () => {
    const build = (declare: boolean) => {
      const { stack, cluster } = importedTestCluster();
      new VpcCni(stack, 'VpcCni', {
        cluster,
        clusterRole: clusterRole(stack),
        podNetworking: PodNetworking.prefixDelegation(),
      });
      if (declare) ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.prefixDelegation() });
      return Template.fromStack(stack).toJSON();
    };
    expect(build(true)).toEqual(build(false));
  });
});
