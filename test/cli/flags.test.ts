import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, expectBadInput } from './run-cli';
import { MAX_PODS_FLAGS } from '../../lib/cli/max-pods-command';
import { PLAN_FLAGS } from '../../lib/cli/plan-command';

const PLAN = ['plan', '--subnet', '10.0.0.0/24', '--instance-type', 'm5.xlarge', '--nodes', '3'];
const MAX_PODS = ['max-pods', 'm5.large'];

describe('--version and --help', () => {
  test('--version prints the version of the package the CLI belongs to', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const run = cli('--version');
    expect(run).toEqual({ status: 0, stdout: pkg.version, stderr: '' });
  });

  test('--help lists the commands, and each command prints its help on stdout with exit 0', () => {
    const top = cli('--help');
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/^ {2}max-pods +\S/m);
    expect(top.stdout).toMatch(/^ {2}plan +\S/m);
    expect(top.stdout).toMatch(/--version/);
  });

  test.each([
    ['max-pods', MAX_PODS_FLAGS],
    ['plan', PLAN_FLAGS],
  ])('%s --help has exactly one line per flag of its table, with a description', (command, table) => {
    const run = cli(command, '--help');
    expect(run.status).toBe(0);
    const flagLines = run.stdout.split('\n').filter((line) => /^ {2}--/.test(line));
    const named = flagLines.map((line) => /^ {2}--([a-z0-9-]+)/.exec(line)![1]);
    expect(named).toEqual([...table.map((f) => f.name), 'help']);
    // Each line: the flag, its placeholder if it takes a value, then words.
    for (const flag of table) {
      const line = flagLines[named.indexOf(flag.name)];
      const placeholder = flag.kind === 'boolean' ? '' : ` ${flag.placeholder}`;
      expect(line).toMatch(new RegExp(`^ {2}--${flag.name}${placeholder.replace(/\|/g, '\\|')} +\\S`));
    }
  });

  test('no command and no flag suggests anything outside the package (no projen, no npx tasks)', () => {
    const texts = [
      cli('--help').stdout,
      cli('max-pods', '--help').stdout,
      cli('plan', '--help').stdout,
      cli('max-pods', 'm5.larg').stderr,
      cli('max-pods', 'zz9.huge').stderr,
    ];
    for (const text of texts) expect(text).not.toMatch(/projen|npx|npm run/);
  });
});

describe('bad input names the flag as typed, echoes the value and points at --help', () => {
  test.each([
    [['max-pods', '--bogus'], /unknown option '--bogus'; see cdk-eks-netkit max-pods --help/],
    [[...PLAN, '-x'], /unknown option '-x'; see cdk-eks-netkit plan --help/],
    [['--bogus'], /unknown option '--bogus'.*see cdk-eks-netkit --help/],
    [['nodes'], /unknown command 'nodes'; commands: max-pods, plan/],
    [['plan', '--subnet'], /option '--subnet' needs a value; see cdk-eks-netkit plan --help/],
    [['plan', '--nodes', '--json'], /option '--nodes' needs a value/],
    [[...MAX_PODS, '--json=yes'], /option '--json' takes no value/],
  ])('unknown flags and missing values: %j', (argv, message) => expectBadInput(argv, message));

  test.each([
    [[...MAX_PODS, '--max-eni', 'two'], /--max-eni 'two' is not a whole number/],
    [[...MAX_PODS, '--pods-per-core', '1.5'], /--pods-per-core '1\.5' is not a whole number/],
    [[...MAX_PODS, '--reserved-enis', '0x1'], /--reserved-enis '0x1' is not a whole number/],
    [[...PLAN, '--min-nodes', 'few'], /--min-nodes 'few' is not a whole number/],
    [[...PLAN, '--warm-ip-target', '5ips'], /--warm-ip-target '5ips' is not a whole number/],
    [[...PLAN, '--pods-per-node', '1e3'], /--pods-per-node '1e3' is not a whole number/],
  ])('non-numbers: %j', (argv, message) => expectBadInput(argv, message));

  test.each([
    [[...MAX_PODS, '--max-eni', '0'], /--max-eni '0' is below 1/],
    [[...MAX_PODS, '--pods-per-core', '-3'], /--pods-per-core '-3' is below 1/],
    [[...MAX_PODS, '--reserved-enis=-1'], /--reserved-enis '-1' is below 0/],
    [['plan', '--subnet', '10.0.0.0/24', '--instance-type', 'm5.xlarge', '--nodes', '0'], /--nodes '0' is below 1/],
    [[...PLAN, '--minimum-ip-target', '-5'], /--minimum-ip-target '-5' is below 1/],
    [[...PLAN, '--warm-prefix-target', '-1'], /--warm-prefix-target '-1' is below 1/],
    [[...PLAN, '--min-nodes', '4'], /--min-nodes 4 is above --nodes 3/],
  ])('negatives and out-of-range numbers: %j', (argv, message) => expectBadInput(argv, message));

  test.each([
    // 10.0.1.5/24: the /24 network is 10.0.1.0 (the last octet is all host bits).
    [
      ['plan', '--subnet', '10.0.1.5/24'],
      /--subnet '10\.0\.1\.5\/24' has host bits set; .*network address: 10\.0\.1\.0\/24/,
    ],
    // 10.0.17.0/20: /20 keeps the top 4 bits of the third octet, 17 = 0b00010001 → 16.
    [['plan', '--subnet', '10.0.17.0/20'], /network address: 10\.0\.16\.0\/20/],
    [['plan', '--subnet', '10.0.0/24'], /--subnet '10\.0\.0\/24' is not an IPv4 CIDR/],
    [['plan', '--subnet', '10.0.0.256/24'], /is not an IPv4 CIDR/],
    [['plan', '--subnet', '10.0.0.0/33'], /is not an IPv4 CIDR/],
  ])('CIDRs: %j', (argv, message) =>
    expectBadInput([...argv, '--instance-type', 'm5.xlarge', '--nodes', '3'], message),
  );

  test.each([
    [[...MAX_PODS, '--cni-version', ''], /--cni-version '' is empty: give X\.Y\.Z/],
    [['plan', '--subnet', '', '--instance-type', 'm5.xlarge', '--nodes', '3'], /--subnet '' is empty: give CIDR/],
    [['plan', '--subnet', '10.0.0.0/24', '--instance-type', ' ', '--nodes', '3'], /--instance-type ' ' is empty/],
    [[...PLAN, '--nodes', ''], /--nodes '' is empty: give N/],
    [['max-pods', '--all', '--format', ''], /--format '' is empty/],
  ])('empty values: %j', (argv, message) => expectBadInput(argv, message));

  test.each([
    [['max-pods', '--all', '--format', 'xml'], /--format 'xml' is not one of csv, markdown/],
    // The library validates the version; its message names the prop, the CLI prints the flag instead.
    [[...MAX_PODS, '--cni-version', 'latest'], /^cdk-eks-netkit: --cni-version 'latest' is not a VPC CNI version/],
    [[...MAX_PODS, '--custom-networking', '--reserved-enis', '3'], /--reserved-enis 3 reserve\(s\) 3/],
  ])('values the library rejects name the flag, not the prop: %j', (argv, message) => {
    expectBadInput(argv, message);
    expect(cli(...argv).stderr).not.toMatch(/cniVersion|reservedEnis|maxEni|podsPerCore/);
  });
});
