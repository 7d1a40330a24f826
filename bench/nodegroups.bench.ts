/**
 * Synth cost of 50 managed node groups: the library (VpcCni + 50 TunedNodegroups, guardrails on and off) against a
 * bare aws-eks-v2 app with the same cluster and 50 node groups, and against that app with a launch template per node
 * group like the library's (two gp3 volumes, IMDSv2, a user data string): the part of the cost any tuned node group
 * carries. The library is judged against the second: a node group without a launch template cannot carry tuned
 * kubelet settings or a volume for container state, so that app is the floor for the same node groups. Measured in one
 * process, the apps interleaved round by round so machine load falls on all alike; the medians and their ratios are
 * printed. aws-cdk-lib's built-in CloudFormation validation is off for all. Run with
 * `npx projen bench`. Prints figures; asserts nothing.
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

/** aws-eks-v2 with a launch template per node group, as a tuned node group has, with user data of the same size. */
function bareWithLaunchTemplates(app: App): void {
  const stack = new Stack(app, 'BareLt');
  const cluster = referenceCluster(stack, vpcOf(stack));
  for (let i = 0; i < NODEGROUPS; i++) {
    const launchTemplate = new ec2.LaunchTemplate(stack, `Template${i}`, {
      requireImdsv2: true,
      blockDevices: ['/dev/xvda', '/dev/xvdb'].map((deviceName) => ({
        deviceName,
        volume: ec2.BlockDeviceVolume.ebs(100, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true }),
      })),
      userData: ec2.UserData.custom(USER_DATA),
    });
    cluster.addNodegroupCapacity(`Nodes${i}`, {
      instanceTypes: [new ec2.InstanceType('m6i.xlarge')],
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      minSize: 1,
      maxSize: 2,
      launchTemplateSpec: { id: launchTemplate.launchTemplateId!, version: launchTemplate.latestVersionNumber },
    });
  }
}

/** A stand-in for a tuned node's user data (MIME with a NodeConfig and a shell script), about its size. */
const USER_DATA = `MIME-Version: 1.0\n${'# kubelet settings and the data volume script\n'.repeat(60)}`;

/** The library: the same cluster and node groups as TunedNodegroups, the VPC CNI add-on, the guardrails on. */
function library(app: App): void {
  NetkitGuardrails.enable(app);
  libraryApp(app);
}

/** The same, guardrails off. */
function libraryApp(app: App): void {
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

const APPS = {
  'bare aws-eks-v2': bare,
  'bare + launch templates': bareWithLaunchTemplates,
  'library, guardrails off': libraryApp,
  'library, guardrails on': library,
};

function main(): void {
  const names = Object.keys(APPS) as Array<keyof typeof APPS>;
  // One warm-up of each, then the rounds, rotating which goes first.
  names.forEach((name) => timeOnce(APPS[name]));
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) times[name].push(timeOnce(APPS[name]));
  }
  const floor = median(times['bare aws-eks-v2']);
  const withTemplates = median(times['bare + launch templates']);
  console.log(`[built-in validation off] ${NODEGROUPS} node groups, ${ROUNDS} interleaved rounds (median)`);
  for (const name of names) {
    const ms = median(times[name]);
    console.log(
      `  ${`${name}:`.padEnd(28)}${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(2)}× bare  ` +
        `${(ms / withTemplates).toFixed(2)}× bare + launch templates`,
    );
  }
  const on = median(times['library, guardrails on']);
  const off = median(times['library, guardrails off']);
  console.log(
    `  guardrail pass:             ${(on - off).toFixed(0).padStart(5)} ms  ${(((on - off) / on) * 100).toFixed(0)} % of the library's synth`,
  );
}

main();
