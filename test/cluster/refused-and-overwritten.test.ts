import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { AutoModeExample } from '../../examples/auto-mode';
import { NetworkBaseline } from '../../lib';
import { KARPENTER_VERSIONS } from '../upstream/upstream-manifests';
import { testApp } from '../util';
import { EKS_FIELD_MANAGER, eksSeedObjects, seedEks } from './harness/eks-seed';
import { invokeKubectlHandler } from './harness/kubectl-handler';
import { LocalCluster } from './harness/local-cluster';
import { replayStep } from './harness/replay-steps';
import { eventFor, KUBERNETES_PATCH, KUBERNETES_RESOURCE, replayPlan, ReplayResource } from './harness/template-replay';

// What a real cluster refuses (so the replays above are not vacuous), and what happens to the library's patches when
// EKS re-applies its own add-on with resolveConflicts OVERWRITE.
jest.setTimeout(20 * 60_000);

let cluster: LocalCluster;
let seed: any[];

beforeAll(async () => {
  cluster = await LocalCluster.start();
  seed = eksSeedObjects(KARPENTER_VERSIONS[KARPENTER_VERSIONS.length - 1]);
  seedEks(cluster, seed);
}, 30 * 60_000);

afterAll(async () => cluster?.stop());

function plan(stack: Stack): ReplayResource[] {
  return replayPlan(Template.fromStack(stack).toJSON() as any, stack.stackName).resources;
}

function withManifest(resource: ReplayResource, edit: (objects: any[]) => any[]): ReplayResource {
  const objects = JSON.parse(resource.properties.Manifest as string);
  return { ...resource, properties: { ...resource.properties, Manifest: JSON.stringify(edit(objects)) } };
}

describe('a broken manifest fails the replay with kubectl’s message', () => {
  const nodeClass = plan(new AutoModeExample(testApp(), 'AutoModeExample')).find(
    (r) => r.type === KUBERNETES_RESOURCE && r.summary.startsWith('NodeClass/'),
  )!;

  test('an unknown field (strict field validation)', () => {
    const broken = withManifest(nodeClass, ([o]) => [{ ...o, spec: { ...o.spec, ipv4PrefixSizes: '32' } }]);
    const result = invokeKubectlHandler(cluster, eventFor(broken, 'Create'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/strict decoding error: unknown field "spec\.ipv4PrefixSizes"/);
  });

  test('a namespace the cluster does not have', () => {
    const configMap = {
      ...nodeClass,
      properties: {
        ...nodeClass.properties,
        Manifest: JSON.stringify([
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'no-such-namespace' }, data: {} },
        ]),
      },
    };
    const result = invokeKubectlHandler(cluster, eventFor(configMap, 'Create'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/namespaces "no-such-namespace" not found/);
  });

  test('a patch that conflicts with the object (an immutable selector)', () => {
    const patch: ReplayResource = {
      logicalId: 'ConflictingPatch',
      type: KUBERNETES_PATCH,
      summary: 'patch kube-system/daemonset/aws-node',
      properties: {
        ClusterName: 'netkit',
        ResourceName: 'daemonset/aws-node',
        ResourceNamespace: 'kube-system',
        ApplyPatchJson: JSON.stringify({ spec: { selector: { matchLabels: { 'k8s-app': 'something-else' } } } }),
        RestorePatchJson: '{}',
        PatchType: 'strategic',
      },
    };
    const result = invokeKubectlHandler(cluster, eventFor(patch, 'Create'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/field is immutable/);
  });
});

describe('EKS re-applies its add-on with OVERWRITE', () => {
  /** A cluster with the baseline; the add-on version is what an add-on update changes. */
  function baseline(addonVersion: string): ReplayResource[] {
    const stack = new Stack(testApp(), 'Overwrite');
    const eksCluster = new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      serviceIpv4Cidr: '172.20.0.0/16',
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
    });
    new NetworkBaseline(stack, 'Network', {
      cluster: eksCluster,
      vpcCniOptions: { apiServerGate: true, addonVersion },
      kubeProxyOptions: {
        addonVersion: addonVersion === 'v1.23.1-eksbuild.1' ? 'v1.35.0-eksbuild.2' : 'v1.35.0-eksbuild.3',
      },
    });
    return plan(stack).filter((r) => r.type === KUBERNETES_PATCH);
  }
  const before = baseline('v1.23.1-eksbuild.1');
  const after = baseline('v1.23.2-eksbuild.1');
  const daemonSets = () => ({
    awsNode: cluster.get('daemonset', 'aws-node', 'kube-system').spec.template.spec,
    kubeProxy: cluster.get('daemonset', 'kube-proxy', 'kube-system').spec.template.spec.containers[0],
  });

  test('the gate and the kube-proxy flag are applied', () => {
    before.forEach((patch) => replayStep(cluster, 'Create', patch));
    const { awsNode, kubeProxy } = daemonSets();
    expect(awsNode.initContainers.map((c: any) => c.name)).toEqual(['aws-vpc-cni-init', 'netkit-wait-for-endpoint']);
    expect(kubeProxy.command).toContain('--hostname-override=$(NODE_NAME)');
  });

  test('an add-on update with OVERWRITE (server-side apply by EKS, conflicts forced) takes back what EKS owns', () => {
    const eksDaemonSets = seed.filter((o) => o.kind === 'DaemonSet');
    cluster.serverSideApply(eksDaemonSets, EKS_FIELD_MANAGER, true);
    const { awsNode, kubeProxy } = daemonSets();
    // kube-proxy's command is one atomic list EKS owns: OVERWRITE puts EKS's back and the flag is gone.
    expect(kubeProxy.command).not.toContain('--hostname-override=$(NODE_NAME)');
    // The gate is an entry of a list keyed by name that EKS never owned: it stays.
    expect(awsNode.initContainers.map((c: any) => c.name)).toEqual(['aws-vpc-cni-init', 'netkit-wait-for-endpoint']);
  });

  test('the next deploy that changes the add-on re-applies both patches (their revision follows the add-on)', () => {
    expect(after.map((p) => p.properties.ApplyPatchJson)).not.toEqual(before.map((p) => p.properties.ApplyPatchJson));
    after.forEach((patch, i) => replayStep(cluster, 'Update', patch, before[i]));
    const { awsNode, kubeProxy } = daemonSets();
    expect(kubeProxy.command).toContain('--hostname-override=$(NODE_NAME)');
    expect(awsNode.initContainers.map((c: any) => c.name)).toEqual(['aws-vpc-cni-init', 'netkit-wait-for-endpoint']);
  });

  test('an unchanged deploy sends no event: a patch lost outside CloudFormation stays lost until the add-on changes', () => {
    // CloudFormation calls the handler only when a resource's properties change.
    expect(baseline('v1.23.2-eksbuild.1').map((p) => p.properties)).toEqual(after.map((p) => p.properties));
  });
});
