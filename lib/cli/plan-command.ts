import { CliIo, EXIT_OK } from './cli-io';
import { flagHelp, FlagSpec, parseFlags } from './flags';
import { IpPlan, planIpCapacity } from '../capacity/ip-planner';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

/** Exit status when the node groups do not fit their subnets. */
const EXIT_DOES_NOT_FIT = 1;

/** The flags of `plan`: parser, checks and help come from this table. */
export const PLAN_FLAGS: readonly FlagSpec[] = [
  {
    name: 'subnet',
    kind: 'cidr',
    placeholder: 'CIDR',
    multiple: true,
    description: 'a subnet pods take IPs from, e.g. one per AZ',
  },
  {
    name: 'instance-type',
    kind: 'string',
    placeholder: 'T',
    multiple: true,
    description: 'the node instance type; with several, the plan takes the worst case',
  },
  {
    name: 'nodes',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'nodes.maxSize',
    description: "the node group's maximum size",
  },
  {
    name: 'min-nodes',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'nodes.minSize',
    description: 'its minimum size, for the scale-up cost (default 0)',
  },
  {
    name: 'pods-per-node',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'podsPerNode',
    description: 'pods per node that need an IP (default: a full node)',
  },
  { name: 'prefix-delegation', kind: 'boolean', description: '/28 prefixes instead of single IPs' },
  { name: 'custom-networking', kind: 'boolean', description: 'the primary ENI carries no pod IPs' },
  { name: 'security-groups-for-pods', kind: 'boolean', description: 'the trunk ENI carries no pod IPs' },
  {
    name: 'warm-eni-target',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'warmEniTarget',
    description: 'WARM_ENI_TARGET (default 1)',
  },
  {
    name: 'warm-ip-target',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'warmIpTarget',
    description: 'WARM_IP_TARGET',
  },
  {
    name: 'minimum-ip-target',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'minimumIpTarget',
    description: 'MINIMUM_IP_TARGET',
  },
  {
    name: 'warm-prefix-target',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'warmPrefixTarget',
    description: 'WARM_PREFIX_TARGET (default 1 with prefix delegation)',
  },
  { name: 'json', kind: 'boolean', description: 'the whole plan as one JSON object' },
];

const PLAN_USAGE = [
  'usage: cdk-eks-netkit plan --subnet CIDR [--subnet CIDR …] --instance-type T --nodes N [options]',
  '',
  "Whether the subnets hold N nodes at maximum size, with the IPs each node holds under the VPC CNI's warm-pool rules,",
  'the /28 prefix fragmentation risk, and the EC2 calls a scale-up from --min-nodes to N makes.',
  '',
  'options:',
  ...flagHelp(PLAN_FLAGS),
  '',
  'exit status: 0 when the nodes fit, 1 when they do not, 2 on bad input',
].join('\n');

/** `cdk-eks-netkit plan`: the IP capacity planner. */
export function planCommand(argv: string[], io: CliIo): number {
  const flags = parseFlags('plan', PLAN_FLAGS, argv);
  if (flags.boolean('help')) {
    io.out(PLAN_USAGE);
    return EXIT_OK;
  }
  if (flags.positionals.length > 0) {
    throw new NetkitValidationError(
      `plan takes no positional arguments (got ${flags.positionals.join(' ')}); see cdk-eks-netkit plan --help`,
    );
  }
  const subnets = flags.strings('subnet');
  const instanceTypes = flags.strings('instance-type');
  const maxSize = flags.integer('nodes');
  const minSize = flags.integer('min-nodes') ?? 0;
  if (subnets.length === 0) {
    throw new NetkitValidationError('plan needs --subnet CIDR (one per subnet pods take IPs from)');
  }
  if (instanceTypes.length === 0) {
    throw new NetkitValidationError('plan needs --instance-type, e.g. --instance-type m5.xlarge');
  }
  if (maxSize === undefined) throw new NetkitValidationError('plan needs --nodes N, the node group maximum size');
  if (minSize > maxSize) {
    throw new NetkitValidationError(`--min-nodes ${minSize} is above --nodes ${maxSize}; lower --min-nodes`);
  }
  const modeOptions = {
    customNetworking: flags.boolean('custom-networking'),
    securityGroupsForPods: flags.boolean('security-groups-for-pods'),
  };
  const mode = flags.boolean('prefix-delegation')
    ? PodNetworking.prefixDelegation(modeOptions)
    : PodNetworking.secondaryIps(modeOptions);
  const plan = planIpCapacity(
    subnets.map((cidr) => ({ cidr })),
    [{ name: 'nodes', instanceTypes, minSize, maxSize, podsPerNode: flags.integer('pods-per-node') }],
    mode,
    {
      warmEniTarget: flags.integer('warm-eni-target'),
      warmIpTarget: flags.integer('warm-ip-target'),
      minimumIpTarget: flags.integer('minimum-ip-target'),
      warmPrefixTarget: flags.integer('warm-prefix-target'),
    },
  );
  if (flags.boolean('json')) io.out(JSON.stringify(plan, undefined, 2));
  else renderPlan(plan, mode).forEach((line) => io.out(line));
  return plan.fits ? EXIT_OK : EXIT_DOES_NOT_FIT;
}

function renderPlan(plan: IpPlan, mode: PodNetworking): string[] {
  const [group] = plan.nodegroups;
  const node = group.perNode;
  return [
    `${plan.fits ? 'fits' : 'does not fit'}: ${mode.describe()}, ${node.instanceType}`,
    `  per node: ${node.ipsHeld} IPs held (${node.podIps} pod IPs, ${node.enisAttached} ENIs${node.prefixes ? `, ${node.prefixes} /28 prefixes` : ''})`,
    ...plan.subnets.map(
      (s) =>
        `  ${s.cidr}: ${s.nodesAtMax} nodes need ${s.ipsAtMax} of ${s.usableIps} IPs, headroom ${s.headroom}` +
        (s.prefixesAtMax
          ? `; ${s.prefixesAtMax} of ${s.prefixBlocks} /28 blocks, fragmentation risk ${s.fragmentationRisk}`
          : ''),
    ),
    `  scale-up of ${group.scaleUpNodes} nodes: ${plan.scaleUpCalls.createNetworkInterface} CreateNetworkInterface, ` +
      `${plan.scaleUpCalls.attachNetworkInterface} AttachNetworkInterface, ${plan.scaleUpCalls.assignPrivateIpAddresses}+ AssignPrivateIpAddresses calls`,
    ...plan.problems.map((p) => `  problem: ${p}`),
  ];
}
