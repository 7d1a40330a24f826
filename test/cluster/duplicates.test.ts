import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AutoModeNodeClass,
  CoreDns,
  DaemonSetReadinessGate,
  KarpenterNodeClass,
  KubeProxy,
  NetworkObservability,
  NodeLocalDnsCache,
  TunedNodegroup,
  VpcCni,
} from '../../lib';
import { importedTestCluster, testCluster } from '../fixtures/cluster';

type Build = (stack: Stack, cluster: eks.Cluster, id: string) => void;

const nodeRole = (stack: Stack, id: string) =>
  new iam.Role(stack, `${id}Role`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });

/** Two of each: the second names the first, whichever was created first (they are the same kind). */
const ONE_PER_CLUSTER: Array<[string, Build]> = [
  ['VpcCni', (stack, cluster, id) => new VpcCni(stack, id, { cluster })],
  ['KubeProxy', (stack, cluster, id) => new KubeProxy(stack, id, { cluster })],
  ['CoreDns', (stack, cluster, id) => new CoreDns(stack, id, { cluster })],
  [
    'NodeLocalDnsCache',
    (stack, cluster, id) => new NodeLocalDnsCache(stack, id, { cluster, kubeDnsIp: '172.20.0.10' }),
  ],
  ['NetworkObservability', (stack, cluster, id) => new NetworkObservability(stack, id, { cluster })],
];

describe('one of each per cluster', () => {
  test.each(ONE_PER_CLUSTER)('a second %s is an error naming both construct paths', (kind, build) => {
    const { stack, cluster } = testCluster();
    build(stack, cluster, 'First');
    expect(() => build(stack, cluster, 'Second')).toThrow(
      new RegExp(`Test/Second: cluster Test/Cluster already has a ${kind} from cdk-eks-netkit \\(Test/First\\)`),
    );
  });

  test('two clusters may each have one', () => {
    const { stack, cluster } = testCluster();
    const other = new eks.Cluster(stack, 'Other', {
      version: eks.KubernetesVersion.V1_35,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
    });
    new CoreDns(stack, 'A', { cluster });
    expect(() => new CoreDns(stack, 'B', { cluster: other })).not.toThrow();
  });
});

describe('one name per object in the cluster', () => {
  test('two readiness gates on one DaemonSet', () => {
    const { stack, cluster } = testCluster();
    const gate = (id: string) =>
      new DaemonSetReadinessGate(stack, id, {
        cluster,
        daemonSetName: 'agent',
        namespace: 'monitoring',
        host: 'kube-dns.kube-system.svc',
        port: 53,
      });
    gate('A');
    expect(() => gate('B')).toThrow(
      /Test\/B: readiness gate on DaemonSet 'monitoring\/agent' is already written to cluster Test\/Cluster by Test\/A/,
    );
  });

  test("a gate on aws-node next to the VpcCni's own gate, in either order", () => {
    const gate = (stack: Stack, cluster: eks.Cluster) =>
      new DaemonSetReadinessGate(stack, 'Gate', { cluster, daemonSetName: 'aws-node', namespace: 'kube-system' });
    const cni = (stack: Stack, cluster: eks.Cluster) => new VpcCni(stack, 'VpcCni', { cluster, apiServerGate: true });
    const first = testCluster();
    cni(first.stack, first.cluster);
    expect(() => gate(first.stack, first.cluster)).toThrow(
      /'kube-system\/aws-node' is already written .* by Test\/VpcCni\/ApiServerGate/,
    );
    const second = testCluster();
    gate(second.stack, second.cluster);
    expect(() => cni(second.stack, second.cluster)).toThrow(
      /'kube-system\/aws-node' is already written .* by Test\/Gate/,
    );
  });

  test('two KarpenterNodeClasses named default: the EC2NodeClass clashes', () => {
    const { stack, cluster } = testCluster();
    new KarpenterNodeClass(stack, 'A', { cluster, nodeRole: nodeRole(stack, 'A') });
    expect(() => new KarpenterNodeClass(stack, 'B', { cluster, nodeRole: nodeRole(stack, 'B') })).toThrow(
      /Test\/B: EC2NodeClass 'default' is already written to cluster Test\/Cluster by Test\/A/,
    );
  });

  test('two KarpenterNodeClasses with their own names but one NodePool name: the NodePool clashes', () => {
    const { stack, cluster } = testCluster();
    new KarpenterNodeClass(stack, 'A', {
      cluster,
      name: 'a',
      nodeRole: nodeRole(stack, 'A'),
      nodePool: { name: 'pool' },
    });
    expect(
      () =>
        new KarpenterNodeClass(stack, 'B', {
          cluster,
          name: 'b',
          nodeRole: nodeRole(stack, 'B'),
          nodePool: { name: 'pool' },
        }),
    ).toThrow(/Test\/B: NodePool 'pool' is already written to cluster Test\/Cluster by Test\/A/);
  });

  test('Auto Mode NodeClasses and NodePools share the names of the cluster', () => {
    const { stack, cluster } = importedTestCluster();
    const props = {
      cluster,
      subnetSelectorTerms: [{ id: 'subnet-0a0a0a0a' }],
      securityGroupSelectorTerms: [{ id: 'sg-0a0a0a0a' }],
    };
    const a = new AutoModeNodeClass(stack, 'A', { ...props, name: 'workers' });
    expect(() => new AutoModeNodeClass(stack, 'B', { ...props, name: 'workers' })).toThrow(
      /Test\/B: NodeClass 'workers' is already written to cluster Test\/Cluster by Test\/A/,
    );
    a.addNodePool('Pool', { name: 'general' });
    const c = new AutoModeNodeClass(stack, 'C', { ...props, name: 'other' });
    expect(() => c.addNodePool('Pool', { name: 'general' })).toThrow(
      /Test\/C\/Pool: NodePool 'general' is already written to cluster Test\/Cluster by Test\/A\/Pool/,
    );
  });

  test('two node groups with one nodegroupName', () => {
    const { stack, cluster } = testCluster();
    new TunedNodegroup(stack, 'A', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'general' });
    expect(
      () => new TunedNodegroup(stack, 'B', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'general' }),
    ).toThrow(/Test\/B: node group 'general' is already written to cluster Test\/Cluster by Test\/A/);
  });
});
