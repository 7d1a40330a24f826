import { parseArgs } from 'node:util';
import { AUTO_MODE_OPTIONS, AUTO_MODE_USAGE, autoModeFromOptions } from './auto-mode-options';
import { CliIo, EXIT_OK, integerOption, joinNegativeNumbers, parseOrThrow } from './cli-io';
import { Ec2ApiBudget, ec2ApiBudget, ec2ApiBudgetFix, largestUnthrottledStep } from '../capacity/ec2-api-budget';
import { EC2_APIS, burstEc2ApiCalls } from '../capacity/ec2-api-calls';
import { IpPlan, WarmPoolSettings, planIpCapacity } from '../capacity/ip-planner';
import { PodNetworking } from '../capacity/pod-networking';
import { checkSubnetCidrs } from '../capacity/subnet-cidrs';
import { NetkitValidationError } from '../private/validation-error';

/** Exit status when the node groups do not fit their subnets. */
const EXIT_DOES_NOT_FIT = 1;

const PLAN_USAGE = `usage: cdk-eks-netkit plan --subnet CIDR [--subnet CIDR …] --instance-type T --nodes N [options]

Whether the subnets hold N nodes at maximum size, with the IPs each node holds under the VPC CNI's warm-pool rules,
the /28 prefix fragmentation risk, and the EC2 calls a burst from --from-nodes to N makes with the least time
EC2's API rate limits need to serve them.

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
  --from-nodes N              nodes before the burst the EC2 API budget is for: N to --nodes at once
                              (default --min-nodes, else 0)
  --other-api-traffic PCT     the share (%) of EC2's API rate limits other callers in the account and Region
                              take during the burst (default 0)
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
  'from-nodes': { type: 'string' },
  'other-api-traffic': { type: 'string' },
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
  'from-nodes',
  'other-api-traffic',
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
  checkSubnetCidrs(subnets, '--subnet');
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
  const podsPerNode = integerOption('pods-per-node', values['pods-per-node']);
  const warm: WarmPoolSettings = {
    warmEniTarget: integerOption('warm-eni-target', values['warm-eni-target']),
    warmIpTarget: integerOption('warm-ip-target', values['warm-ip-target']),
    minimumIpTarget: integerOption('minimum-ip-target', values['minimum-ip-target']),
    warmPrefixTarget: integerOption('warm-prefix-target', values['warm-prefix-target']),
  };
  const plan = planIpCapacity(
    subnets.map((cidr) => ({ cidr })),
    [
      {
        name: 'nodes',
        instanceTypes,
        minSize: integerOption('min-nodes', values['min-nodes']) ?? 0,
        maxSize,
        podsPerNode,
      },
    ],
    mode,
    warm,
  );
  // Auto Mode nodes do not run the VPC CNI whose allocation the EC2 call model follows: no budget, and no flag for it.
  if (autoMode) rejectEc2ApiFlags(values);
  const ec2Api = autoMode ? undefined : ec2ApiSection(values, instanceTypes, maxSize, podsPerNode, mode, warm);
  if (values.json) io.out(JSON.stringify({ ...plan, ec2Api }, undefined, 2));
  else [...renderPlan(plan, mode), ...(ec2Api ? renderEc2Api(ec2Api) : [])].forEach((line) => io.out(line));
  return plan.fits ? EXIT_OK : EXIT_DOES_NOT_FIT;
}

/** The EC2 API budget of the burst from --from-nodes (default --min-nodes, else 0) to --nodes. */
function rejectEc2ApiFlags(values: { 'from-nodes'?: string; 'other-api-traffic'?: string }): void {
  for (const flag of ['from-nodes', 'other-api-traffic'] as const) {
    if (values[flag] !== undefined) {
      throw new NetkitValidationError(
        `--${flag} does not apply with --auto-mode: the EC2 API budget models the VPC CNI's calls, which Auto Mode nodes do not make; drop --${flag} or --auto-mode`,
      );
    }
  }
}

function ec2ApiSection(
  values: { 'from-nodes'?: string; 'min-nodes'?: string; 'other-api-traffic'?: string },
  instanceTypes: string[],
  toNodes: number,
  podsPerNode: number | undefined,
  mode: PodNetworking,
  warm: WarmPoolSettings,
) {
  // The burst of the node group's scale-up (--min-nodes) unless told otherwise, so both counts agree.
  const fromNodes =
    integerOption('from-nodes', values['from-nodes']) ?? integerOption('min-nodes', values['min-nodes']) ?? 0;
  if (fromNodes < 0 || fromNodes > toNodes) {
    throw new NetkitValidationError(
      `--from-nodes (${fromNodes}) must be from 0 to --nodes (${toNodes}): the burst goes from --from-nodes up to --nodes`,
    );
  }
  const otherTraffic = integerOption('other-api-traffic', values['other-api-traffic']) ?? 0;
  if (otherTraffic < 0 || otherTraffic > 99) {
    throw new NetkitValidationError(
      `--other-api-traffic (${otherTraffic}) must be a percentage from 0 to 99: the share of EC2's API rate limits other callers take`,
    );
  }
  const burst = burstEc2ApiCalls([{ name: 'nodes', instanceTypes, fromNodes, toNodes, podsPerNode }], mode, warm);
  const budget = ec2ApiBudget(burst.calls, otherTraffic);
  const step = largestUnthrottledStep(burst.groups[0].perNode, otherTraffic);
  return {
    fromNodes,
    toNodes,
    instanceType: burst.groups[0].instanceType,
    perNode: burst.groups[0].perNode,
    ...budget,
    largestUnthrottledStep: step,
    fix: budget.minimumSeconds.overall > 0 ? ec2ApiBudgetFix(budget, mode, warm, step) : undefined,
  };
}

function renderEc2Api(
  section: Ec2ApiBudget & { fromNodes: number; toNodes: number; largestUnthrottledStep?: number; fix?: string },
): string[] {
  const { perApi, overall } = section.minimumSeconds;
  return [
    `  EC2 API burst ${section.fromNodes} → ${section.toNodes} nodes (at least; EC2's default rate limits, ${section.otherTrafficPercent} % taken by other callers):`,
    ...EC2_APIS.map(
      (api) =>
        `    ${api.padEnd(32)}${String(section.calls[api]).padStart(7)} calls${String(perApi[api]).padStart(6)} s`,
    ),
    overall > 0
      ? `  minimum ${overall} s of throttling, bound by ${section.bindingApi}; fix: ${section.fix}`
      : `  no throttling: EC2's buckets hold the burst (${section.bindingApi} comes closest${
          section.largestUnthrottledStep !== undefined ? `; up to ${section.largestUnthrottledStep} nodes at once` : ''
        })`,
  ];
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
    ...plan.problems.map((p) => `  problem: ${p}`),
    ...plan.advice.map((a) => `  advice: ${a}`),
  ];
}
