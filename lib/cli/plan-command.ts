import * as fs from 'node:fs';
import {
  AUTO_MODE_FLAGS,
  autoModeFromFlags,
  autoModeMaxPodsAssumptions,
  requireOneTypeWhenMeasured,
} from './auto-mode-options';
import { CliIo, EXIT_OK } from './cli-io';
import { flagHelp, FlagSpec, ParsedFlags, parseFlags } from './flags';
import { INSTANCE_TYPE_FLAG, instanceTypesFrom } from './instance-type-option';
import { IP_FAMILY_FLAG, ipv6FromFlags } from './ip-family-option';
import { ModelAssumption, assumptionsFor, assumptionsJson, renderAssumptionLines } from '../capacity/assumptions';
import { Ec2ApiLimit, parseEc2ApiLimits } from '../capacity/ec2-api-buckets';
import { Ec2ApiBudget, ec2ApiBudget, ec2ApiBudgetFix, largestUnthrottledStep } from '../capacity/ec2-api-budget';
import { EC2_APIS, burstEc2ApiCalls } from '../capacity/ec2-api-calls';
import { IPV6_PREFIXES_PER_SUBNET, IpPlan, planIpCapacity } from '../capacity/ip-planner';
import { calculateMaxPods, checkPodsPerNode } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';
import type { VpcCniWarmPool } from '../cni/vpc-cni-codec';
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
    ...INSTANCE_TYPE_FLAG,
    description: 'the node instance type (or the first argument); with several, the plan takes the worst case',
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
    min: 1,
    prop: 'warmIpTarget',
    description: 'WARM_IP_TARGET',
  },
  {
    name: 'minimum-ip-target',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'minimumIpTarget',
    description: 'MINIMUM_IP_TARGET',
  },
  {
    name: 'warm-prefix-target',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'warmPrefixTarget',
    description: 'WARM_PREFIX_TARGET (default 1 with prefix delegation)',
  },
  {
    name: 'from-nodes',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    description: 'nodes before the burst the EC2 API budget is for: N to --nodes at once (default --min-nodes, else 0)',
  },
  {
    name: 'api-limits',
    kind: 'string',
    placeholder: 'FILE',
    description:
      'a JSON file of your account\'s EC2 API limits, e.g. { "AssignPrivateIpAddresses": { "bucketMaximumCapacity": 200, "bucketRefillRate": 10 } } (default: AWS\'s)',
  },
  {
    name: 'other-api-traffic',
    kind: 'integer',
    placeholder: 'PCT',
    min: 0,
    description: "the share (%) of EC2's API rate limits other callers take during the burst (default 0)",
  },
  IP_FAMILY_FLAG,
  ...AUTO_MODE_FLAGS,
  { name: 'json', kind: 'boolean', description: 'the whole plan as one JSON object' },
];

/** The flags that configure the VPC CNI, which Auto Mode nodes do not run. */
const CNI_FLAGS = [
  'prefix-delegation',
  'custom-networking',
  'security-groups-for-pods',
  'warm-eni-target',
  'warm-ip-target',
  'minimum-ip-target',
  'warm-prefix-target',
];

