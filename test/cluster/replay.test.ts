import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { eksSeedObjects, seedEks } from './harness/eks-seed';
import { LocalCluster } from './harness/local-cluster';
import {
  comparable,
  eksOwnedObjects,
  generations,
  manifestObjects,
  replayStep,
  stepName,
} from './harness/replay-steps';
import { KUBERNETES_PATCH, replayPlan, ReplayResource } from './harness/template-replay';
import { addReferenceStacks } from '../../bin/reference-app';
import { AutoModeExample } from '../../examples/auto-mode';
import { PlainCdkExample } from '../../examples/guardrails-on-plain-cdk';
import { NetworkBaselineExample } from '../../examples/network-baseline';
import { TunedNodegroupExample } from '../../examples/tuned-nodegroup';
import { defaultKarpenterVersion } from '../../lib/karpenter/karpenter-version';
import { SCRAPER_KUBERNETES_USER } from '../../lib/observability/scraper-access';
import { testApp } from '../util';

// Every reference stack and example, replayed the way `cdk deploy` and `cdk destroy` drive the cluster's kubectl
// provider: each Custom::AWSCDK-EKS-KubernetesResource and …KubernetesPatch through aws-cdk-lib's own kubectl handler
// against a real kube-apiserver, Create in dependency order, Update (the same app deployed again), Delete in reverse.
// Helm charts are out of scope (they need their chart registry); the Karpenter chart's CRDs are seeded instead.
jest.setTimeout(20 * 60_000);

function stacks(): Stack[] {
  const app = testApp();
  return [
    ...addReferenceStacks(app),
    new NetworkBaselineExample(app, 'NetworkBaselineExample'),
    new TunedNodegroupExample(app, 'TunedNodegroupExample'),
    new AutoModeExample(app, 'AutoModeExample'),
    new PlainCdkExample(app, 'PlainCdkExample'),
  ];
}

const PLANS = stacks().map((stack) => ({
  name: stack.stackName,
  ...replayPlan(Template.fromStack(stack).toJSON() as any, stack.stackName),
}));

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await LocalCluster.start();
  // The CRDs of the Karpenter KarpenterController installs on the reference stacks' Kubernetes 1.35.
  seedEks(cluster, eksSeedObjects(defaultKarpenterVersion('1.35')));
  console.log(`etcd and kube-apiserver answered /readyz ${cluster.startupMs} ms after start`);
}, 30 * 60_000);

afterAll(async () => cluster?.stop());

const withNames = (resources: ReplayResource[]) => resources.map((r) => [r.logicalId, r] as const);

