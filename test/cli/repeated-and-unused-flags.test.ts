import { cli, expectBadInput } from './run-cli';

const PLAN = ['plan', '--subnet', '10.0.1.0/24', '--instance-type', 'm5.large', '--nodes', '10'];
const MAX_PODS = ['max-pods', '--instance-type', 'm5.large'];

describe('a flag that does not repeat is refused when given twice, not read as its last value', () => {
  test.each([
    [[...PLAN, '--nodes', '100'], /--nodes given twice \(10, 100\); give it once; see cdk-eks-netkit plan --help/],
    [[...MAX_PODS, '--max-eni', '2', '--max-eni', '1'], /--max-eni given twice \(2, 1\); give it once/],
    [
      [...PLAN, '--auto-mode', '--pods-per-node', '100', '--pods-per-node', '5'],
      /--pods-per-node given twice \(100, 5\); give it once/,
    ],
    [
      [...MAX_PODS, '--cni-version', '1.9.0', '--cni-version', '1.20.0'],
      /--cni-version given twice \(1\.9\.0, 1\.20\.0\)/,
    ],
    [[...MAX_PODS, '--ip-family', 'ipv4', '--ip-family', 'ipv6'], /--ip-family given twice \(ipv4, ipv6\)/],
    // The same value twice is still a slip: one flag, one value.
    [[...PLAN, '--min-nodes', '2', '--min-nodes', '2'], /--min-nodes given twice \(2, 2\)/],
    [[...PLAN, '--nodes', '1', '--nodes', '2'], /--nodes given 3 times \(10, 1, 2\)/],
    // Booleans too: no value to echo.
    [[...MAX_PODS, '--json', '--json'], /--json given twice; give it once/],
    [[...PLAN, '--auto-mode', '--auto-mode'], /--auto-mode given twice; give it once/],
  ])('%j', (argv, message) => expectBadInput(argv, message));

  test('the value check still comes first: a bad value is named as such', () => {
    expectBadInput([...PLAN, '--nodes', 'ten'], /--nodes 'ten' is not a whole number/);
  });
});

describe('a flag that repeats takes each value once', () => {
  test.each([
    [
      ['max-pods', '--instance-type', 'm5.large', '--instance-type', 'm5.large'],
      /--instance-type 'm5\.large' is given twice; give each value once/,
    ],
    [
      ['plan', '--subnet', '10.0.1.0/24', '--instance-type', 'm5.large', '--instance-type', 'm5.large', '--nodes', '1'],
      /--instance-type 'm5\.large' is given twice/,
    ],
    // Named as the flag and as the argument: the plan would count the type twice.
    [
      ['max-pods', 'm5.large', '--instance-type', 'm5.large'],
      /--instance-type 'm5\.large' is given as --instance-type and as an argument/,
    ],
    [
      ['plan', 'm5.large', '--subnet', '10.0.1.0/24', '--instance-type', 'm5.large', '--nodes', '1'],
      /--instance-type 'm5\.large' is given as --instance-type and as an argument; give each instance type once/,
    ],
    [
      ['plan', ...PLAN.slice(1), '--subnet', '10.0.1.0/24'],
      /--subnet '10\.0\.1\.0\/24' is given twice; give each subnet once/,
    ],
  ])('%j', (argv, message) => expectBadInput(argv, message));

  test('distinct values of a repeatable flag still work', () => {
    const run = cli(
      'plan',
      '--subnet',
      '10.0.1.0/24',
      '--subnet',
      '10.0.2.0/24',
      '--instance-type',
      'm5.large',
      '--instance-type',
      'c5.large',
      '--nodes',
      '2',
    );
    expect(run.status).toBe(0);
  });
});

describe('--format is refused wherever it has no effect, saying where it applies', () => {
  test.each([
    [[...MAX_PODS, '--format', 'markdown'], /--format 'markdown' has no effect with one instance type/],
    [['max-pods', 'm5.large', '--format', 'csv'], /--format 'csv' has no effect with one instance type/],
    [[...MAX_PODS, '--json', '--format', 'csv'], /--format 'csv' has no effect with --json/],
    [['max-pods', '--all', '--json', '--format', 'markdown'], /--format 'markdown' has no effect with --json/],
    [
      ['max-pods', '--all', '--expression', 'max_pods', '--dialect', 'karpenter', '--format', 'csv'],
      /--format 'csv' has no effect with --expression/,
    ],
  ])('%j', (argv, message) => {
    expectBadInput(argv, message);
    expect(cli(...argv).stderr).toMatch(/it applies only to the --all table without --json; drop --format$/);
  });

  test('--all --format markdown still prints the table', () => {
    const run = cli('max-pods', '--all', '--format', 'markdown');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('| instance type | vCPUs | ENI limit | recommended | pod-eni |');
  });
});

