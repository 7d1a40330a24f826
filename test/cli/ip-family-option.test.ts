import { cli } from './run-cli';

describe('cdk-eks-netkit max-pods --ip-family ipv6', () => {
  test('m5.large: 110 (3 × 9 × 16 + 2 = 434, capped below 30 vCPUs), where IPv4 secondary IPs give 29', () => {
    const run = cli('max-pods', 'm5.large', '--ip-family', 'ipv6', '--json');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.eniLimit).toBe(434);
    expect(result.maxPods).toBe(110);
    expect(JSON.parse(cli('max-pods', 'm5.large', '--json').stdout).maxPods).toBe(29);
  });

  test('--ip-family ipv4 is the default', () => {
    expect(cli('max-pods', 'm5.large', '--ip-family', 'ipv4', '--json').stdout).toBe(
      cli('max-pods', 'm5.large', '--json').stdout,
    );
  });

  test('a non-Nitro type is refused with the reason', () => {
    const run = cli('max-pods', 'm4.large', '--ip-family', 'ipv6');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/m4\.large cannot run IPv6 pods/);
  });

  test.each([['--custom-networking'], ['--max-eni', '2']])('%s is an error that says why', (...flag) => {
    const run = cli('max-pods', 'm5.large', '--ip-family', 'ipv6', ...flag);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${flag[0]} (does|do) not apply with --ip-family ipv6`));
  });

  test('an unknown family names the choices', () => {
    const run = cli('max-pods', 'm5.large', '--ip-family', 'dual');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--ip-family 'dual' is not one of ipv4, ipv6/);
  });

  test('the --all table has IPv6 rows', () => {
    const lines = cli('max-pods', '--all', '--ip-family', 'ipv6').stdout.split('\n');
    // m5.large: 2 vCPUs, ENI limit 434, recommended 110, pod-eni 9
    expect(lines).toContain('m5.large,2,434,110,9');
    expect(lines.some((l) => l.startsWith('m4.large,'))).toBe(false);
  });
});

describe('cdk-eks-netkit plan --ip-family ipv6', () => {
  // Three /24s (251 usable each), 60 m5.xlarge nodes from 3: 20 per subnet.
  const args = [
    'plan',
    '--subnet',
    '10.0.1.0/24',
    '--subnet',
    '10.0.2.0/24',
    '--subnet',
    '10.0.3.0/24',
    '--instance-type',
    'm5.xlarge',
    '--nodes',
    '60',
    '--min-nodes',
    '3',
  ];

  test('IPv4 does not fit; IPv6 fits with one IPv4 address and one /80 per node', () => {
    expect(cli(...args).status).toBe(1);
    const run = cli(...args, '--ip-family', 'ipv6');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^fits: IPv6 \(a \/80 prefix per node\), m5\.xlarge/);
    expect(run.stdout).toMatch(
      /per node: 1 IPv4 address\(es\) held \(1 ENI primary\), 1 IPv6 \/80 prefix for 108 pod IPs/,
    );
    expect(run.stdout).toMatch(/10\.0\.1\.0\/24: 20 nodes need 20 of 251 IPs, headroom 231; 20 of 65536 \/80 prefixes/);
    // 57 new nodes: 57 AssignIpv6Addresses of the 50-token bucket → (57 − 50) ÷ 5 = 1.4 → 2 s.
    expect(run.stdout).toMatch(/AssignIpv6Addresses +57 calls +2 s/);
    // 114 describes (2 per node) of the 50-token bucket refilled at 10/s → (114 − 50) ÷ 10 = 6.4 → 7 s.
    expect(run.stdout).toMatch(/DescribeNetworkInterfaces +114 calls +7 s/);
    expect(run.stdout).not.toMatch(/AssignPrivateIpAddresses +\d+ calls/);
    expect(run.stdout).toMatch(/bound by DescribeNetworkInterfaces; fix: scale in steps of at most 25 nodes/);
  });

  test('IPv4 plans show no IPv6 rows', () => {
    expect(cli(...args).stdout).not.toMatch(/AssignIpv6Addresses +\d+ calls/);
  });

  test.each([['--warm-eni-target', '1'], ['--custom-networking'], ['--warm-prefix-target', '1']])(
    '%s is an error that says why',
    (...flag) => {
      const run = cli(...args, '--ip-family', 'ipv6', ...flag);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${flag[0]} (does|do) not apply with --ip-family ipv6`));
    },
  );

  test('--auto-mode with --ip-family ipv6 is refused, not guessed', () => {
    const run = cli(...args, '--ip-family', 'ipv6', '--auto-mode');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--auto-mode with --ip-family ipv6 is not modelled/);
  });
});
