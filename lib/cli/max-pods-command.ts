import { parseArgs } from 'node:util';
import { AUTO_MODE_OPTIONS, AUTO_MODE_USAGE, autoModeFromOptions } from './auto-mode-options';
import { CliIo, EXIT_OK, integerOption, joinNegativeNumbers, parseOrThrow } from './cli-io';
import { MaxPodsResult, calculateAllMaxPods, calculateMaxPods } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError } from '../private/validation-error';

const MAX_PODS_USAGE = `usage: cdk-eks-netkit max-pods <instance-type> [options]
       cdk-eks-netkit max-pods --all [--format csv|markdown] [options]

Max pods for an instance type, as the EKS max-pods calculator computes it, with the ENI limit and pod-eni capacity.

options:
  --prefix-delegation          ENI slots hold /28 prefixes (Nitro types, VPC CNI 1.9.0 or later)
  --custom-networking          the primary ENI carries no pod IPs
  --security-groups-for-pods   the trunk ENI carries no pod IPs
  --cni-version X.Y.Z          the VPC CNI version (default: a current one, 1.9.0 or later)
  --max-eni N                  the VPC CNI MAX_ENI setting
  --reserved-enis N            Karpenter's RESERVED_ENIS; replaces the mode's own reservation
  --pods-per-core N            kubelet podsPerCore
${AUTO_MODE_USAGE}
  --json                       one JSON object (an array with --all)
  --all                        every known instance type
  --format csv|markdown        the --all table format (default csv)

exit status: 0 on success, 2 on bad input`;

const OPTIONS = {
  ...AUTO_MODE_OPTIONS,
  'prefix-delegation': { type: 'boolean' },
  'custom-networking': { type: 'boolean' },
  'security-groups-for-pods': { type: 'boolean' },
  'cni-version': { type: 'string' },
  'max-eni': { type: 'string' },
  'reserved-enis': { type: 'string' },
  'pods-per-core': { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  help: { type: 'boolean' },
} as const;
const NUMERIC = ['max-eni', 'reserved-enis', 'pods-per-core'];
const FORMATS = ['csv', 'markdown'];

/** `cdk-eks-netkit max-pods`: the EKS max-pods calculator, for one type or all. */
export function maxPodsCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseOrThrow(() =>
    parseArgs({ args: joinNegativeNumbers(argv, NUMERIC), options: OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    io.out(MAX_PODS_USAGE);
    return EXIT_OK;
  }
  const podNetworkingOptions = {
    customNetworking: values['custom-networking'],
    securityGroupsForPods: values['security-groups-for-pods'],
    cniVersion: values['cni-version'],
    maxEni: integerOption('max-eni', values['max-eni']),
  };
  const autoMode = autoModeFromOptions(values, {
    'prefix-delegation': values['prefix-delegation'],
    'custom-networking': values['custom-networking'],
    'security-groups-for-pods': values['security-groups-for-pods'],
    'cni-version': values['cni-version'],
    'max-eni': values['max-eni'],
    'reserved-enis': values['reserved-enis'],
  });
  const options = {
    podNetworking:
      autoMode ??
      (values['prefix-delegation']
        ? PodNetworking.prefixDelegation(podNetworkingOptions)
        : PodNetworking.secondaryIps(podNetworkingOptions)),
    reservedEnis: integerOption('reserved-enis', values['reserved-enis']),
    podsPerCore: integerOption('pods-per-core', values['pods-per-core']),
  };
  const format = values.format ?? 'csv';
  if (!FORMATS.includes(format)) {
    throw new NetkitValidationError(`--format '${format}' is not one of ${FORMATS.join(', ')}`);
  }

  if (values.all) {
    if (positionals.length > 0) {
      throw new NetkitValidationError(`--all takes no instance type (got ${positionals.join(' ')})`);
    }
    const results = calculateAllMaxPods(options);
    if (values.json) io.out(JSON.stringify(results.map(toJson), undefined, 2));
    else renderTable(results, format).forEach((line) => io.out(line));
    return EXIT_OK;
  }

  if (positionals.length !== 1) {
    throw new NetkitValidationError(
      `max-pods takes one instance type (got ${positionals.length === 0 ? 'none' : positionals.join(' ')}); ` +
        'e.g. cdk-eks-netkit max-pods m5.large, or --all for every type',
    );
  }
  const result = calculateMaxPods(positionals[0], options);
  result.warnings.forEach((w) => io.err(`warning: ${w}`));
  if (values.json) {
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
