import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack, rawCniAddon } from './fixtures';
import { ClusterNetworkingContext, NetkitGuardrails, PodNetworking, TunedNodegroup } from '../../lib';
import { importedTestCluster } from '../fixtures/cluster';
import { testApp } from '../util';

const ENV = { account: '111111111111', region: 'us-east-1' };
const AZS = ['us-east-1a', 'us-east-1b'];
const PRIVATE = [
  { subnetId: 'subnet-a', cidr: '10.0.2.0/24', availabilityZone: 'us-east-1a' },
  { subnetId: 'subnet-b', cidr: '10.0.3.0/24', availabilityZone: 'us-east-1b' },
];

type VpcKind = 'created' | 'fromVpcAttributes' | 'fromLookup' | 'fromVpcAttributes without CIDRs';

/** The key under which Vpc.fromLookup reads its answer from the app's context, found the way the CLI finds it. */
function lookupKey(): string {
  const app = new App();
  ec2.Vpc.fromLookup(new Stack(app, 'Probe', { env: ENV }), 'Vpc', { vpcId: 'vpc-1234' });
  return app.synth().manifest.missing![0].key;
}

/** One VPC with the same two private /24s in us-east-1a and us-east-1b, made or imported each way users do. */
function vpcOf(kind: VpcKind, stack: Stack): ec2.IVpc {
  if (kind === 'created') {
    return new ec2.Vpc(stack, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      availabilityZones: AZS,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
  }
  if (kind === 'fromLookup') return ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-1234' });
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1234',
    availabilityZones: AZS,
    privateSubnetIds: PRIVATE.map((s) => s.subnetId),
    ...(kind === 'fromVpcAttributes' ? { privateSubnetIpv4CidrBlocks: PRIVATE.map((s) => s.cidr) } : {}),
  });
}

/** A created cluster in that VPC with 60 m5.xlarge nodes at most, guardrails on; its IP1 and FACTS findings. */
function sixtyNodes(kind: VpcKind) {
  const app = testApp({
    context:
      kind === 'fromLookup'
        ? {
            [lookupKey()]: {
              vpcId: 'vpc-1234',
              vpcCidrBlock: '10.0.0.0/16',
              availabilityZones: [],
              subnetGroups: [
                { name: 'Private', type: 'Private', subnets: PRIVATE.map((s) => ({ ...s, routeTableId: 'rtb-1' })) },
              ],
            },
          }
        : {},
  });
  NetkitGuardrails.enable(app);
  const stack = new Stack(app, 'Guarded', { env: ENV });
  const vpc = vpcOf(kind, stack);
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
  new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 60 });
  return { ip1: findings(stack, 'NETKIT-IP1'), facts: findings(stack, 'NETKIT-FACTS') };
}

describe('existing VPCs: the same plan gives the same findings however the VPC came into the app', () => {
  // m5.xlarge: 4 ENIs × 15 addresses; a full node holds them all with the default WARM_ENI_TARGET: 60 per node.
  // 60 nodes over two subnets: 30 per subnet × 60 = 1,800 addresses, and a /24 has 256 − 5 reserved = 251.
  const perSubnet = (60 / 2) * 4 * 15;
  const expected = [
    ['10.0.2.0/24', 'us-east-1a'],
    ['10.0.3.0/24', 'us-east-1b'],
  ].map(([cidr, az]) =>
    expect.stringContaining(
      `subnet ${cidr} (${az}) needs ${perSubnet} IPs for 30 nodes at maximum size but has ${256 - 5}`,
    ),
  );

  test.each(['created', 'fromVpcAttributes', 'fromLookup'] as const)('%s', (kind) => {
    const { ip1, facts } = sixtyNodes(kind);
    expect(ip1).toEqual([expect.anything()]);
    expect(ip1[0]).toEqual(expected[0]);
    expect(ip1[0]).toEqual(expected[1]);
    expect(facts).toEqual([]);
  });

  test('the three give identical findings', () => {
    const created = sixtyNodes('created');
    expect(sixtyNodes('fromVpcAttributes')).toEqual(created);
    expect(sixtyNodes('fromLookup')).toEqual(created);
  });

  test('imported without CIDRs: no IP1 verdict, and one finding that says it could not check and how to fix it', () => {
    const { ip1, facts } = sixtyNodes('fromVpcAttributes without CIDRs');
    expect(ip1).toEqual([]);
    expect(facts).toEqual([
      expect.stringMatching(
        /could not check: the CIDRs of subnet\(s\) subnet-a, subnet-b are unknown to the app, so NETKIT-IP1 could not check .*Guarded\/Nodes\/Resource.* Vpc\.fromVpcAttributes \(privateSubnetIpv4CidrBlocks\)/,
      ),
    ]);
  });
});

describe('the guardrails read the cluster context', () => {
  test('an imported cluster declared as prefix delegation with an m5.large node group: no CAP1 error', () => {
    const app = testApp();
    NetkitGuardrails.enable(app);
    const { stack, cluster } = importedTestCluster({ app });
    ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.prefixDelegation() });
    const nodes = new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    // The EKS calculator caps m5.large (2 vCPUs) at 110 with prefix delegation; its ENIs give 3 × (9 × 16) + 2.
    expect(nodes.maxPods).toBe(110);
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('an imported cluster whose mode nobody knows: the capacity checks say once that they did not run', () => {
    const app = testApp();
    NetkitGuardrails.enable(app);
    const { stack, cluster } = importedTestCluster({ app });
    new TunedNodegroup(stack, 'A', {
      cluster,
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps(),
    });
    new TunedNodegroup(stack, 'B', {
      cluster,
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps(),
    });
    const facts = findings(stack, 'NETKIT-FACTS');
    expect(facts.filter((f) => /how cluster .* gives pods IPs is unknown/.test(f))).toHaveLength(1);
  });

  test('a raw vpc-cni add-on with version v1.19.2_custom: synth goes on, and the finding says what was not checked', () => {
    const { stack, cluster } = guardedStack();
    const addon = rawCniAddon(stack, cluster, { ENABLE_PREFIX_DELEGATION: 'true' });
    addon.addonVersion = 'v1.19.2_custom';
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-FACTS')).toEqual([
      expect.stringMatching(
        /^\[NETKIT-FACTS\] could not check: addon version 'v1\.19\.2_custom' is not a version the guardrails read .* \(NETKIT-CAP3\) was not checked/,
      ),
    ]);
  });
});
