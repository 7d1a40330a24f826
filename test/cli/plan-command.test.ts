import { cli, cliProcess } from './run-cli';

// The Monday burst: 10 weekend nodes to 150 m5.xlarge nodes over three /20 subnets (50 per subnet × 60 IPs = 3,000
// of 4,091). m5.xlarge: 4 ENIs × 14 secondary addresses (or 14 /28 prefixes); EC2's default buckets: 100 tokens
// refilling 5/s for assign, create and modify, 50 refilling 5/s for attach (other mutating), 100 refilling 20/s for
// describe.
const monday = [
  'plan',
  '--subnet',
  '10.0.0.0/20',
  '--subnet',
  '10.0.16.0/20',
  '--subnet',
  '10.0.32.0/20',
  '--instance-type',
  'm5.xlarge',
  '--nodes',
  '150',
  '--from-nodes',
  '10',
  '--pods-per-node',
  '30',
];

describe('cdk-eks-netkit plan: the EC2 API budget', () => {
  test('secondary IPs: 140 nodes × 3 ENIs bind on AttachNetworkInterface', () => {
    // 30 pods: primary 14 (1 assign), then ENIs until one ENI of 14 is spare: 4 ENIs, 3 created.
    // 420 attaches: (420 − 50) ÷ 5 = 74 s; 420 creates: (420 − 100) ÷ 5 = 64 s; 140 assigns: (140 − 100) ÷ 5 = 8 s.
    const run = cli(...monday);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/EC2 API burst 10 → 150 nodes/);
    expect(run.stdout).toMatch(/AssignPrivateIpAddresses +140 calls +8 s/);
    expect(run.stdout).toMatch(/AttachNetworkInterface +420 calls +74 s/);
    expect(run.stdout).toMatch(
      /minimum 74 s of throttling, bound by AttachNetworkInterface; fix: enable prefix delegation .*; scale in steps of at most 16 nodes/,
    );
  });

  test('--json holds ec2Api.calls per API and minimumSeconds per API and overall', () => {
    // MINIMUM_IP_TARGET 30: the primary takes 14, ENI 2 is created with 14 and ENI 3 with 2 → 2 ENIs per node:
    // 280 attaches → (280 − 50) ÷ 5 = 46 s; 280 creates → (280 − 100) ÷ 5 = 36 s.
    const ec2Api = JSON.parse(cli(...monday, '--minimum-ip-target', '30', '--json').stdout).ec2Api;
    expect(ec2Api.calls).toEqual({
      AssignPrivateIpAddresses: 140,
      CreateNetworkInterface: 280,
      AttachNetworkInterface: 280,
      ModifyNetworkInterfaceAttribute: 280,
      DescribeInstances: 280,
      AssignIpv6Addresses: 0,
      DescribeNetworkInterfaces: 0,
    });
    expect(ec2Api.minimumSeconds).toEqual({
      perApi: {
        AssignPrivateIpAddresses: 8,
        CreateNetworkInterface: 36,
        AttachNetworkInterface: 46,
        ModifyNetworkInterfaceAttribute: 36,
        DescribeInstances: 9, // (280 − 100) ÷ 20
        AssignIpv6Addresses: 46, // the attaches' bucket
        DescribeNetworkInterfaces: 9, // the describes' bucket
      },
      overall: 46,
    });
    expect(ec2Api.bindingApi).toBe('AttachNetworkInterface');
  });

  test('prefix delegation moves the bottleneck to AssignPrivateIpAddresses; MINIMUM_IP_TARGET removes it', () => {
    // One /28 per call (WARM_PREFIX_TARGET 1): 3 calls per node for 30 pods → 420: (420 − 100) ÷ 5 = 64 s.
    const pd = JSON.parse(cli(...monday, '--prefix-delegation', '--json').stdout).ec2Api;
    expect(pd.calls.AssignPrivateIpAddresses).toBe(420);
    expect(pd.calls.CreateNetworkInterface).toBe(0);
    expect(pd.minimumSeconds.overall).toBe(64);
    expect(pd.bindingApi).toBe('AssignPrivateIpAddresses');
    expect(pd.fix).toMatch(
      /MINIMUM_IP_TARGET to the pods per node, so that each node takes its \/28 prefixes in one call/,
    );
    // With MINIMUM_IP_TARGET 30 each node takes ⌈30 ÷ 16⌉ = 2 prefixes in one call: (140 − 100) ÷ 5 = 8 s.
    const both = JSON.parse(cli(...monday, '--prefix-delegation', '--minimum-ip-target', '30', '--json').stdout).ec2Api;
    expect(both.calls.AssignPrivateIpAddresses).toBe(140);
    expect(both.minimumSeconds.overall).toBe(8);
  });

  test('without --from-nodes the burst starts at --min-nodes, else at zero', () => {
    const base = monday.filter((arg, i) => arg !== '--from-nodes' && monday[i - 1] !== '--from-nodes');
    // 150 new nodes: 150 assigns → (150 − 100) ÷ 5 = 10 s; 450 attaches → (450 − 50) ÷ 5 = 80 s.
    const fromZero = JSON.parse(cli(...base, '--json').stdout).ec2Api;
    expect(fromZero.fromNodes).toBe(0);
    expect(fromZero.minimumSeconds.perApi.AssignPrivateIpAddresses).toBe(10);
    expect(fromZero.minimumSeconds.overall).toBe(80);
    expect(JSON.parse(cli(...base, '--min-nodes', '10', '--json').stdout).ec2Api.minimumSeconds.overall).toBe(74);
  });

  test('other callers take their share of the buckets', () => {
    // Half taken: the attach bucket leaves 25 tokens and 2.5 per second: (420 − 25) ÷ 2.5 = 158 s.
    const run = cli(...monday, '--other-api-traffic', '50');
    expect(run.stdout).toMatch(/50 % taken by other callers/);
    expect(run.stdout).toMatch(/minimum 158 s of throttling/);
  });

  test('a burst the buckets hold says so', () => {
    // 10 → 20 nodes: 30 attaches of 50.
    const run = cli(...monday.slice(0, 9), '--nodes', '20', '--from-nodes', '10');
    expect(run.stdout).toMatch(
      /no throttling: EC2's buckets hold the burst \(AttachNetworkInterface comes closest; up to 16 nodes at once\)/,
    );
  });

  test.each([
    [['--from-nodes', '200'], /--from-nodes \(200\) must be from 0 to --nodes \(150\)/],
    [['--other-api-traffic', '100'], /--other-api-traffic \(100\) must be a percentage from 0 to 99/],
    [['--other-api-traffic', '-5'], /--other-api-traffic '-5' is below 0/],
    [['--subnet', '10.0.0.0/20'], /--subnet '10\.0\.0\.0\/20' is given twice; give each subnet once/],
    [['--subnet', '10.0.48.7/20'], /--subnet '10\.0\.48\.7\/20' has host bits set; .*10\.0\.48\.0\/20/],
  ])('bad input %j exits 2, naming the flag', (extra, message) => {
    const run = cli(...monday, ...extra);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('Auto Mode has no VPC CNI budget: the plan leaves it out, and the budget flags are refused', () => {
    const auto = ['plan', '--subnet', '10.0.0.0/20', '--instance-type', 'm5.xlarge', '--nodes', '10', '--auto-mode'];
    const run = cli(...auto, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).ec2Api).toBeUndefined();
    expect(cli(...auto).stdout).not.toMatch(/EC2 API burst/);
    for (const flag of ['--from-nodes', '--other-api-traffic']) {
      const refused = cli(...auto, flag, '5');
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(
        new RegExp(`${flag} does not apply with --auto-mode.*drop ${flag} or --auto-mode`),
      );
    }
  });

  test('as a user runs it: a separate process on the bin entry point', () => {
    const run = cliProcess(...monday, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).ec2Api.minimumSeconds.overall).toBe(74);
  });
});
