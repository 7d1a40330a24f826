import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AutoModeNodeClass, KarpenterNodeClass, KubeProxyMode, NetworkBaseline, PodNetworking } from '../../lib';
import { KARPENTER_VERSIONS } from '../upstream/upstream-manifests';
import { testApp } from '../util';
import { eksSeedObjects, seedEks } from './harness/eks-seed';
import { LocalCluster } from './harness/local-cluster';
import { eksOwnedObjects, manifestObjects, replayStep, stepName } from './harness/replay-steps';
import { replayPlan, ReplayResource } from './harness/template-replay';

// The same app deployed twice: version 2 changes the props users change between deploys (the gate image, the warm
// prefix target, kube-proxy's mode and with it NodeLocal DNSCache's, the scrape interval, pool limits, the Auto Mode
// proxy), replayed Create (v1) → Update (v2) → Delete (v2, reverse order) through aws-cdk-lib's kubectl handler.
jest.setTimeout(20 * 60_000);

interface Version {
  readonly gateImage: string;
  readonly warmPrefixTarget: number;
  readonly kubeProxyMode: KubeProxyMode;
  readonly scrapeInterval: Duration;
  readonly karpenterCpuLimit: number;
  readonly autoModeCpuLimit: number;
  readonly httpsProxy: string;
}

const V1: Version = {
  gateImage: 'public.ecr.aws/docker/library/busybox:1.37.0',
  warmPrefixTarget: 1,
  kubeProxyMode: KubeProxyMode.IPTABLES,
  scrapeInterval: Duration.seconds(30),
  karpenterCpuLimit: 200,
  autoModeCpuLimit: 256,
  httpsProxy: 'http://proxy.internal.example:3128',
};
const V2: Version = {
  gateImage: 'public.ecr.aws/docker/library/busybox:1.37.0-musl',
  warmPrefixTarget: 2,
  kubeProxyMode: KubeProxyMode.IPVS,
  scrapeInterval: Duration.seconds(60),
  karpenterCpuLimit: 400,
  autoModeCpuLimit: 512,
  httpsProxy: 'http://proxy2.internal.example:8080',
};

/** One app, two stacks (a node-group cluster with the baseline and Karpenter, an Auto Mode cluster). */
function app(version: Version): Stack[] {
  const scope = testApp();
  const baselineStack = new Stack(scope, 'Baseline');
  const cluster = new eks.Cluster(baselineStack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    serviceIpv4Cidr: '172.20.0.0/16',
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(baselineStack, 'Kubectl') },
  });
  new NetworkBaseline(baselineStack, 'Network', {
    cluster,
    vpcCniOptions: {
      podNetworking: PodNetworking.prefixDelegation(),
      warmPrefixTarget: version.warmPrefixTarget,
      apiServerGate: true,
      gateImage: version.gateImage,
    },
    kubeProxyOptions: { mode: version.kubeProxyMode },
    observabilityOptions: { scrapeInterval: version.scrapeInterval, alertEmails: ['oncall@example.com'] },
  });
  new KarpenterNodeClass(baselineStack, 'Karpenter', {
    cluster,
    nodeRole: new iam.Role(baselineStack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
    nodePool: { cpuLimit: version.karpenterCpuLimit },
  });

  const autoStack = new Stack(scope, 'AutoMode');
  const autoCluster = new eks.Cluster(autoStack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(autoStack, 'Kubectl') },
  });
  const nodeClass = new AutoModeNodeClass(autoStack, 'Batch', {
    cluster: autoCluster,
    httpsProxy: version.httpsProxy,
    noProxy: ['localhost', '169.254.169.254'],
  });
  nodeClass.addNodePool('BatchPool', { name: 'batch', cpuLimit: version.autoModeCpuLimit });
  return [baselineStack, autoStack];
}

function resources(version: Version): ReplayResource[] {
  return app(version).flatMap(
    (stack) => replayPlan(Template.fromStack(stack).toJSON() as any, stack.stackName).resources,
  );
}

