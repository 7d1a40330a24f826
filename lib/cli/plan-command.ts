import { parseArgs } from 'node:util';
import { AUTO_MODE_OPTIONS, AUTO_MODE_USAGE, autoModeFromOptions } from './auto-mode-options';
import { CliIo, EXIT_OK, integerOption, joinNegativeNumbers, parseOrThrow } from './cli-io';
import { IpPlan, planIpCapacity } from '../capacity/ip-planner';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

/** Exit status when the node groups do not fit their subnets. */
const EXIT_DOES_NOT_FIT = 1;

const PLAN_USAGE = `usage: cdk-eks-netkit plan --subnet CIDR [--subnet CIDR …] --instance-type T --nodes N [options]

Whether the subnets hold N nodes at maximum size, with the IPs each node holds under the VPC CNI's warm-pool rules,
the /28 prefix fragmentation risk, and the EC2 calls a scale-up from --min-nodes to N makes.

options:
  --subnet CIDR               a subnet pods take IPs from (repeat for each, e.g. one per AZ)
  --instance-type T           the node instance type (repeat for a mixed group: the plan takes the worst case)
  --nodes N                   the node group's maximum size
  --min-nodes N               its minimum size, for the scale-up cost (default 0)
  --pods-per-node N           pods per node that need an IP (default: a full node)
  --prefix-delegation         /28 prefixes instead of single IPs
  --custom-networking         the primary ENI carries no pod IPs
  --security-groups-for-pods  the trunk ENI carries no pod IPs
  --warm-eni-target N         WARM_ENI_TARGET (default 1)
  --warm-ip-target N          WARM_IP_TARGET
  --minimum-ip-target N       MINIMUM_IP_TARGET
  --warm-prefix-target N      WARM_PREFIX_TARGET (default 1 with prefix delegation)
${AUTO_MODE_USAGE}
  --json                      the whole plan as one JSON object

exit status: 0 when the nodes fit, 1 when they do not, 2 on bad input`;

const OPTIONS = {
  ...AUTO_MODE_OPTIONS,
  subnet: { type: 'string', multiple: true },
  'instance-type': { type: 'string', multiple: true },
  nodes: { type: 'string' },
  'min-nodes': { type: 'string' },
  'pods-per-node': { type: 'string' },
  'prefix-delegation': { type: 'boolean' },
  'custom-networking': { type: 'boolean' },
  'security-groups-for-pods': { type: 'boolean' },
  'warm-eni-target': { type: 'string' },
  'warm-ip-target': { type: 'string' },
  'minimum-ip-target': { type: 'string' },
  'warm-prefix-target': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;
const NUMERIC = [
  'nodes',
  'min-nodes',
  'pods-per-node',
  'warm-eni-target',
  'warm-ip-target',
  'minimum-ip-target',
  'warm-prefix-target',
];

/** `cdk-eks-netkit plan`: the IP capacity planner. */
export function planCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseOrThrow(() =>
    parseArgs({ args: joinNegativeNumbers(argv, NUMERIC), options: OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    io.out(PLAN_USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    throw new NetkitValidationError(`plan takes no positional arguments (got ${positionals.join(' ')}); see --help`);
  }
  const subnets = values.subnet ?? [];
  const instanceTypes = values['instance-type'] ?? [];
  const maxSize = integerOption('nodes', values.nodes);
  if (subnets.length === 0) {
    throw new NetkitValidationError('plan needs --subnet CIDR (one per subnet pods take IPs from)');
  }
  if (instanceTypes.length === 0) {
    throw new NetkitValidationError('plan needs --instance-type, e.g. --instance-type m5.xlarge');
  }
  if (maxSize === undefined) throw new NetkitValidationError('plan needs --nodes N, the node group maximum size');
  const modeOptions = {
    customNetworking: values['custom-networking'],
    securityGroupsForPods: values['security-groups-for-pods'],
  };
  const autoMode = autoModeFromOptions(values, {
    'prefix-delegation': values['prefix-delegation'],
    'custom-networking': values['custom-networking'],
    'security-groups-for-pods': values['security-groups-for-pods'],
    'warm-eni-target': values['warm-eni-target'],
    'warm-ip-target': values['warm-ip-target'],
    'minimum-ip-target': values['minimum-ip-target'],
    'warm-prefix-target': values['warm-prefix-target'],
  });
  const mode =
    autoMode ??
    (values['prefix-delegation']
      ? PodNetworking.prefixDelegation(modeOptions)
      : PodNetworking.secondaryIps(modeOptions));
  const plan = planIpCapacity(
    subnets.map((cidr) => ({ cidr })),
    [
      {
        name: 'nodes',
        instanceTypes,
        minSize: integerOption('min-nodes', values['min-nodes']) ?? 0,
        maxSize,
        podsPerNode: integerOption('pods-per-node', values['pods-per-node']),
      },
    ],
    mode,
    {
      warmEniTarget: integerOption('warm-eni-target', values['warm-eni-target']),
      warmIpTarget: integerOption('warm-ip-target', values['warm-ip-target']),
      minimumIpTarget: integerOption('minimum-ip-target', values['minimum-ip-target']),
      warmPrefixTarget: integerOption('warm-prefix-target', values['warm-prefix-target']),
    },
  );
  if (values.json) io.out(JSON.stringify(plan, undefined, 2));
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
    ...plan.advice.map((a) => `  advice: ${a}`),
  ];
}