const PLAN_USAGE = [
  'usage: cdk-eks-netkit plan --subnet CIDR [--subnet CIDR …] --instance-type T --nodes N [options]',
  '',
  "Whether the subnets hold N nodes at maximum size, with the IPs each node holds under the VPC CNI's warm-pool rules,",
  'the /28 prefix fragmentation risk, and the EC2 calls a burst from --from-nodes to N makes with the least time',
  "EC2's API rate limits need to serve them.",
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
  const subnets = flags.strings('subnet');
  const instanceTypes = instanceTypesFrom(flags);
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
  const ipv6 = ipv6FromFlags(flags, [
    'custom-networking',
    'warm-eni-target',
    'warm-ip-target',
    'minimum-ip-target',
    'warm-prefix-target',
  ]);
  const autoMode = autoModeFromFlags(flags, CNI_FLAGS);
  requireOneTypeWhenMeasured(flags, instanceTypes);
  const mode =
    ipv6 ??
    autoMode ??
    (flags.boolean('prefix-delegation')
      ? PodNetworking.prefixDelegation(modeOptions)
      : PodNetworking.secondaryIps(modeOptions));
  const podsPerNode = flags.integer('pods-per-node');
  // The planner would count more pods than the kubelet schedules, or clamp them quietly: refuse instead.
  if (podsPerNode !== undefined) {
    instanceTypes.forEach((t) => checkPodsPerNode(podsPerNode, calculateMaxPods(t, { podNetworking: mode })));
  }
  const warm: VpcCniWarmPool = {
    warmEniTarget: flags.integer('warm-eni-target'),
    warmIpTarget: flags.integer('warm-ip-target'),
    minimumIpTarget: flags.integer('minimum-ip-target'),
    warmPrefixTarget: flags.integer('warm-prefix-target'),
  };
  const plan = planIpCapacity(
    subnets.map((cidr) => ({ cidr })),
    [{ name: 'nodes', instanceTypes, minSize, maxSize, podsPerNode }],
    mode,
    warm,
  );
  // Auto Mode nodes do not run the VPC CNI whose allocation the EC2 call model follows: no budget, and no flag for it.
  if (autoMode) rejectEc2ApiFlags(flags);
  const ec2Api = autoMode ? undefined : ec2ApiSection(flags, instanceTypes, maxSize, podsPerNode, mode, warm);
  const assumptions = planAssumptions(mode);
  if (flags.boolean('json')) {
    // One call summary: the EC2 API section (the planner's own per-group counts stay out of the JSON).
    const { scaleUpCalls: _, ...ipPlan } = plan;
    io.out(JSON.stringify({ ...ipPlan, ec2Api, assumptions: assumptionsJson(assumptions) }, undefined, 2));
  } else {
    [...renderPlan(plan, mode), ...(ec2Api ? renderEc2Api(ec2Api) : []), ...renderAssumptionLines(assumptions)].forEach(
      (line) => io.out(line),
    );
  }
  return plan.fits ? EXIT_OK : EXIT_DOES_NOT_FIT;
}

/** The assumptions the plan rests on: Auto Mode's readings, or ipamd's and EC2's. */
function planAssumptions(mode: PodNetworking): ModelAssumption[] {
  if (!mode.autoModeEnabled) return assumptionsFor('ip-plan-vpc-cni', 'ec2-api-budget');
  const maxPods = autoModeMaxPodsAssumptions(mode);
  return assumptionsFor('ip-plan-auto-mode').filter(
    (a) => !a.usedBy.includes('max-pods-auto-mode') || maxPods.includes(a),
  );
}

/** The account's EC2 API limits from --api-limits FILE, or none (AWS's defaults). */
function apiLimitsFromFlags(flags: ParsedFlags): Record<string, Ec2ApiLimit> {
  const file = flags.string('api-limits');
  if (file === undefined) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new NetkitValidationError(
      `--api-limits ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the path of a JSON file of your account's EC2 API limits`,
    );
  }
  return parseEc2ApiLimits(text, `--api-limits ${file}`);
}

function rejectEc2ApiFlags(flags: ParsedFlags): void {
  for (const flag of ['from-nodes', 'other-api-traffic', 'api-limits']) {
    if (flags.given(flag)) {
      throw new NetkitValidationError(
        `--${flag} does not apply with --auto-mode: the EC2 API budget models the VPC CNI's calls, which Auto Mode nodes do not make; drop --${flag} or --auto-mode`,
      );
    }
  }
}