describe.each(PLANS.map((plan) => [plan.name, plan] as const))('%s', (_name, plan) => {
  let created: Record<string, number> = {};
  let before: Record<string, any> = {};
  beforeAll(() => {
    before = eksOwnedObjects(cluster);
  });

  if (plan.resources.length === 0) {
    test('sends nothing into the cluster', () => {
      expect(plan.resources).toEqual([]);
    });
    return;
  }

  test.each(withNames(plan.resources).map(([, r]) => [stepName('Create', r), r]))('%s', (_, resource) => {
    replayStep(cluster, 'Create', resource);
    for (const object of manifestObjects(resource)) {
      expect(cluster.get(object.kind, object.name, object.namespace)).toBeDefined();
    }
  });

  test('after Create: the patched DaemonSets and the applied objects', () => {
    const patched = plan.resources.filter((r) => r.type === KUBERNETES_PATCH).map((r) => r.properties.ResourceName);
    if (patched.includes('daemonset/aws-node')) {
      const spec = cluster.get('daemonset', 'aws-node', 'kube-system').spec.template.spec;
      // The CNI binaries install first; the gate then waits for the API server before aws-node starts.
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['aws-vpc-cni-init', 'netkit-wait-for-endpoint']);
    }
    if (patched.includes('daemonset/kube-proxy')) {
      const container = cluster.get('daemonset', 'kube-proxy', 'kube-system').spec.template.spec.containers[0];
      expect(container.command).toEqual([
        'kube-proxy',
        '--v=2',
        '--config=/var/lib/kube-proxy-config/config',
        '--hostname-override=$(NODE_NAME)',
      ]);
      expect(container.env).toContainEqual({
        name: 'NODE_NAME',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
      });
    }
    if (plan.resources.some((r) => r.summary.includes('ClusterRoleBinding/netkit-aps-collector'))) {
      // The managed scraper's Kubernetes user may discover pods (its only discovery role) and read nothing else.
      const can = (verb: string, resource: string) =>
        cluster
          .kubectl(['auth', 'can-i', verb, resource, '--all-namespaces', '--as', SCRAPER_KUBERNETES_USER])
          .stdout.trim();
      expect(['get', 'list', 'watch'].map((verb) => can(verb, 'pods'))).toEqual(['yes', 'yes', 'yes']);
      expect([can('get', 'secrets'), can('list', 'secrets'), can('create', 'pods')]).toEqual(['no', 'no', 'no']);
    }
    if (plan.resources.some((r) => r.summary.includes('DaemonSet/node-local-dns'))) {
      const corefile = cluster.get('configmap', 'node-local-dns', 'kube-system').data.Corefile;
      // Cluster names go to kube-dns through the upstream Service that selects CoreDNS's pods.
      expect(corefile).toContain('cluster.local:53');
      if (plan.name === 'NetkitIpv6') {
        // The harness's cluster reports the service range fd30:1c53:5f8a::/108: kube-dns is its prefix followed by a.
        expect(corefile).toContain('bind fd00::10 fd30:1c53:5f8a::a\n');
        expect(corefile).toContain('health [fd00::10]:8080\n');
      }
      expect(cluster.get('service', 'kube-dns-upstream', 'kube-system').spec.selector).toEqual({
        'k8s-app': 'kube-dns',
      });
    }
    created = generations(cluster, plan.resources);
  });

  test.each(withNames(plan.resources).map(([, r]) => [stepName('Update', r), r]))('%s', (_, resource) => {
    replayStep(cluster, 'Update', resource, resource);
  });

  test('after Update: re-applying the same app changes no object (generation unchanged)', () => {
    expect(generations(cluster, plan.resources)).toEqual(created);
  });

  test.each(withNames([...plan.resources].reverse()).map(([, r]) => [stepName('Delete', r), r]))(
    '%s',
    (_, resource) => {
      replayStep(cluster, 'Delete', resource);
      for (const object of manifestObjects(resource)) {
        expect(cluster.get(object.kind, object.name, object.namespace)).toBeUndefined();
      }
    },
  );

  test("after Delete: EKS's own objects are as before Create (kube-proxy keeps its flag, as documented)", () => {
    const expected = structuredClone(before);
    if (plan.resources.some((r) => r.properties.ResourceName === 'daemonset/kube-proxy')) {
      // Removing the kube-proxy patch leaves --hostname-override=$(NODE_NAME) and its NODE_NAME variable.
      const container = expected['daemonset/kube-proxy'].spec.template.spec.containers[0];
      container.command = [
        'kube-proxy',
        '--v=2',
        '--config=/var/lib/kube-proxy-config/config',
        '--hostname-override=$(NODE_NAME)',
      ];
      container.env = [
        { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      ];
    }
    expect(eksOwnedObjects(cluster)).toEqual(expected);
  });
});

test('comparable() keeps what a user sees and drops what every write changes', () => {
  expect(
    comparable({
      kind: 'ConfigMap',
      metadata: { name: 'x', generation: 3, resourceVersion: '9', labels: { a: 'b' } },
      data: { k: 'v' },
      status: {},
    }),
  ).toEqual({ kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 'b' } }, data: { k: 'v' } });
  expect(
    comparable({ metadata: { annotations: { 'deprecated.daemonset.template.generation': '2', mine: 'x' } } }),
  ).toEqual({ metadata: { annotations: { mine: 'x' } } });
});
