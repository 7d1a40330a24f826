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
import { assumptionsJson, renderAssumptionLines } from '../capacity/assumptions';
import { knownInstanceTypes } from '../capacity/instance-type-limits';
import { MaxPodsResult, calculateAllMaxPods, calculateMaxPods } from '../capacity/max-pods';
import {
  MaxPodsExpressionDialect,
  MaxPodsExpressionResult,
  compileMaxPodsExpression,
  evaluateMaxPodsExpression,
} from '../capacity/max-pods-expression';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

/** The flags of `max-pods`: parser, checks and help come from this table. */
export const MAX_PODS_FLAGS: readonly FlagSpec[] = [
  INSTANCE_TYPE_FLAG,
  {
    name: 'prefix-delegation',
    kind: 'boolean',
    description: 'ENI slots hold /28 prefixes (Nitro types, VPC CNI 1.9.0 or later)',
  },
  { name: 'custom-networking', kind: 'boolean', description: 'the primary ENI carries no pod IPs' },
  { name: 'security-groups-for-pods', kind: 'boolean', description: 'the trunk ENI carries no pod IPs' },
  {
    name: 'cni-version',
    kind: 'string',
    placeholder: 'X.Y.Z',
    prop: 'cniVersion',
    description: 'the VPC CNI version (default: a current one, 1.9.0 or later)',
  },
  {
    name: 'max-eni',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'maxEni',
    description: 'the VPC CNI MAX_ENI setting',
  },
  {
    name: 'reserved-enis',
    kind: 'integer',
    placeholder: 'N',
    min: 0,
    prop: 'reservedEnis',
    description: "Karpenter's RESERVED_ENIS; replaces the mode's own reservation",
  },
  {
    name: 'pods-per-core',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'podsPerCore',
    description: 'kubelet podsPerCore',
  },
  IP_FAMILY_FLAG,
  ...AUTO_MODE_FLAGS,
  {
    name: 'expression',
    kind: 'string',
    placeholder: 'CEL',
    prop: 'maxPodsExpression',
    description: 'evaluate a max-pods CEL expression per type, next to the exact figure (needs --dialect)',
  },
  {
    name: 'dialect',
    kind: 'string',
    placeholder: 'nodeadm|karpenter',
    choices: Object.values(MaxPodsExpressionDialect),
    description: "whose CEL: nodeadm's maxPodsExpression or Karpenter's maxPods",
  },
  {
    name: 'memory-mib',
    kind: 'integer',
    placeholder: 'N',
    min: 1,
    prop: 'memoryMib',
    description: 'physical memory for expressions that read it (the instance data has none)',
  },
  { name: 'json', kind: 'boolean', description: 'one JSON object (an array with --all)' },
  { name: 'all', kind: 'boolean', description: 'every known instance type' },
  {
    name: 'format',
    kind: 'string',
    placeholder: 'csv|markdown',
    choices: ['csv', 'markdown'],
    description: 'the --all table format (default csv)',
  },
];

/** The flags that configure the VPC CNI, which Auto Mode nodes do not run. */
const CNI_FLAGS = [
  'prefix-delegation',
  'custom-networking',
  'security-groups-for-pods',
  'cni-version',
  'max-eni',
  'reserved-enis',
];

const MAX_PODS_USAGE = [
  'usage: cdk-eks-netkit max-pods --instance-type T [options]     (or: max-pods T [options])',
  '       cdk-eks-netkit max-pods --all [--format csv|markdown] [options]',
  "       cdk-eks-netkit max-pods --instance-type T... | --all --expression '<CEL>' --dialect nodeadm|karpenter",
  '',
  'Max pods for an instance type, as the EKS max-pods calculator computes it, with the ENI limit and pod-eni capacity.',
  'With --expression: the value of a max-pods expression per type next to the ENI limit, a warning where they differ,',
  'and an error (exit 2) where the expression uses a variable or function the dialect lacks.',
  '',
  'options:',
  ...flagHelp(MAX_PODS_FLAGS),
  '',
  'exit status: 0 on success, 2 on bad input',
].join('\n');

