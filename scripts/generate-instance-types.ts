/**
 * Regenerates lib/capacity/instance-types.generated.ts, the EC2 network-limit table the library computes from.
 *
 *   npx projen gen:instance-types                                  # from ../shared/data/ec2-network-limits.json
 *   npx projen gen:instance-types --from path/to/limits.json       # another copy of that file
 *   npx projen gen:instance-types --from-ec2 --region us-east-1 [--region eu-west-1 …]
 *
 * `--from-ec2` calls `aws ec2 describe-instance-types` (AWS CLI v2, your credentials) in each region and merges
 * the answers. EC2 does not publish trunking support or branch-ENI counts, so those are carried over from the
 * current module (a type it does not know gets trunking=false, branchEnis=0, as the VPC resource controller
 * treats an unknown type).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { InstanceTypeRow } from '../lib/capacity/instance-type-limits';

export const OUTPUT_FILE = path.join(__dirname, '..', 'lib', 'capacity', 'instance-types.generated.ts');
const DEFAULT_INPUT = path.join(__dirname, '..', '..', 'shared', 'data', 'ec2-network-limits.json');

/** One instance type in ec2-network-limits.json. */
interface NetworkLimitsEntry {
  readonly maxEnis: number;
  readonly ipv4PerEni: number;
  readonly trunking: boolean;
  readonly branchEnis: number;
  readonly defaultNetworkCardIndex: number;
  readonly networkCards: ReadonlyArray<{ readonly index: number; readonly maxEnis: number }>;
  readonly hypervisor: string;
  readonly bareMetal: boolean;
}

/** The parts of ec2-network-limits.json the generator reads. */
export interface NetworkLimitsFile {
  readonly source: string;
  readonly instanceTypes: Record<string, NetworkLimitsEntry>;
  readonly supplementaryInstanceTypes?: {
    readonly source: string;
    readonly instanceTypes: Record<string, NetworkLimitsEntry>;
  };
  readonly vcpus: { readonly counts: Record<string, number>; readonly sources?: Record<string, string> };
}

/** The parts of one EC2 `DescribeInstanceTypes` entry the generator reads. */
export interface Ec2InstanceTypeInfo {
  readonly InstanceType: string;
  readonly Hypervisor?: string;
  readonly BareMetal?: boolean;
  readonly VCpuInfo?: { readonly DefaultVCpus?: number };
  readonly NetworkInfo: {
    readonly MaximumNetworkInterfaces: number;
    readonly Ipv4AddressesPerInterface: number;
    readonly DefaultNetworkCardIndex?: number;
    readonly NetworkCards?: ReadonlyArray<{
      readonly NetworkCardIndex: number;
      readonly MaximumNetworkInterfaces: number;
    }>;
  };
}

export type InstanceTypeTable = Record<string, InstanceTypeRow>;

/** Hypervisor as the calculator reads it: `nitro`, `xen`, or empty when EC2 reports none (bare metal). */
function normaliseHypervisor(hypervisor: string | undefined): string {
  return hypervisor === 'nitro' || hypervisor === 'xen' ? hypervisor : '';
}

function checkTrunking(instanceType: string, trunking: boolean, branchEnis: number): void {
  if (trunking !== branchEnis > 0) {
    throw new Error(`${instanceType}: trunking=${trunking} but branchEnis=${branchEnis}; the data is inconsistent`);
  }
}

/** Convert ec2-network-limits.json into the table, using the default card's ENIs, never the all-card total. */
export function fromNetworkLimitsFile(file: NetworkLimitsFile): InstanceTypeTable {
  const entries = { ...file.supplementaryInstanceTypes?.instanceTypes, ...file.instanceTypes };
  const table: InstanceTypeTable = {};
  for (const [instanceType, e] of Object.entries(entries)) {
    const defaultCard = e.networkCards.find((card) => card.index === e.defaultNetworkCardIndex);
    if (!defaultCard) {
      throw new Error(`${instanceType}: no network card has the default index ${e.defaultNetworkCardIndex}`);
    }
    checkTrunking(instanceType, e.trunking, e.branchEnis);
    table[instanceType] = {
      defaultCardEnis: defaultCard.maxEnis,
      ipv4PerEni: e.ipv4PerEni,
      trunking: e.trunking,
      branchEnis: e.branchEnis,
      hypervisor: normaliseHypervisor(e.hypervisor),
      bareMetal: e.bareMetal,
      vcpus: file.vcpus.counts[instanceType],
      totalEnis: e.maxEnis,
      networkCards: e.networkCards.length,
    };
  }
  return table;
}

/**
 * Convert EC2 `DescribeInstanceTypes` answers into the table. Trunking and branch ENIs come from `previous`,
 * because EC2 does not publish them.
 */
