import { cli, cliProcess } from './run-cli';

const SUBNETS = ['--subnet', '10.0.1.0/24', '--subnet', '10.0.2.0/24', '--subnet', '10.0.3.0/24'];

describe('cdk-eks-netkit max-pods --auto-mode', () => {
  test.each([
    // m5.24xlarge: 15 × 49 × 16 + 2 = 11,762 with prefixes; Auto Mode caps at 110 (a managed node group: 250).
    [['m5.24xlarge', '--auto-mode'], 110],
    // m5.xlarge "32": 4 × 14 + 2 = 58, under the cap.
    [['m5.xlarge', '--auto-mode', '--ipv4-prefix-size', '32'], 58],
    // t3.micro Auto: 2 × 1 × 16 + 2 = 34; "32": 2 × 1 + 2 = 4.
    [['t3.micro', '--auto-mode', '--ipv4-prefix-size', 'auto'], 34],
    [['t3.micro', '--auto-mode', '--ipv4-prefix-size', '32'], 4],
  ])('max-pods %j → %i', (args, expected) => {
    const run = cli('max-pods', ...args, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).maxPods).toBe(expected);
  });

  test('the answer says Auto Mode and the cap', () => {
    const run = cliProcess('max-pods', 'm5.24xlarge', '--auto-mode');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^m5\.24xlarge: max pods 110$/m);
    expect(run.stdout).toMatch(/EKS Auto Mode, \/28 prefixes .*Auto Mode caps at 110/);
  });

  test('bad combinations exit 2 naming the flag', () => {
    const noAuto = cli('max-pods', 'm5.xlarge', '--ipv4-prefix-size', '32');
    expect(noAuto.status).toBe(2);
    expect(noAuto.stderr).toMatch(/--ipv4-prefix-size '32' needs --auto-mode/);
    const badSize = cli('max-pods', 'm5.xlarge', '--auto-mode', '--ipv4-prefix-size', '28');
    expect(badSize.status).toBe(2);
    expect(badSize.stderr).toMatch(/--ipv4-prefix-size '28' is not one of auto, 32/);
    const cni = cli('max-pods', 'm5.xlarge', '--auto-mode', '--prefix-delegation', '--max-eni', '2');
    expect(cni.status).toBe(2);
    expect(cni.stderr).toMatch(/--prefix-delegation, --max-eni configure\(s\) the VPC CNI/);
  });

  test('--help lists the flags', () => {
    expect(cli('max-pods', '--help').stdout).toMatch(/--ipv4-prefix-size auto\|32/);
    expect(cli('plan', '--help').stdout).toMatch(/--auto-mode/);
  });
});

describe('cdk-eks-netkit max-pods --auto-mode: the reading it rests on, and the lever', () => {
  test('the answer names the max-pods reading AWS leaves open, in text and in --json', () => {
    const text = cli('max-pods', 'm5.large', '--auto-mode');
    expect(text.stdout).toMatch(
      /\[auto-mode-max-pods-counts-prefixes\] .*m5\.large: min\(110, 434\) = 110.*not documented.*--measured-max-pods N/,
    );
    const json = JSON.parse(cli('max-pods', 'm5.large', '--auto-mode', '--json').stdout);
    expect(json.assumptions.map((a: { id: string }) => a.id)).toContain('auto-mode-max-pods-counts-prefixes');
  });

  test('--measured-max-pods replaces the reading: 29 read from a live m5.large is what plans use', () => {
    const json = JSON.parse(cli('max-pods', 'm5.large', '--auto-mode', '--measured-max-pods', '29', '--json').stdout);
    expect(json.maxPods).toBe(29);
    expect(json.explanation).toMatch(/measured on a live node \(status\.capacity\.pods\): 29/);
    expect(json.assumptions.map((a: { id: string }) => a.id)).not.toContain('auto-mode-max-pods-counts-prefixes');
    // A full node then holds 27 pod IPs: ⌈27 ÷ 16⌉ = 2 prefixes + 1 primary address = 33 IPs.
    const plan = JSON.parse(
      cli(
        'plan',
        '--subnet',
        '10.0.0.0/24',
        '--instance-type',
        'm5.large',
        '--nodes',
        '1',
        '--auto-mode',
        '--measured-max-pods',
        '29',
        '--json',
      ).stdout,
    );
    expect(plan.nodegroups[0].perNode.podIps).toBe(27);
    expect(plan.nodegroups[0].perNode.ipsHeld).toBe(33);
  });

  test('--measured-max-pods is for one type under --auto-mode, at most 110', () => {
    expect(cli('max-pods', 'm5.large', '--measured-max-pods', '29').stderr).toMatch(
      /--measured-max-pods 29 needs --auto-mode/,
    );
    expect(cli('max-pods', '--all', '--auto-mode', '--measured-max-pods', '29').stderr).toMatch(
      /--measured-max-pods 29 is the max pods of one instance type, but every type was given/,
    );
    const two = cli(
      'plan',
      '--subnet',
      '10.0.0.0/24',
      '--instance-type',
      'm5.large',
      '--instance-type',
      'c5.large',
      '--nodes',
      '2',
      '--auto-mode',
      '--measured-max-pods',
      '29',
    );
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/but m5\.large, c5\.large was given; plan one --instance-type at a time/);
    expect(cli('max-pods', 'm5.large', '--auto-mode', '--measured-max-pods', '111').stderr).toMatch(
      /--measured-max-pods \(111\) must be a whole number from 1 to 110/,
    );
  });
});

describe('cdk-eks-netkit plan --auto-mode', () => {
  test('the weekend story at 10 nodes of 56 pods: prefixes do not fit a /24, "32" does, and the plan says so', () => {
    // Auto: 4 nodes per subnet × (⌈56 / 16⌉ = 4 prefixes × 16 + 1) = 260 of 251 IPs, 16 of 14 /28 blocks.
    const auto = cli(
      'plan',
      ...SUBNETS,
      '--instance-type',
      'm5.xlarge',
      '--nodes',
      '10',
      '--pods-per-node',
      '56',
      '--auto-mode',
    );
    expect(auto.status).toBe(1);
    expect(auto.stdout).toMatch(/^does not fit: EKS Auto Mode, \/28 prefixes/);
    expect(auto.stdout).toMatch(/10\.0\.1\.0\/24: 4 nodes need 260 of 251 IPs, headroom -9; 16 of 14 \/28 blocks/);
    expect(auto.stdout).toMatch(/advice: subnet 10\.0\.1\.0\/24: .*set ipv4PrefixSize "32"/);
    // "32": 4 × (56 + 4 ENIs) = 240 of 251.
    const single = cli(
      'plan',
      ...SUBNETS,
      '--instance-type',
      'm5.xlarge',
      '--nodes',
      '10',
      '--pods-per-node',
      '56',
      '--auto-mode',
      '--ipv4-prefix-size',
      '32',
    );
    expect(single.status).toBe(0);
    expect(single.stdout).toMatch(/10\.0\.1\.0\/24: 4 nodes need 240 of 251 IPs, headroom 11/);
  });

  test('VPC CNI warm settings are refused with --auto-mode', () => {
    const run = cli(
      'plan',
      ...SUBNETS,
      '--instance-type',
      'm5.xlarge',
      '--nodes',
      '3',
      '--auto-mode',
      '--warm-ip-target',
      '5',
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--warm-ip-target configure\(s\) the VPC CNI, which EKS Auto Mode nodes do not use/);
  });
});