/** `cdk-eks-netkit max-pods`: the EKS max-pods calculator, for one type or all. */
export function maxPodsCommand(argv: string[], io: CliIo): number {
  const flags = parseFlags('max-pods', MAX_PODS_FLAGS, argv);
  if (flags.boolean('help')) {
    io.out(MAX_PODS_USAGE);
    return EXIT_OK;
  }
  const podNetworkingOptions = {
    customNetworking: flags.boolean('custom-networking'),
    securityGroupsForPods: flags.boolean('security-groups-for-pods'),
    cniVersion: flags.string('cni-version'),
    maxEni: flags.integer('max-eni'),
  };
  const ipv6 = ipv6FromFlags(flags, ['custom-networking', 'max-eni'], true);
  const autoMode = autoModeFromFlags(flags, CNI_FLAGS);
  const options = {
    podNetworking:
      ipv6 ??
      autoMode ??
      (flags.boolean('prefix-delegation')
        ? PodNetworking.prefixDelegation(podNetworkingOptions)
        : PodNetworking.secondaryIps(podNetworkingOptions)),
    reservedEnis: flags.integer('reserved-enis'),
    podsPerCore: flags.integer('pods-per-core'),
  };
  const format = flags.string('format');
  // --format only shapes the --all table; anywhere else it would be dropped without a word.
  if (format !== undefined && (!flags.boolean('all') || flags.boolean('json') || flags.given('expression'))) {
    const instead = flags.given('expression')
      ? '--expression'
      : flags.boolean('json')
        ? '--json (JSON is its own format)'
        : 'one instance type (a text answer)';
    throw new NetkitValidationError(
      `--format '${format}' has no effect with ${instead}: it applies only to the --all table without --json; drop --format`,
    );
  }
  if (flags.given('expression') || flags.given('dialect') || flags.given('memory-mib')) {
    return expressionCommand(flags, options.podNetworking, io);
  }

  const instanceTypes = instanceTypesFrom(flags);
  if (flags.boolean('all')) {
    requireOneTypeWhenMeasured(flags, []);
    if (instanceTypes.length > 0) {
      throw new NetkitValidationError(`--all takes no instance type (got ${instanceTypes.join(' ')})`);
    }
    const results = calculateAllMaxPods(options);
    if (flags.boolean('json')) io.out(JSON.stringify(results.map(toJson), undefined, 2));
    else renderTable(results, format ?? 'csv').forEach((line) => io.out(line));
    return EXIT_OK;
  }

  if (instanceTypes.length !== 1) {
    const got = instanceTypes.length === 0 ? 'none' : instanceTypes.join(' ');
    throw new NetkitValidationError(
      `max-pods takes one instance type (got ${got}); e.g. cdk-eks-netkit max-pods --instance-type m5.large, or --all for every type`,
    );
  }
  const result = calculateMaxPods(instanceTypes[0], options);
  result.warnings.forEach((w) => io.err(`warning: ${w}`));
  // Auto Mode's answer rests on readings of what AWS leaves open; the VPC CNI's follows nodeadm's formula.
  const assumptions = autoMode ? autoModeMaxPodsAssumptions(autoMode) : [];
  if (flags.boolean('json')) {
    io.out(JSON.stringify({ ...toJson(result), assumptions: assumptionsJson(assumptions) }, undefined, 2));
  } else {
    io.out(`${result.instanceType}: max pods ${result.maxPods}`);
    io.out(`  ENI limit ${result.eniLimit}, pod-eni ${result.podEni}, vCPUs ${result.vcpus ?? 'unknown'}`);
    io.out(`  ${result.explanation}`);
    renderAssumptionLines(assumptions).forEach((line) => io.out(line));
  }
  return EXIT_OK;
}

/** `max-pods --expression`: the expression's value per type next to the library's ENI limit. */
function expressionCommand(flags: ParsedFlags, podNetworking: PodNetworking, io: CliIo): number {
  const expression = flags.string('expression');
  const dialect = flags.string('dialect') as MaxPodsExpressionDialect | undefined;
  if (expression === undefined || dialect === undefined) {
    throw new NetkitValidationError(
      `${expression === undefined ? '--dialect and --memory-mib need --expression' : '--expression needs --dialect'}: ` +
        "e.g. --expression 'min(110, max_pods)' --dialect karpenter",
    );
  }
  if (flags.given('pods-per-core')) throw new NetkitValidationError('--pods-per-core does not apply to --expression');
  const compiled = compileMaxPodsExpression(expression, dialect);
  const named = instanceTypesFrom(flags);
  const types = flags.boolean('all') ? knownInstanceTypes() : named;
  if (flags.boolean('all') && named.length > 0) {
    throw new NetkitValidationError(`--all takes no instance type (got ${named.join(' ')})`);
  }
  if (types.length === 0) {
    throw new NetkitValidationError(
      '--expression needs instance types to evaluate on: name them (--instance-type m5.large --instance-type c6i.xlarge, or as arguments) or give --all',
    );
  }
  const options = {
    dialect,
    podNetworking,
    reservedEnis: flags.integer('reserved-enis'),
    memoryMib: flags.integer('memory-mib'),
  };
  const results = types.map((t) => evaluateMaxPodsExpression(compiled, t, options));
  if (flags.boolean('json')) {
    io.out(JSON.stringify(results, undefined, 2));
  } else {
    const width = Math.max('instance type'.length, ...types.map((t) => t.length));
    io.out(`${'instance type'.padEnd(width)}  expression  exact (${podNetworking.describe()})`);
    for (const r of results) {
      io.out(`${r.instanceType.padEnd(width)}  ${expressionCell(r).padEnd(10)}  ${r.libraryEniLimit}`);
    }
  }
  const differing = results.filter((r) => r.warnings.length > 0);
  differing.flatMap((r) => r.warnings).forEach((w) => io.err(`warning: ${w}`));
  const unknown = results.filter((r) => r.unknown !== undefined);
  io.err(
    `${differing.length} of ${results.length} instance type(s) differ from the exact figure` +
      (unknown.length > 0 ? `; ${unknown.length} unknown (${unknown[0].unknown}; give --memory-mib)` : ''),
  );
  return EXIT_OK;
}

function expressionCell(result: MaxPodsExpressionResult): string {
  if (result.unknown !== undefined) return 'unknown';
  if (result.value === undefined) {
    return result.effectiveMaxPods === undefined ? 'fails' : `fails→${result.effectiveMaxPods}`;
  }
  return String(result.value);
}

/** The JSON shape: every result field, with the vCPU count `null` when unknown so the key is always there. */
function toJson(result: MaxPodsResult): object {
  return { ...result, vcpus: result.vcpus ?? null };
}

function renderTable(results: MaxPodsResult[], format: string): string[] {
  const header = ['instance type', 'vCPUs', 'ENI limit', 'recommended', 'pod-eni'];
  const rows = results.map((r) => [r.instanceType, r.vcpus ?? '', r.eniLimit, r.recommended, r.podEni].map(String));
  if (format === 'csv') {
    return ['instance_type,vcpus,eni_limit,recommended,pod_eni', ...rows.map((row) => row.join(','))];
  }
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
