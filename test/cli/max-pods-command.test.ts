import { cli, cliProcess } from './run-cli';
import { InstanceTypes } from '../../lib';

describe('cdk-eks-netkit max-pods', () => {
  test('--json prints one object with the fields scripts read', () => {
    const run = cli('max-pods', 'm5.large', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      instanceType: 'm5.large',
      eniLimit: 29,
      recommended: 29,
      podEni: 9,
      vcpus: 2,
    });
  });

  test('without --json it answers in words, with the explanation', () => {
    const run = cli('max-pods', 'm5.large', '--custom-networking');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^m5\.large: max pods 20$/m);
    expect(run.stdout).toMatch(/− 1 custom networking/);
  });

  test.each([
    [['m5.large', '--prefix-delegation'], 110],
    [['m5.8xlarge', '--cni-version', '1.11.2'], 234],
    [['m5.8xlarge', '--prefix-delegation', '--cni-version', '1.11.2'], 250],
    [['m4.xlarge', '--cni-version', '1.7.5'], 58],
    [['m5.large', '--security-groups-for-pods'], 20],
    [['m5.large', '--reserved-enis', '1'], 20],
    [['m5.xlarge', '--pods-per-core', '5'], 20],
    [['m5.8xlarge', '--max-eni', '2'], 60],
  ])('max-pods %j → %i', (args, expected) => {
    const run = cli('max-pods', ...args, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).recommended).toBe(expected);
  });

  test('a reservation below what the mode needs warns on stderr and still answers', () => {
    const run = cli('max-pods', 'm5.large', '--custom-networking', '--reserved-enis', '0');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^warning: reservedEnis 0 is less than/);
  });

  test('--all prints a CSV row for every known type', () => {
    const run = cli('max-pods', '--all');
    const lines = run.stdout.split('\n');
    expect(run.status).toBe(0);
    expect(lines[0]).toBe('instance_type,vcpus,eni_limit,recommended,pod_eni');
    expect(lines).toHaveLength(InstanceTypes.names().length + 1);
    expect(lines).toContain('m5.large,2,29,29,9');
    expect(lines).toContain('t3.micro,2,4,4,0');
  });

  test('--all --format markdown prints a table; --all --json an array', () => {
    const md = cli('max-pods', '--all', '--format', 'markdown', '--prefix-delegation').stdout.split('\n');
    expect(md[0]).toBe('| instance type | vCPUs | ENI limit | recommended | pod-eni |');
    expect(md).toContain('| m5.large | 2 | 434 | 110 | 9 |');
    const json = JSON.parse(cli('max-pods', '--all', '--json').stdout);
    expect(json).toHaveLength(InstanceTypes.names().length);
  });

  test.each([
    [['max-pods', 'm5.larg'], /unknown.*did you mean m5\.large/],
    [['max-pods', 'm5large'], /malformed/],
    [['max-pods', 'm5.large', '--cni-version', '1.x'], /--cni-version '1\.x' is not a VPC CNI version/],
    [['max-pods', 'm5.large', '--reserved-enis', '-1'], /--reserved-enis '-1' is below 0: give a whole number ≥ 0/],
    [['max-pods', 'm5.large', '--reserved-enis', '3'], /leaves no ENI for pod IPs/],
    [['max-pods', 'm5.large', '--reserved-enis', 'two'], /--reserved-enis 'two' is not a whole number/],
    [['max-pods', 'm5.large', '--bogus'], /unknown option '--bogus'; see cdk-eks-netkit max-pods --help/],
    [['max-pods'], /takes one instance type \(got none\)/],
    [['max-pods', '--all', '--format', 'xml'], /--format 'xml' is not one of csv, markdown/],
    [['max-pods', 'm5.large', '--all'], /--all takes no instance type/],
    [['max-nodes'], /unknown command 'max-nodes'/],
  ])('bad input %j exits 2 with a message', (argv, message) => {
    const run = cli(...argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('the cdk-eks-netkit executable', () => {
  test('answers in a separate process with exit status 0', () => {
    const run = cliProcess('max-pods', 'c6in.32xlarge', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ eniLimit: 394, recommended: 250 });
  });

  test('exits 2 on bad input with one line and no stack trace', () => {
    const run = cliProcess('max-pods', 'nope.huge');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^cdk-eks-netkit: instance type 'nope\.huge' is unknown/),
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