/** The EC2 API budget of the burst from --from-nodes (default --min-nodes, else 0) to --nodes. */
function ec2ApiSection(
  flags: ParsedFlags,
  instanceTypes: string[],
  toNodes: number,
  podsPerNode: number | undefined,
  mode: PodNetworking,
  warm: VpcCniWarmPool,
) {
  // The burst of the node group's scale-up (--min-nodes) unless told otherwise, so both counts agree.
  const fromNodes = flags.integer('from-nodes') ?? flags.integer('min-nodes') ?? 0;
  if (fromNodes > toNodes) {
    throw new NetkitValidationError(
      `--from-nodes (${fromNodes}) must be from 0 to --nodes (${toNodes}): the burst goes from --from-nodes up to --nodes`,
    );
  }
  const otherTraffic = flags.integer('other-api-traffic') ?? 0;
  if (otherTraffic > 99) {
    throw new NetkitValidationError(
      `--other-api-traffic (${otherTraffic}) must be a percentage from 0 to 99: the share of EC2's API rate limits other callers take`,
    );
  }
  const limits = apiLimitsFromFlags(flags);
  const burst = burstEc2ApiCalls([{ name: 'nodes', instanceTypes, fromNodes, toNodes, podsPerNode }], mode, warm);
  const budget = ec2ApiBudget(burst.calls, otherTraffic, limits);
  const step = largestUnthrottledStep(burst.groups[0].perNode, otherTraffic, limits);
  return {
    fromNodes,
    toNodes,
    instanceType: burst.groups[0].instanceType,
    perNode: burst.groups[0].perNode,
    ...budget,
    largestUnthrottledStep: step,
    ipv6: mode.ipv6Enabled,
    fix: budget.minimumSeconds.overall > 0 ? ec2ApiBudgetFix(budget, mode, warm, step) : undefined,
  };
}

/** The APIs only IPv6 nodes call; the others only IPv4 nodes (and the trunk of security groups for pods). */
const IPV6_APIS: readonly string[] = ['AssignIpv6Addresses', 'DescribeNetworkInterfaces'];

function renderEc2Api(
  section: Ec2ApiBudget & {
    fromNodes: number;
    toNodes: number;
    largestUnthrottledStep?: number;
    fix?: string;
    ipv6: boolean;
  },
): string[] {
  const { perApi, overall } = section.minimumSeconds;
  return [
    `  EC2 API burst ${section.fromNodes} → ${section.toNodes} nodes (at least; ${
      section.buckets.some((b) => b.category === 'account limit') ? "your account's" : "EC2's default"
    } rate limits, ${section.otherTrafficPercent} % taken by other callers):`,
    ...EC2_APIS.filter((api) => section.calls[api] > 0 || IPV6_APIS.includes(api) === section.ipv6).map(
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
    mode.ipv6Enabled
      ? `  per node: ${node.ipsHeld} IPv4 address(es) held (${node.enisAttached} ENI primary), ${node.ipv6Prefixes} IPv6 /80 prefix for ${node.podIps} pod IPs`
      : `  per node: ${node.ipsHeld} IPs held (${node.podIps} pod IPs, ${node.enisAttached} ENIs${node.prefixes ? `, ${node.prefixes} /28 prefixes` : ''})`,
    ...plan.subnets.map(
      (s) =>
        `  ${s.cidr}: ${s.nodesAtMax} nodes need ${s.ipsAtMax} of ${s.usableIps} IPs, headroom ${s.headroom}` +
        (s.prefixesAtMax
          ? `; ${s.prefixesAtMax} of ${s.prefixBlocks} /28 blocks, fragmentation risk ${s.fragmentationRisk}`
          : '') +
        (s.ipv6PrefixesAtMax ? `; ${s.ipv6PrefixesAtMax} of ${IPV6_PREFIXES_PER_SUBNET} /80 prefixes of its /64` : ''),
    ),
    ...plan.problems.map((p) => `  problem: ${p}`),
    ...plan.advice.map((a) => `  advice: ${a}`),
  ];
}