const FIRST = resources(V1);
const SECOND = resources(V2);
const previousOf = (resource: ReplayResource) => FIRST.find((r) => r.logicalId === resource.logicalId);

let cluster: LocalCluster;
let seeded: Record<string, any>;

beforeAll(async () => {
  cluster = await LocalCluster.start();
  // The newest Karpenter release the library is checked against.
  seedEks(cluster, eksSeedObjects(KARPENTER_VERSIONS[KARPENTER_VERSIONS.length - 1]));
  seeded = eksOwnedObjects(cluster);
}, 30 * 60_000);

afterAll(async () => cluster?.stop());

test('both versions send the same resources (a prop change replaces nothing)', () => {
  expect(SECOND.map((r) => r.logicalId)).toEqual(FIRST.map((r) => r.logicalId));
});

test.each(FIRST.map((r) => [stepName('Create', r), r] as const))('v1: %s', (_, resource) => {
  replayStep(cluster, 'Create', resource);
});

/** What the live objects say about the props that change between the versions. */
function live() {
  const awsNode = cluster.get('daemonset', 'aws-node', 'kube-system').spec.template.spec;
  return {
    initContainers: awsNode.initContainers.map((c: any) => [c.name, c.image]),
    // Quantities: the API server keeps the string the manifest sent.
    karpenterCpu: cluster.get('nodepool.karpenter.sh', 'default').spec.limits.cpu,
    autoModeCpu: cluster.get('nodepool.karpenter.sh', 'batch').spec.limits.cpu,
    proxy: cluster.get('nodeclass.eks.amazonaws.com', 'batch').spec.advancedNetworking.httpsProxy,
    kubeProxyCommand: cluster.get('daemonset', 'kube-proxy', 'kube-system').spec.template.spec.containers[0].command,
  };
}

function expectedLive(version: Version) {
  return {
    initContainers: [
      ['aws-vpc-cni-init', expect.stringContaining('amazon-k8s-cni-init:v1.23.2')],
      ['netkit-wait-for-endpoint', version.gateImage],
    ],
    karpenterCpu: String(version.karpenterCpuLimit),
    autoModeCpu: String(version.autoModeCpuLimit),
    proxy: version.httpsProxy,
    kubeProxyCommand: [
      'kube-proxy',
      '--v=2',
      '--config=/var/lib/kube-proxy-config/config',
      '--hostname-override=$(NODE_NAME)',
    ],
  };
}

test('v1 is live: gate image after the CNI init, pool limits, the Auto Mode proxy, the kube-proxy flag', () => {
  expect(live()).toEqual(expectedLive(V1));
  // NodeLocal DNSCache forwards cluster names to kube-dns through its own upstream Service.
  expect(cluster.get('configmap', 'node-local-dns', 'kube-system').data.Corefile).toContain('cluster.local:53');
  expect(cluster.get('service', 'kube-dns-upstream', 'kube-system').spec.selector).toEqual({ 'k8s-app': 'kube-dns' });
});

test.each(SECOND.map((r) => [stepName('Update', r), r] as const))('v2: %s', (_, resource) => {
  replayStep(cluster, 'Update', resource, previousOf(resource));
});

test('v2 is live: the new gate image once, the new pool limits, the new proxy', () => {
  expect(live()).toEqual(expectedLive(V2));
});

test.each([...SECOND].reverse().map((r) => [stepName('Delete', r), r] as const))('v2: %s', (_, resource) => {
  replayStep(cluster, 'Delete', resource);
  for (const object of manifestObjects(resource)) {
    expect(cluster.get(object.kind, object.name, object.namespace)).toBeUndefined();
  }
});

test("after Delete: EKS's own objects are as EKS created them (kube-proxy keeps its flag, as documented)", () => {
  const expected = structuredClone(seeded);
  const container = expected['daemonset/kube-proxy'].spec.template.spec.containers[0];
  container.command = [...container.command, '--hostname-override=$(NODE_NAME)'];
  container.env = [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }];
  expect(eksOwnedObjects(cluster)).toEqual(expected);
});
