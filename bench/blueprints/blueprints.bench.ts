/**
 * The equivalent eks-blueprints stack (VPC CNI, CoreDNS, kube-proxy and AMP add-ons, one managed node group), measured
 * like bench/synth.bench.ts: in one process, against a bare aws-eks-v2 cluster with one node group built on the
 * same aws-cdk-lib (the 2.261 line eks-blueprints pins, so it runs in its own process and folder).
 * Run with `npx projen bench:blueprints`. Prints figures; asserts nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';

const ROUNDS = 7;
const VERSION = eks.KubernetesVersion.of('1.33');

async function blueprintsStack(app: App): Promise<Stack> {
  const workspace = 'netkit-bench';
  return blueprints.EksBlueprint.builder()
    .account('111111111111')
    .region('us-east-1')
    .version(VERSION)
    .clusterProvider(
      new blueprints.MngClusterProvider({
        version: VERSION,
        instanceTypes: [new ec2.InstanceType('m6i.xlarge')],
        amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
        minSize: 2,
        maxSize: 6,
      }),
    )
    .resourceProvider(workspace, new blueprints.CreateAmpProvider(workspace, workspace))
    .addOns(
      new blueprints.VpcCniAddOn({ version: 'v1.19.2-eksbuild.1' }),
      new blueprints.CoreDnsAddOn('v1.11.4-eksbuild.2'),
      new blueprints.KubeProxyAddOn('v1.33.0-eksbuild.2'),
      // AmpAddOn needs the ADOT collector, which needs cert-manager, which needs the load balancer controller.
      new blueprints.AwsLoadBalancerControllerAddOn(),
      new blueprints.CertManagerAddOn(),
      new blueprints.AdotCollectorAddOn({ version: 'v0.117.0-eksbuild.1' }),
      new blueprints.AmpAddOn({ ampPrometheusEndpoint: 'https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-bench/' }),
    )
    .buildAsync(app, 'Blueprints');
}

async function bareStack(app: App): Promise<Stack> {
  const stack = new Stack(app, 'Bare');
  const cluster = new eksv2.Cluster(stack, 'Cluster', {
    version: eksv2.KubernetesVersion.of('1.33'),
    defaultCapacityType: eksv2.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
  });
  cluster.addNodegroupCapacity('Nodes', { instanceTypes: [new ec2.InstanceType('m6i.xlarge')], amiType: eksv2.NodegroupAmiType.AL2023_X86_64_STANDARD });
  return stack;
}

async function measure(build: (app: App) => Promise<Stack>) {
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i <= ROUNDS; i++) {
    const outdir = mkdtempSync(path.join(tmpdir(), 'netkit-bench-bp-'));
    const started = process.hrtime.bigint();
    const app = new App({ outdir, stackTraces: false });
    await build(app);
    const assembly = app.synth();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i > 0) times.push(elapsed);
    // Nested stacks (aws-eks v1 puts its cluster and kubectl providers there) are separate template files.
    const nestedTemplates = readdirSync(outdir)
      .filter((f) => f.endsWith('.nested.template.json'))
      .map((f) => JSON.parse(readFileSync(path.join(outdir, f), 'utf8')));
    const templates = [...assembly.stacks.map((s) => s.template), ...nestedTemplates];
    const resources = templates.flatMap((t) => Object.values(t.Resources ?? {}) as Array<{ Type: string }>);
    const custom = resources.filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource').length;
    const lambdas = resources.filter((r) => r.Type === 'AWS::Lambda::Function').length;
    const nested = resources.filter((r) => r.Type === 'AWS::CloudFormation::Stack').length;
    const kib = templates.reduce((n, t) => n + JSON.stringify(t).length, 0) / 1024;
    summary = `template ${kib.toFixed(0)} KiB, ${resources.length} resources (${nested} nested stacks), ${custom} custom resources served by ${lambdas} Lambda functions`;
    rmSync(outdir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], summary };
}

async function main() {
  process.env.CDK_VALIDATION = 'false';
  await measure(bareStack);
  await measure(blueprintsStack);
  const bare = await measure(bareStack);
  const bp = await measure(blueprintsStack);
  console.log(`[aws-cdk-lib 2.261, validation off] bare aws-eks-v2 cluster + 1 node group: ${bare.ms.toFixed(0)} ms, ${bare.summary}`);
  console.log(`[aws-cdk-lib 2.261, validation off] eks-blueprints (VPC CNI, CoreDNS, kube-proxy, AMP + ADOT, cert-manager, LB controller): ${bp.ms.toFixed(0)} ms, ${bp.summary}`);
  console.log(`[aws-cdk-lib 2.261, validation off] eks-blueprints ÷ bare synth time: ${(bp.ms / bare.ms).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
