import { Annotations as CdkAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AutoModeNodeClass,
  ClusterNetworkingContext,
  KarpenterNodeClass,
  KubeProxy,
  NetworkBaseline,
  NetworkBaselineProps,
  NodeLocalDnsCache,
  TunedNodegroup,
  VpcCni,
} from '../../lib';
import { importedTestCluster, testCluster } from '../fixtures/cluster';

const ID = 'cdk-eks-netkit:autoModeOnly';
/** aws-eks-v2's Auto Mode cluster (its default compute), with a service CIDR for NodeLocal DNSCache. */
const AUTO_MODE: Partial<eks.ClusterProps> = {
  defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
  defaultCapacity: undefined,
  serviceIpv4Cidr: '172.20.0.0/16',
};

/** The autoModeOnly warnings of a stack, by construct path. */
function autoModeOnlyWarnings(stack: Stack): Record<string, string> {
  return Object.fromEntries(
    Annotations.fromStack(stack)
      .findWarning('*', Match.stringLikeRegexp(`\\[ack: ${ID}\\]`))
      .map((w) => [w.id, String(w.entry.data)]),
  );
}

function baseline(scope: Stack, cluster: eks.ICluster, props: Partial<NetworkBaselineProps> = {}) {
  return new NetworkBaseline(scope, 'Network', { cluster, observability: false, guardrails: false, ...props });
}

describe('NetworkBaseline on an EKS Auto Mode cluster', () => {
  test('pure Auto Mode: one warning on the baseline saying what does not apply, why, and how to silence it', () => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    new AutoModeNodeClass(stack, 'General', { cluster });
    baseline(stack, cluster, { vpcCniOptions: { apiServerGate: true } });
    const warnings = autoModeOnlyWarnings(stack);
    // One warning for the whole baseline: its VpcCni, KubeProxy and NodeLocalDnsCache stay quiet.
    expect(Object.keys(warnings)).toEqual(['/Test/Network']);
    const message = warnings['/Test/Network'];
    for (const part of [
      'the VPC CNI settings',
      'the aws-node gate',
      "kube-proxy's mode and node-name patch",
      "the coredns add-on's replicas and zone spread",
      'NodeLocal DNSCache',
    ]) {
      expect(message).toContain(part);
    }
    expect(message).toContain('cluster Test/Cluster runs EKS Auto Mode');
    expect(message).toContain('The resources are kept');
    for (const fix of [
      'kubeProxy: false',
      'coreDns: false',
      'nodeLocalDns: false',
      'vpcCniOptions.apiServerGate: false',
    ]) {
      expect(message).toContain(fix);
    }
    expect(message).toContain(`acknowledgeWarning('${ID}')`);
  });

  test('the resources stay as they are: the add-ons are created on a pure Auto Mode cluster', () => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    const network = baseline(stack, cluster);
    expect(network.kubeProxy).toBeDefined();
    expect(network.coreDns).toBeDefined();
    expect(network.nodeLocalDns).toBeDefined();
  });

  test('parts switched off are not listed', () => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    baseline(stack, cluster, { kubeProxy: false, coreDns: false, nodeLocalDns: false });
    const message = autoModeOnlyWarnings(stack)['/Test/Network'];
    expect(message).toContain('the VPC CNI settings');
    // Secondary IPs without custom networking: no aws-node gate by default, so none is listed.
    expect(message).not.toMatch(/aws-node gate|kube-proxy|coredns|NodeLocal DNSCache/);
  });

  test.each([
    ['node group created after the baseline', 'after'],
    ['node group created before the baseline', 'before'],
  ])('mixed (managed node group, %s): no warning', (_, order) => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    const nodes = () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    if (order === 'before') nodes();
    baseline(stack, cluster);
    if (order === 'after') nodes();
    expect(autoModeOnlyWarnings(stack)).toEqual({});
  });

  test('mixed (Karpenter node class): no warning', () => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    baseline(stack, cluster);
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole });
    expect(autoModeOnlyWarnings(stack)).toEqual({});
  });

  test('added through the baseline itself: no warning', () => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    baseline(stack, cluster).addNodegroup('Nodes', { instanceTypes: ['m5.large'] });
    expect(autoModeOnlyWarnings(stack)).toEqual({});
  });

  test('a cluster without Auto Mode: no warning, even with no node group yet', () => {
    const { stack, cluster } = testCluster({ clusterProps: { serviceIpv4Cidr: '172.20.0.0/16' } });
    baseline(stack, cluster);
    expect(autoModeOnlyWarnings(stack)).toEqual({});
  });

  test('an imported cluster declared Auto Mode warns; one that declared nothing does not (unknown is not Auto Mode)', () => {
    const declared = importedTestCluster();
    ClusterNetworkingContext.of(declared.cluster).declare({ autoMode: true });
    baseline(declared.stack, declared.cluster, { nodeLocalDnsOptions: { kubeDnsIp: '172.20.0.10' } });
    expect(Object.keys(autoModeOnlyWarnings(declared.stack))).toEqual(['/Test/Network']);

    const unknown = importedTestCluster();
    baseline(unknown.stack, unknown.cluster, { nodeLocalDnsOptions: { kubeDnsIp: '172.20.0.10' } });
    expect(autoModeOnlyWarnings(unknown.stack)).toEqual({});
  });

  test('acknowledging the id on the stack silences it', () => {
    const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
    baseline(stack, cluster);
    CdkAnnotations.of(stack).acknowledgeWarning(ID);
    expect(autoModeOnlyWarnings(stack)).toEqual({});
  });
});

describe('VpcCni, KubeProxy and NodeLocalDnsCache alone on an EKS Auto Mode cluster', () => {
  const addons: Array<[string, (stack: Stack, cluster: eks.ICluster) => unknown, RegExp]> = [
    [
      'VpcCni',
      (s, cluster) => new VpcCni(s, 'Addon', { cluster, apiServerGate: true }),
      /the VPC CNI settings.*the aws-node gate.*leave VpcCni out/,
    ],
    ['KubeProxy', (s, cluster) => new KubeProxy(s, 'Addon', { cluster }), /kube-proxy's mode.*leave KubeProxy out/],
    [
      'NodeLocalDnsCache',
      (s, cluster) => new NodeLocalDnsCache(s, 'Addon', { cluster }),
      /NodeLocal DNSCache \(Auto Mode nodes cache DNS themselves.*leave NodeLocalDnsCache out/,
    ],
  ];

  test.each(addons)('%s, pure Auto Mode: warns, whichever is created first', (_, create, expected) => {
    for (const nodegroupFirst of [false, true]) {
      const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
      // An Auto Mode node class does not make the cluster mixed, created before or after the add-on.
      if (nodegroupFirst) new AutoModeNodeClass(stack, 'General', { cluster });
      create(stack, cluster);
      if (!nodegroupFirst) new AutoModeNodeClass(stack, 'General', { cluster });
      const warnings = autoModeOnlyWarnings(stack);
      expect(Object.keys(warnings)).toEqual(['/Test/Addon']);
      expect(warnings['/Test/Addon']).toMatch(expected);
    }
  });

  test.each(addons)('%s, mixed: no warning, whichever is created first', (_, create) => {
    for (const nodegroupFirst of [false, true]) {
      const { stack, cluster } = testCluster({ clusterProps: AUTO_MODE });
      const nodes = () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
      if (nodegroupFirst) nodes();
      create(stack, cluster);
      if (!nodegroupFirst) nodes();
      expect(autoModeOnlyWarnings(stack)).toEqual({});
    }
  });
});
