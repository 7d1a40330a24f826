import { AUTO_MODE_FLAGS, autoModeFromFlags } from './auto-mode-options';
import { CliIo, EXIT_OK } from './cli-io';
import { flagHelp, FlagSpec, parseFlags } from './flags';
import { IP_FAMILY_FLAG, ipv6FromFlags } from './ip-family-option';
import { INSTANCE_TYPE_FLAG, instanceTypesFrom } from './instance-type-option';
import { MaxPodsResult, calculateAllMaxPods, calculateMaxPods } from '../capacity/max-pods';
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
  '',
  'Max pods for an instance type, as the EKS max-pods calculator computes it, with the ENI limit and pod-eni capacity.',
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
  const format = flags.string('format') ?? 'csv';

  const instanceTypes = instanceTypesFrom(flags);
  if (flags.boolean('all')) {
    if (instanceTypes.length > 0) {
      throw new NetkitValidationError(`--all takes no instance type (got ${instanceTypes.join(' ')})`);
    }
    const results = calculateAllMaxPods(options);
    if (flags.boolean('json')) io.out(JSON.stringify(results.map(toJson), undefined, 2));
    else renderTable(results, format).forEach((line) => io.out(line));
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
  if (flags.boolean('json')) {
    io.out(JSON.stringify(toJson(result), undefined, 2));
  } else {
    io.out(`${result.instanceType}: max pods ${result.maxPods}`);
    io.out(`  ENI limit ${result.eniLimit}, pod-eni ${result.podEni}, vCPUs ${result.vcpus ?? 'unknown'}`);
    io.out(`  ${result.explanation}`);
  }
  return EXIT_OK;
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
