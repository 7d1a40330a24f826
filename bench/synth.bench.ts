/**
 * Synth cost of the library, measured in one process so the ratios compare like with like.
 * Run with `npx projen bench`. Prints figures; asserts nothing.
 *
 * - the baseline reference stack ÷ a bare aws-eks-v2 cluster with one managed node group;
 * - synth time and template size for 1, 10 and 50 tuned node groups;
 * - Lambda-backed custom resources per reference stack.
 *
 * aws-cdk-lib's built-in CloudFormation validation is measured both off and on (it dominates synth time when on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { addReferenceStacks } from '../bin/reference-app';
import { BaselineClusterStack } from '../bin/stacks/baseline-cluster-stack';
import { referenceCluster } from '../bin/stacks/reference-cluster';
import { TunedNodegroup, VpcCni } from '../lib';

interface Measurement {
  readonly medianMs: number;
  readonly templateKiB: number;
}

const ROUNDS = 7;

/** Build and synthesize a fresh app `ROUNDS` times (after one warm-up); the median wall time and the template size. */
function measure(build: (app: App) => Stack, validation: boolean): Measurement {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i <= ROUNDS; i++) {
    const outdir = mkdtempSync(path.join(tmpdir(), 'netkit-bench-'));
    const started = process.hrtime.bigint();
    const app = new App({ outdir, builtinCloudFormationValidation: validation, stackTraces: false });
    const stack = build(app);
    const assembly = app.synth();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i > 0) times.push(elapsed);
    bytes = JSON.stringify(assembly.getStackArtifact(stack.artifactId).template).length;
    rmSync(outdir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], templateKiB: bytes / 1024 };
}

function bareCluster(app: App): Stack {
  const stack = new Stack(app, 'Bare');
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
  });
  cluster.addNodegroupCapacity('Nodes', {
    instanceTypes: [new ec2.InstanceType('m6i.xlarge')],
    amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
  });
  return stack;
}

function nodegroups(count: number) {
  return (app: App): Stack => {
    const stack = new Stack(app, `Nodegroups${count}`);
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
    });
    const cluster = referenceCluster(stack, vpc);
    new VpcCni(stack, 'VpcCni', { cluster });
    for (let i = 0; i < count; i++) {
      new TunedNodegroup(stack, `Nodes${i}`, { cluster, instanceTypes: ['m6i.xlarge'], minSize: 1, maxSize: 2 });
    }
    return stack;
  };
}

const fmt = (m: Measurement) => `${m.medianMs.toFixed(0)} ms, template ${m.templateKiB.toFixed(0)} KiB`;

// Warm up every code path first (module loading, JIT, the validator's WASM), so the order of the runs does not matter.
for (const validation of [false, true]) {
  measure(bareCluster, validation);
  measure((app) => new BaselineClusterStack(app, 'NetkitBaseline'), validation);
}
for (const validation of [false, true]) {
  const label = validation ? 'built-in validation on' : 'built-in validation off';
  const bare = measure(bareCluster, validation);
  const baseline = measure((app) => new BaselineClusterStack(app, 'NetkitBaseline'), validation);
  console.log(`[${label}] bare aws-eks-v2 cluster + 1 node group: ${fmt(bare)}`);
  console.log(`[${label}] baseline reference stack: ${fmt(baseline)}`);
  console.log(`[${label}] baseline ÷ bare synth time: ${(baseline.medianMs / bare.medianMs).toFixed(2)}`);
}
for (const count of [1, 10, 50]) {
  console.log(`[built-in validation off] ${count} tuned node group(s): ${fmt(measure(nodegroups(count), false))}`);
}

const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'netkit-bench-')), stackTraces: false });
const stacks = addReferenceStacks(app);
const assembly = app.synth();
for (const stack of stacks) {
  const resources = Object.values(assembly.getStackArtifact(stack.artifactId).template.Resources ?? {}) as Array<{
    Type: string;
  }>;
  const custom = resources.filter(
    (r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource',
  ).length;
  const lambdas = resources.filter((r) => r.Type === 'AWS::Lambda::Function').length;
  console.log(
    `${stack.stackName}: ${resources.length} resources, ${custom} custom resources served by ${lambdas} Lambda functions`,
  );
}
rmSync(app.outdir, { recursive: true, force: true });