export function fromDescribeInstanceTypes(
  infos: readonly Ec2InstanceTypeInfo[],
  previous: InstanceTypeTable,
): InstanceTypeTable {
  const table: InstanceTypeTable = {};
  for (const info of infos) {
    const net = info.NetworkInfo;
    const cardIndex = net.DefaultNetworkCardIndex ?? 0;
    const cards = net.NetworkCards ?? [];
    const defaultCard = cards.find((card) => card.NetworkCardIndex === cardIndex);
    const known = previous[info.InstanceType];
    table[info.InstanceType] = {
      defaultCardEnis: defaultCard?.MaximumNetworkInterfaces ?? net.MaximumNetworkInterfaces,
      ipv4PerEni: net.Ipv4AddressesPerInterface,
      trunking: known?.trunking ?? false,
      branchEnis: known?.branchEnis ?? 0,
      hypervisor: normaliseHypervisor(info.Hypervisor),
      bareMetal: info.BareMetal ?? false,
      vcpus: info.VCpuInfo?.DefaultVCpus ?? known?.vcpus,
      totalEnis: net.MaximumNetworkInterfaces,
      networkCards: Math.max(cards.length, 1),
    };
  }
  return table;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function renderRow(row: InstanceTypeRow): string {
  const fields = [
    `defaultCardEnis: ${row.defaultCardEnis}`,
    `ipv4PerEni: ${row.ipv4PerEni}`,
    `trunking: ${row.trunking}`,
    `branchEnis: ${row.branchEnis}`,
    `hypervisor: ${quote(row.hypervisor)}`,
    `bareMetal: ${row.bareMetal}`,
    ...(row.vcpus === undefined ? [] : [`vcpus: ${row.vcpus}`]),
    `totalEnis: ${row.totalEnis}`,
    `networkCards: ${row.networkCards}`,
  ];
  return `{ ${fields.join(', ')} }`;
}

/** Render the data module: a header naming the source and date, then one line per instance type, sorted. */
export function renderModule(table: InstanceTypeTable, sources: readonly string[]): string {
  const names = Object.keys(table).sort();
  const lines = [
    '// Generated by scripts/generate-instance-types.ts. Do not edit: run `npx projen gen:instance-types`.',
    ...sources.map((s) => `// Source: ${s}`),
    `// ${names.length} instance types.`,
    "import type { InstanceTypeRow } from './instance-type-limits';",
    '',
    '/** The sources this table was generated from. */',
    `export const INSTANCE_TYPE_DATA_SOURCES: readonly string[] = [${sources.map(quote).join(', ')}];`,
    '',
    '/** EC2 network limits per instance type: default-card ENIs, IPv4 per ENI, trunking, vCPUs. */',
    'export const INSTANCE_TYPE_DATA: Readonly<Record<string, InstanceTypeRow>> = {',
    ...names.map((name) => `  ${quote(name)}: ${renderRow(table[name])},`),
    '};',
    '',
  ];
  return lines.join('\n');
}

function describeInstanceTypes(region: string): Ec2InstanceTypeInfo[] {
  const out = execFileSync('aws', ['ec2', 'describe-instance-types', '--region', region, '--output', 'json'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return (JSON.parse(out) as { InstanceTypes: Ec2InstanceTypeInfo[] }).InstanceTypes;
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      'from-ec2': { type: 'boolean' },
      region: { type: 'string', multiple: true },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
    return;
  }
  const out = values.out ?? OUTPUT_FILE;
  let table: InstanceTypeTable;
  let sources: string[];
  if (values['from-ec2']) {
    const regions = values.region ?? [];
    if (regions.length === 0) throw new Error('--from-ec2 needs at least one --region');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const previous = (require('../lib/capacity/instance-types.generated') as { INSTANCE_TYPE_DATA: InstanceTypeTable })
      .INSTANCE_TYPE_DATA;
    const infos = new Map<string, Ec2InstanceTypeInfo>();
    for (const region of regions) for (const info of describeInstanceTypes(region)) infos.set(info.InstanceType, info);
    table = fromDescribeInstanceTypes([...infos.values()], previous);
    sources = [
      `EC2 DescribeInstanceTypes in ${regions.join(', ')} on ${new Date().toISOString().slice(0, 10)}`,
      'trunking and branch ENIs carried over from the previous module (EC2 does not publish them)',
    ];
  } else {
    const input = values.from ?? DEFAULT_INPUT;
    const file = JSON.parse(readFileSync(input, 'utf8')) as NetworkLimitsFile;
    table = fromNetworkLimitsFile(file);
    sources = [
      file.source,
      ...(file.supplementaryInstanceTypes ? [file.supplementaryInstanceTypes.source] : []),
      `vCPUs (EC2 VCpuInfo.DefaultVCpus): ${Object.values(file.vcpus.sources ?? {}).join('; ')}`,
    ];
  }
  writeFileSync(out, renderModule(table, sources));
  console.log(`wrote ${Object.keys(table).length} instance types to ${path.relative(process.cwd(), out)}`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`gen:instance-types: ${(err as Error).message}`);
    process.exit(2);
  }
}
