/**
 * How long planning 5,000 nodes takes: the IP plan plus the scale-up's EC2 API budget (calls per API and the minimum
 * seconds EC2's token buckets need), as `cdk-eks-netkit plan` and NETKIT-API1 compute them.
 * Run with `npx projen bench`. Prints figures; asserts nothing.
 */
import { InstanceTypes, PodNetworking } from '../lib';
import { ec2ApiBudget } from '../lib/capacity/ec2-api-budget';
import { burstEc2ApiCalls } from '../lib/capacity/ec2-api-calls';
import { PlannedNodegroup, planIpCapacity } from '../lib/capacity/ip-planner';
import { runCli } from '../lib/cli/run-cli';
import type { VpcCniWarmPool } from '../lib/cni/vpc-cni-codec';

const NODES = 5000;
const ROUNDS = 20;
const WARM_UP_ROUNDS = 20;
const SUBNETS = Array.from({ length: 12 }, (_, i) => ({ cidr: `10.${i}.0.0/16`, availabilityZone: `az-${i % 3}` }));

/** 5,000 nodes as one group, or as 100 groups of 50 nodes of 100 different Nitro instance types. */
const nitro = InstanceTypes.names().filter(
  (t) => InstanceTypes.lookup(t).hypervisor === 'nitro' && !t.includes('metal'),
);
const SHAPES: Record<string, PlannedNodegroup[]> = {
  'one group of 5,000 m5.xlarge': [{ name: 'ng', instanceTypes: ['m5.xlarge'], minSize: 0, maxSize: NODES }],
  '100 groups of 50, 100 instance types': Array.from({ length: 100 }, (_, i) => ({
    name: `ng${i}`,
    instanceTypes: [nitro[(i * 7) % nitro.length]],
    minSize: 0,
    maxSize: NODES / 100,
  })),
};
const MODES: Array<[string, PodNetworking, VpcCniWarmPool]> = [
  ['secondary IPs', PodNetworking.secondaryIps(), {}],
  ['prefix delegation', PodNetworking.prefixDelegation(), {}],
  ['prefix delegation + MINIMUM_IP_TARGET 30', PodNetworking.prefixDelegation(), { minimumIpTarget: 30 }],
];

function plan(groups: PlannedNodegroup[], mode: PodNetworking, warm: VpcCniWarmPool): number {
  const ipPlan = planIpCapacity(SUBNETS, groups, mode, warm);
  const burst = burstEc2ApiCalls(
    groups.map((g) => ({ name: g.name, instanceTypes: g.instanceTypes, fromNodes: g.minSize, toNodes: g.maxSize })),
    mode,
    warm,
  );
  return ipPlan.subnets.length + ec2ApiBudget(burst.calls).minimumSeconds.overall;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => unknown): number {
  for (let i = 0; i < WARM_UP_ROUNDS; i++) run(); // load the data module, let the JIT settle
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

// Warm up every case first: the first plans over 100 instance types pay for loading and optimising their code paths.
for (const groups of Object.values(SHAPES)) {
  for (const [, mode, warm] of MODES) for (let i = 0; i < WARM_UP_ROUNDS; i++) plan(groups, mode, warm);
}
console.log(`planning ${NODES} nodes over ${SUBNETS.length} subnets (IP plan + EC2 API budget), median of ${ROUNDS}:`);
for (const [shape, groups] of Object.entries(SHAPES)) {
  for (const [modeName, mode, warm] of MODES) {
    console.log(`  ${shape}, ${modeName}: ${time(() => plan(groups, mode, warm)).toFixed(2)} ms`);
  }
}
const argv = ['plan', ...SUBNETS.flatMap((s) => ['--subnet', s.cidr]), '--instance-type', 'm5.xlarge'];
const cliMs = time(() =>
  runCli([...argv, '--nodes', String(NODES), '--from-nodes', '0', '--json'], { out: () => {}, err: () => {} }),
);
console.log(`  cdk-eks-netkit plan --nodes ${NODES} --json, in process: ${cliMs.toFixed(2)} ms`);
