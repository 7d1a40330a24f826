import { cli } from './run-cli';
import { InstanceTypes } from '../../lib';

describe('cdk-eks-netkit max-pods --expression', () => {
  test("Karpenter's documented 'default formula' prints the custom-networking figures and warns on each type", () => {
    const run = cli(
      'max-pods',
      'm5.large',
      't3.medium',
      '--expression',
      '((default_enis - 1) * (ips_per_eni - 1)) + 2',
      '--dialect',
      'karpenter',
    );
    expect(run.status).toBe(0);
    // m5.large 3 ENIs × 10 IPs: (3 − 1) × 9 + 2 = 20 against 3 × 9 + 2 = 29; t3.medium 3 × 6: 12 against 17
    expect(run.stdout.split('\n')).toEqual([
      'instance type  expression  exact (secondary IPs)',
      'm5.large       20          29',
      't3.medium      12          17',
    ]);
    expect(run.stderr).toMatch(
      /^warning: m5\.large: the expression gives 20 pods, 9 below the 29 .*custom-networking figure/m,
    );
    expect(run.stderr).toMatch(/^2 of 2 instance type\(s\) differ from the exact figure$/m);
  });

  test('with custom networking on, the same expression agrees with the exact figure', () => {
    const run = cli(
      'max-pods',
      'm5.large',
      '--custom-networking',
      '--expression',
      '((default_enis - 1) * (ips_per_eni - 1)) + 2',
      '--dialect',
      'nodeadm',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^m5\.large\s+20\s+20$/m);
    expect(run.stderr).toBe('0 of 1 instance type(s) differ from the exact figure');
  });

  test('a nodeadm expression that fails shows the fallback nodeadm uses', () => {
    const run = cli('max-pods', 't3.medium', '--expression', 'max_pods - 17', '--dialect', 'nodeadm');
    expect(run.stdout).toMatch(/^t3\.medium\s+fails→17\s+17$/m);
    expect(run.stderr).toMatch(/the result 0 is outside 1\.\.2147483647\): nodeadm would log a warning/);
  });

  test('--all --json gives one result per known type', () => {
    const run = cli('max-pods', '--all', '--expression', 'min(110, max_pods)', '--dialect', 'karpenter', '--json');
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout);
    expect(results).toHaveLength(InstanceTypes.names().length);
    expect(results.find((r: { instanceType: string }) => r.instanceType === 'm5.8xlarge')).toMatchObject({
      value: 110,
      libraryEniLimit: 234,
    });
  });

  test('--memory-mib supplies the memory the data lacks', () => {
    const expr = '(physical_memory_mib / 1024) > 32 ? 110 : max_pods';
    expect(cli('max-pods', 'm5.large', '--expression', expr, '--dialect', 'nodeadm').stdout).toMatch(
      /^m5\.large\s+unknown\s+29$/m,
    );
    const given = cli('max-pods', 'm5.large', '--expression', expr, '--dialect', 'nodeadm', '--memory-mib', '65536');
    expect(given.stdout).toMatch(/^m5\.large\s+110\s+29$/m);
  });

  test.each([
    [
      ['m5.large', '--expression', 'memory_mib / 64', '--dialect', 'nodeadm'],
      /--expression 'memory_mib \/ 64' uses 'memory_mib', which the nodeadm dialect does not have .*nodeadm calls it physical_memory_mib/,
    ],
    [
      ['m5.large', '--expression', 'min(110, max_pods)', '--dialect', 'nodeadm'],
      /calls 'min\(\)', which the nodeadm dialect does not have/,
    ],
    [['m5.large', '--expression', 'max_pods'], /--expression needs --dialect/],
    [['m5.large', '--dialect', 'nodeadm'], /--dialect and --memory-mib need --expression/],
    [['m5.large', '--expression', 'max_pods', '--dialect', 'cel'], /--dialect 'cel' is not one of nodeadm, karpenter/],
    [['--expression', 'max_pods', '--dialect', 'nodeadm'], /needs instance types to evaluate on/],
    [
      ['m5.large', '--expression', 'max_pods', '--dialect', 'nodeadm', '--reserved-enis', '1'],
      /--reserved-enis \(1\) is Karpenter's RESERVED_ENIS/,
    ],
  ])('bad input %j exits 2', (argv, message) => {
    const run = cli('max-pods', ...argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
