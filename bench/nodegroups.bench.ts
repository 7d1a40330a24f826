/**
 * Synth cost of 50 managed node groups: the library (VpcCni + 50 TunedNodegroups, guardrails on) against a bare
 * aws-eks-v2 app with the same cluster and 50 node groups. Measured in one process, the two apps interleaved round by
 * round so machine load falls on both alike; the medians and their ratio are printed. aws-cdk-lib's built-in
 * CloudFormation validation is off for both. Run with `npx projen bench`. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { referenceCluster } from '../bin/stacks/reference-cluster';
import { NetkitGuardrails, TunedNodegroup, VpcCni } from '../lib';

const NODEGROUPS = Number(process.env.NETKIT_BENCH_NODEGROUPS ?? 50);
const ROUNDS = Number(process.env.NETKIT_BENCH_ROUNDS ?? 9);

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
}

/** aws-eks-v2 alone: the cluster and the node groups, with their AMI type set as the library sets it. */
function bare(app: App): void {
  const stack = new Stack(app, 'Bare');
  const cluster = referenceCluster(stack, vpcOf(stack));
  for (let i = 0; i < NODEGROUPS; i++) {
    cluster.addNodegroupCapacity(`Nodes${i}`, {
      instanceTypes: [new ec2.InstanceType('m6i.xlarge')],
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      minSize: 1,
      maxSize: 2,
    });
  }
}

/** The library: the same cluster and node groups as TunedNodegroups, the VPC CNI add-on, the guardrails on. */
function library(app: App): void {
  NetkitGuardrails.enable(app);
  const stack = new Stack(app, 'Library');
  const cluster = referenceCluster(stack, vpcOf(stack));
  new VpcCni(stack, 'VpcCni', { cluster });
  for (let i = 0; i < NODEGROUPS; i++) {
    new TunedNodegroup(stack, `Nodes${i}`, { cluster, instanceTypes: ['m6i.xlarge'], minSize: 1, maxSize: 2 });
  }
}

function timeOnce(build: (app: App) => void): number {
  const outdir = mkdtempSync(path.join(tmpdir(), 'netkit-bench-'));
  try {
    const started = process.hrtime.bigint();
    const app = new App({ outdir, builtinCloudFormationValidation: false, stackTraces: false });
    build(app);
    app.synth();
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): void {
  // One warm-up of each, then the rounds, alternating which goes first.
  timeOnce(bare);
  timeOnce(library);
  const times = { bare: [] as number[], library: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['bare', 'library'] as const) : (['library', 'bare'] as const);
    for (const which of order) times[which].push(timeOnce(which === 'bare' ? bare : library));
  }
  const b = median(times.bare);
  const l = median(times.library);
  console.log(`[built-in validation off] ${NODEGROUPS} node groups, ${ROUNDS} interleaved rounds (median)`);
  console.log(`  bare aws-eks-v2:            ${b.toFixed(0)} ms`);
  console.log(`  library, guardrails on:     ${l.toFixed(0)} ms`);
  console.log(`  library ÷ bare:             ${(l / b).toFixed(2)}×`);
}

main();
