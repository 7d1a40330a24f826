import { cli } from './run-cli';

describe('one way to name an instance type: --instance-type in both commands, the first argument too', () => {
  test('max-pods --instance-type answers as max-pods with the type as its argument', () => {
    // m5.large: 3 ENIs × (10 − 1) + 2 = 29.
    const flag = cli('max-pods', '--instance-type', 'm5.large', '--json');
    const positional = cli('max-pods', 'm5.large', '--json');
    expect([flag.status, positional.status]).toEqual([0, 0]);
    expect(JSON.parse(flag.stdout).recommended).toBe(3 * (10 - 1) + 2);
    expect(flag.stdout).toBe(positional.stdout);
  });

  test('plan takes the type as its first argument as it takes --instance-type', () => {
    const args = ['--subnet', '10.0.0.0/24', '--nodes', '2', '--json'];
    const flag = cli('plan', '--instance-type', 'm5.xlarge', ...args);
    const positional = cli('plan', 'm5.xlarge', ...args);
    expect(flag.status).toBe(0);
    expect(positional.status).toBe(0);
    expect(positional.stdout).toBe(flag.stdout);
  });

  test.each([
    [
      ['max-pods', 'm5.large', '--instance-type', 'm5.xlarge'],
      /max-pods takes one instance type \(got m5\.xlarge m5\.large\)/,
    ],
    [['max-pods', '--all', '--instance-type', 'm5.large'], /--all takes no instance type \(got m5\.large\)/],
    [['max-pods', '--instance-type'], /--instance-type/],
  ])('%j is refused: %s', (argv, message) => {
    const run = cli(...argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('--help of both commands lists --instance-type', () => {
    expect(cli('max-pods', '--help').stdout).toMatch(/--instance-type T/);
    expect(cli('plan', '--help').stdout).toMatch(/--instance-type T/);
  });
});
