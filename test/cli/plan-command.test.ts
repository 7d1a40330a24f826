import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, cliProcess } from './run-cli';

// The Monday burst: 10 weekend nodes to 150 m5.xlarge nodes over three /20 subnets (50 per subnet × 60 IPs = 3,000
// of 4,091). m5.xlarge: 4 ENIs × 14 secondary addresses (or 14 /28 prefixes); EC2's default buckets, one per API:
// 100 tokens refilling 5/s for assign, create and modify, 100 refilling 10/s for tags, 50 refilling 5/s for attach
// (the mutating-actions size), 50 refilling 10/s for the describes by ID (unfiltered and unpaginated).
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
    // WARM_IP_TARGET 1 with MINIMUM_IP_TARGET 31 (VpcCni refuses a minimum alone): max(30 + 1, 31) = 31 addresses;
    // the primary takes 14, ENI 2 is created with 14 and ENI 3 with 3 → 2 ENIs per node:
    // 280 attaches → (280 − 50) ÷ 5 = 46 s; 280 creates → (280 − 100) ÷ 5 = 36 s. Every node also describes its
    // ENIs and tags its primary ENI once at start-up: 140 of each.
    const ec2Api = JSON.parse(
      cli(...monday, '--warm-ip-target', '1', '--minimum-ip-target', '31', '--json').stdout,
    ).ec2Api;
    expect(ec2Api.calls).toEqual({
      AssignIpv6Addresses: 0,
      AssignPrivateIpAddresses: 140,
      CreateNetworkInterface: 280,
      AttachNetworkInterface: 280,
      ModifyNetworkInterfaceAttribute: 280,
      DescribeInstances: 280,
      DescribeNetworkInterfaces: 140,
      CreateTags: 140,
    });
    expect(ec2Api.minimumSeconds).toEqual({
      perApi: {
        AssignIpv6Addresses: 0, // no calls on IPv4
        AssignPrivateIpAddresses: 8,
        CreateNetworkInterface: 36,
        AttachNetworkInterface: 46,
        ModifyNetworkInterfaceAttribute: 36,
        DescribeInstances: 23, // (280 − 50) ÷ 10: by instance ID, the unfiltered bucket
        DescribeNetworkInterfaces: 9, // (140 − 50) ÷ 10
        CreateTags: 4, // (140 − 100) ÷ 10
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
      /MINIMUM_IP_TARGET to the pods per node \(with WARM_IP_TARGET, e\.g\. 1, which it needs\), so that each node takes its \/28 prefixes in one call/,
    );
    // With WARM_IP_TARGET 1 and MINIMUM_IP_TARGET 31 each node takes ⌈31 ÷ 16⌉ = 2 prefixes in one call: (140 − 100) ÷ 5 = 8 s. The
    // start-up describe of 140 nodes' ENIs then binds: (140 − 50) ÷ 10 = 9 s.
    const both = JSON.parse(
      cli(...monday, '--prefix-delegation', '--warm-ip-target', '1', '--minimum-ip-target', '31', '--json').stdout,
    ).ec2Api;
    expect(both.calls.AssignPrivateIpAddresses).toBe(140);
    expect(both.minimumSeconds.perApi.AssignPrivateIpAddresses).toBe(8);
    expect(both.minimumSeconds.overall).toBe(9);
    expect(both.bindingApi).toBe('DescribeNetworkInterfaces');
    // One start-up call per node: no warm setting lowers it, only steps or the account's limits.
    expect(both.fix).toBe("scale in steps of at most 50 nodes; or ask AWS to raise the account's EC2 API rate limits");
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
    [['--other-api-traffic', '100'], /--other-api-traffic \(100\) must be a percentage from 0 to 99/],
    [['--other-api-traffic', '-5'], /--other-api-traffic '-5' is below 0/],
    [['--subnet', '10.0.0.0/20'], /--subnet '10\.0\.0\.0\/20' is given twice; give each subnet once/],
    [['--subnet', '10.0.48.7/20'], /--subnet '10\.0\.48\.7\/20' has host bits set; .*10\.0\.48\.0\/20/],
    // The warm-pool rules VpcCni applies at synth: a plan the add-on would refuse is refused too.
    [['--minimum-ip-target', '30'], /--minimum-ip-target \(30\) without --warm-ip-target .*set --warm-ip-target too/],
    [
      ['--warm-ip-target', '5', '--minimum-ip-target', '3'],
      /--minimum-ip-target \(3\) is below --warm-ip-target \(5\)/,
    ],
    [['--warm-ip-target', '5', '--warm-eni-target', '1'], /--warm-ip-target \(5\) overrides --warm-eni-target \(1\)/],
    [['--warm-prefix-target', '2'], /--warm-prefix-target \(2\) only applies with prefix delegation/],
  ])('bad input %j exits 2, naming the flag', (extra, message) => {
    const run = cli(...monday, ...extra);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('--from-nodes above --nodes exits 2, naming both', () => {
    const run = cli(...monday.slice(0, 9), '--nodes', '150', '--from-nodes', '200');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--from-nodes \(200\) must be from 0 to --nodes \(150\)/);
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

describe('cdk-eks-netkit plan: one call summary, zones, assumptions', () => {
  test('--json carries one call summary (ec2Api), no zone made of a CIDR, and the assumptions', () => {
    const json = JSON.parse(cli(...monday, '--json').stdout);
    expect(json.scaleUpCalls).toBeUndefined();
    expect(Object.keys(json.ec2Api.calls)).toHaveLength(8);
    // No subnet has a known zone on the command line, so there is no per-zone total (before: the CIDRs).
    expect(json.azs).toEqual([]);
    const ids = json.assumptions.map((a: { id: string }) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ec2-buckets-per-api',
        'ec2-describe-by-id-unfiltered',
        'ipamd-start-up-calls',
        'calls-left-out',
      ]),
    );
    expect(ids).not.toContain('auto-mode-max-pods-counts-prefixes');
    for (const a of json.assumptions) expect(a.source).toMatch(/\S/);
  });

  test('the text answer lists the assumptions it rests on', () => {
    const run = cli(...monday);
    expect(run.stdout).toMatch(/assumptions \(\d+; all of them: docs\/assumptions\.md\):/);
    expect(run.stdout).toMatch(/\[ec2-describe-by-id-unfiltered\] .*Source: .*not documented/);
  });

  test('--auto-mode rests on the Auto Mode readings, not on ipamd', () => {
    const json = JSON.parse(
      cli('plan', '--subnet', '10.0.0.0/20', '--instance-type', 'm5.xlarge', '--nodes', '10', '--auto-mode', '--json')
        .stdout,
    );
    const ids = json.assumptions.map((a: { id: string }) => a.id);
    expect(ids).toContain('auto-mode-max-pods-counts-prefixes');
    expect(ids).toContain('auto-mode-ec2-calls-unknown');
    expect(ids).not.toContain('ipamd-start-up-calls');
    expect(json.ec2Api).toBeUndefined();
  });
});

describe("cdk-eks-netkit plan --api-limits: an account's own EC2 limits", () => {
  function limitsFile(content: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netkit-limits-'));
    const file = path.join(dir, 'limits.json');
    fs.writeFileSync(file, content);
    return file;
  }

  test('raised attach limits move the bottleneck: 420 attaches of 150 + 15/s take 18 s, creates 64 s bind', () => {
    const file = limitsFile('{ "AttachNetworkInterface": { "bucketMaximumCapacity": 150, "bucketRefillRate": 15 } }');
    const run = cli(...monday, '--api-limits', file, '--json');
    expect(run.status).toBe(0);
    const ec2Api = JSON.parse(run.stdout).ec2Api;
    expect(ec2Api.minimumSeconds.perApi.AttachNetworkInterface).toBe(18); // (420 − 150) ÷ 15
    expect(ec2Api.minimumSeconds.overall).toBe(64); // creates: (420 − 100) ÷ 5
    expect(cli(...monday, '--api-limits', file).stdout).toMatch(/your account's rate limits/);
  });

  test.each([
    [
      '{ "AttachNetworkInterface": 5 }',
      /--api-limits .*limits\.json: AttachNetworkInterface \(5\) is not an Ec2ApiLimit object; pass Ec2ApiLimit/,
    ],
    [
      '{ "RunInstances": { "bucketMaximumCapacity": 5, "bucketRefillRate": 2 } }',
      /'RunInstances' is not an API the EC2 call model counts/,
    ],
    ['not json', /--api-limits .*limits\.json is not JSON/],
  ])('a bad file (%s) exits 2 naming the flag', (content, message) => {
    const run = cli(...monday, '--api-limits', limitsFile(content));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('a missing file, and --api-limits with --auto-mode, exit 2', () => {
    const missing = cli(...monday, '--api-limits', path.join(os.tmpdir(), 'netkit-no-such-dir', 'x.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--api-limits .*x\.json cannot be read \(ENOENT\)/);
    const file = limitsFile('{}');
    const auto = cli(
      'plan',
      '--subnet',
      '10.0.0.0/20',
      '--instance-type',
      'm5.xlarge',
      '--nodes',
      '10',
      '--auto-mode',
      '--api-limits',
      file,
    );
    expect(auto.status).toBe(2);
    expect(auto.stderr).toMatch(/--api-limits does not apply with --auto-mode/);
  });
});