describe('plan --pods-per-node above what a node runs is refused, naming the limit and its source', () => {
  test.each([
    // Auto Mode caps max pods at 110; 2 host-network pods take no IP: 108.
    [
      [...PLAN, '--auto-mode', '--pods-per-node', '200'],
      /--pods-per-node \(200\) is above the 108 pods with an IP that m5\.large nodes run: max pods 110 \(.*Auto Mode caps at 110.*\) less the 2 host-network pods .*give --pods-per-node 108 or less/,
    ],
    [[...PLAN, '--auto-mode', '--pods-per-node', '109'], /--pods-per-node \(109\) is above the 108 pods/],
    // m5.large: 3 ENIs × (10 − 1) + 2 = 29 max pods, 27 with an IP.
    [
      [...PLAN, '--pods-per-node', '500'],
      /--pods-per-node \(500\) is above the 27 pods with an IP that m5\.large nodes run: max pods 29 \(m5\.large, secondary IPs: 3 ENIs on the default card × \(10 − 1\) IPs \+ 2 = 29/,
    ],
    // Prefix delegation: 434 by the ENIs, but the calculator caps a 2-vCPU type at 110.
    [
      [...PLAN, '--prefix-delegation', '--pods-per-node', '200'],
      /--pods-per-node \(200\) is above the 108 pods.*cap 110/,
    ],
    // A measured reading is the limit: 29 − 2.
    [
      [...PLAN, '--auto-mode', '--measured-max-pods', '29', '--pods-per-node', '28'],
      /--pods-per-node \(28\) is above the 27 pods .*measured on a live node/,
    ],
    // With several types, the one that runs fewest names the limit.
    [
      [
        'plan',
        '--subnet',
        '10.0.1.0/24',
        '--instance-type',
        'm5.xlarge',
        '--instance-type',
        't3.micro',
        '--nodes',
        '1',
        '--pods-per-node',
        '10',
      ],
      /--pods-per-node \(10\) is above the 2 pods with an IP that t3\.micro nodes run/,
    ],
  ])('%j', (argv, message) => expectBadInput(argv, message));

  test('the limit itself is accepted (the plan answers; whether it fits is its exit 0 or 1)', () => {
    for (const argv of [
      [...PLAN, '--pods-per-node', '27'],
      [...PLAN, '--auto-mode', '--pods-per-node', '108'],
    ]) {
      const run = cli(...argv);
      expect(run.status).not.toBe(2);
      expect(run.stderr).toBe('');
    }
  });
});

describe('max-pods --measured-max-pods above what the ENIs allow is refused', () => {
  test('"32" on m5.large: 3 ENIs × 9 + 2 = 29', () => {
    expectBadInput(
      [...MAX_PODS, '--auto-mode', '--ipv4-prefix-size', '32', '--measured-max-pods', '100'],
      /--measured-max-pods \(100\) is above the ENI limit of m5\.large with EKS Auto Mode, single IPs .*\(3 ENIs on the default card × \(10 − 1\) IPs \+ 2 = 29\)/,
    );
    expect(cli(...MAX_PODS, '--auto-mode', '--ipv4-prefix-size', '32', '--measured-max-pods', '29').status).toBe(0);
  });
});

describe('plan --subnet refuses ranges no VPC subnet can have', () => {
  test.each([
    ['127.0.0.0/24', /overlaps the loopback block 127\.0\.0\.0\/8/],
    ['169.254.0.0/24', /overlaps the link-local block 169\.254\.0\.0\/16/],
    ['224.0.0.0/24', /overlaps the multicast block 224\.0\.0\.0\/4/],
    ['0.0.0.0/16', /overlaps the "this network" block 0\.0\.0\.0\/8/],
    ['255.255.255.0/24', /overlaps the reserved or broadcast block 240\.0\.0\.0\/4/],
    ['10.0.0.0/8', /is a \/8, but an EC2 subnet is \/16 to \/28/],
    ['10.0.0.0/29', /is a \/29, but an EC2 subnet is \/16 to \/28/],
  ])('%s', (cidr, why) => {
    const argv = ['plan', '--subnet', cidr, '--instance-type', 'm5.large', '--nodes', '1'];
    expectBadInput(argv, new RegExp(`--subnet '${cidr.replace(/\./g, '\\.')}' `));
    expect(cli(...argv).stderr).toMatch(why);
  });
});

describe('--cni-version must be a VPC CNI version, 1.x.y', () => {
  test.each(['9.9.9', '2.0.0', 'v0.9.0', '0.9.0'])('%s', (version) => {
    expectBadInput(
      [...MAX_PODS, '--cni-version', version],
      new RegExp(
        `^cdk-eks-netkit: --cni-version '${version.replace(/\./g, '\\.')}' is not a VPC CNI version: VPC CNI versions are 1\\.x\\.y`,
      ),
    );
  });

  test('1.x.y and v1.x.y-eksbuild.N still work', () => {
    expect(cli(...MAX_PODS, '--cni-version', '1.7.5').status).toBe(0);
    expect(cli(...MAX_PODS, '--cni-version', 'v1.19.2-eksbuild.1').status).toBe(0);
  });
});
