import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { parse } from 'yaml';
import { ClusterAuthenticationMode, EnaMetricNaming, NetworkObservability } from '../../lib';
import { renderGrafanaDashboard } from '../../lib/observability/grafana-dashboard';
import { nodeExporterObjects } from '../../lib/observability/node-exporter';
import { NODE_EXPORTER_PORT } from '../../lib/observability/scrape-configuration';
import { NETWORK_RULE_DEFAULTS, enaSeries, networkRuleGroups } from '../../lib/rules/network-rules';
import { testApp } from '../util';

/**
 * Debian's node_exporter, run with the DaemonSet's flags on a test host made here: a network namespace holding a veth
 * pair, one end named like an ENA interface (ens5), the other like a pod veth (eni0a1b). Needs root (ip netns).
 *
 * Proven: the flags are accepted and enable the ethtool collector only; the device filter keeps ens5 and drops the
 * pod-side veth; metrics-include is matched against the driver's raw stat name; every stat `ethtool -S` lists becomes
 * node_ethtool_<stat> (rx/tx tokens spelled out) with the single label `device`. Applying that scheme to the ENA
 * driver's stat names gives exactly the series the rules and the Grafana dashboard select.
 * Not proven here: that an ENA device exposes those stats (the driver does, on Nitro), the pinned image's version
 * (Debian ships an older node_exporter than the image), or the in-container /host/sys mount.
 */

const TOOLS: Record<string, string> = {
  'prometheus-node-exporter': 'prometheus-node-exporter',
  ip: 'iproute2',
  ethtool: 'ethtool',
  curl: 'curl',
};

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `${command} could not run (${result.error.message}); install Debian's ${TOOLS[command] ?? command}`,
    );
  }
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The ENA driver's allowance stats the library collects (fixed by the driver, documented by EC2). */
const ENA_STATS = [
  'bw_in_allowance_exceeded',
  'bw_out_allowance_exceeded',
  'pps_allowance_exceeded',
  'conntrack_allowance_exceeded',
  'conntrack_allowance_available',
  'linklocal_allowance_exceeded',
];

/** node_exporter's naming as this test reads it off the binary: a prefix, and rx/tx tokens spelled out. */
function expectedName(stat: string): string {
  const tokens = stat
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .split('_')
    .map((t) => (t === 'rx' ? 'received' : t === 'tx' ? 'transmitted' : t));
  return `node_ethtool_${tokens.join('_')}`;
}

const ns = `netkit-ne-${process.pid}`;
let exporter: ChildProcess | undefined;
let port = 19110;

beforeAll(() => {
  for (const tool of Object.keys(TOOLS)) {
    const which = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (which.status !== 0) throw new Error(`${tool} is missing; install Debian's ${TOOLS[tool]}`);
  }
  run('ip', ['netns', 'add', ns]);
  run('ip', ['netns', 'exec', ns, 'ip', 'link', 'add', 'ens5', 'type', 'veth', 'peer', 'name', 'eni0a1b']);
  for (const link of ['lo', 'ens5', 'eni0a1b']) run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', link, 'up']);
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', ns]);
});

/** The DaemonSet's node_exporter arguments. */
function daemonSetArgs(): string[] {
  return (nodeExporterObjects('kube-system')[1] as any).spec.template.spec.containers[0].args;
}

/** Start node_exporter in the namespace with these args, scrape /metrics once, stop it. */
async function scrape(args: string[]): Promise<{ metrics: string; log: string }> {
  port += 1;
  const listen = `127.0.0.1:${port}`;
  // Only the two host-specific flags change: sysfs is /sys inside `ip netns exec`, and the address is loopback.
  const flags = args.map((a) =>
    a.startsWith('--path.sysfs=')
      ? '--path.sysfs=/sys'
      : a.startsWith('--web.listen-address=')
        ? `--web.listen-address=${listen}`
        : a,
  );
  let log = '';
  exporter = spawn('ip', ['netns', 'exec', ns, 'prometheus-node-exporter', ...flags]);
  exporter.stderr!.on('data', (d) => (log += d));
  exporter.stdout!.on('data', (d) => (log += d));
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const got = spawnSync('ip', ['netns', 'exec', ns, 'curl', '-sf', `http://${listen}/metrics`], {
        encoding: 'utf8',
      });
      if (got.status === 0) {
        // Let the exporter's start-up log reach us (the synchronous curl held the event loop).
        await new Promise((r) => setTimeout(r, 200));
        return { metrics: got.stdout, log };
      }
      if (exporter.exitCode !== null) throw new Error(`node_exporter exited ${exporter.exitCode}: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`node_exporter did not serve /metrics: ${log}`);
  } finally {
    exporter.kill();
    exporter = undefined;
  }
}

/** Series of a /metrics body as `name{labels}` lines, comments dropped. */
function series(metrics: string, prefix: string): string[] {
  return metrics
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.replace(/ [^ ]+$/, ''));
}

test('the DaemonSet flags are accepted: the ethtool collector alone runs, on ens5 only, and the veth stats are filtered out', async () => {
  const args = daemonSetArgs();
  expect(args).toContain(`--web.listen-address=:${NODE_EXPORTER_PORT}`);
  const { metrics, log } = await scrape(args);
  expect(log).toMatch(/Enabled collectors[\s\S]*collector=ethtool/);
  expect(series(metrics, 'node_scrape_collector_success')).toEqual([
    'node_scrape_collector_success{collector="ethtool"}',
  ]);
  expect(metrics).toContain('node_scrape_collector_success{collector="ethtool"} 1');
  // The metrics-include regex keeps ENA allowance stats only: veth has none, so only the info series is left.
  expect(series(metrics, 'node_ethtool_')).toEqual([
    'node_ethtool_info{bus_info="",device="ens5",driver="veth",expansion_rom_version="",firmware_version="",version="1.0"}',
  ]);
  expect(metrics).not.toContain('eni0a1b');
});

test('naming: every stat ethtool -S lists becomes node_ethtool_<stat>{device}, so the ENA stats map to the names the rules and dashboard select', async () => {
  const stats = run('ip', ['netns', 'exec', ns, 'ethtool', '-S', 'ens5'])
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(':')[0])
    .filter(Boolean);
  expect(stats).toContain('peer_ifindex');
  const all = daemonSetArgs().map((a) =>
    a.startsWith('--collector.ethtool.metrics-include=') ? '--collector.ethtool.metrics-include=.*' : a,
  );
  const { metrics } = await scrape(all);
  const emitted = series(metrics, 'node_ethtool_').filter((s) => !s.startsWith('node_ethtool_info'));
  expect(emitted.sort()).toEqual(stats.map((s) => `${expectedName(s)}{device="ens5"}`).sort());
  // e.g. rx_queue_0_xdp_tx → node_ethtool_received_queue_0_xdp_transmitted: both tokens spelled out.
  expect(emitted).toContain('node_ethtool_received_queue_0_xdp_transmitted{device="ens5"}');

  // The ENA stats have no rx/tx token: their names are the prefix plus the stat, which is what the rules select.
  const rules = JSON.stringify(networkRuleGroups(NETWORK_RULE_DEFAULTS));
  const dashboard = renderGrafanaDashboard(
    't',
    enaSeries(EnaMetricNaming.NODE_EXPORTER, 'conntrack_allowance_available'),
  );
  const selected = new Set([...`${rules} ${dashboard}`.matchAll(/node_ethtool_[a-z0-9_]+/g)].map((m) => m[0]));
  expect([...selected].sort()).toEqual(ENA_STATS.map(expectedName).sort());
  // …grouped by the one label the exporter gives them (node comes from the scrape's relabelling).
  expect(rules).not.toMatch(/node_ethtool_[a-z_]+\{/);
  expect(rules.match(/sum by \(node, device\) \(increase\(node_ethtool_/g)).toHaveLength(5);
});

test('metrics-include is matched against the raw stat name, not the metric name: the library regex keeps all six ENA stats', async () => {
  const withInclude = (regex: string) =>
    daemonSetArgs().map((a) =>
      a.startsWith('--collector.ethtool.metrics-include=') ? `--collector.ethtool.metrics-include=${regex}` : a,
    );
  expect(series((await scrape(withInclude('^rx_queue_0_drops$'))).metrics, 'node_ethtool_received')).toEqual([
    'node_ethtool_received_queue_0_drops{device="ens5"}',
  ]);
  expect(series((await scrape(withInclude('^node_ethtool_peer_ifindex$'))).metrics, 'node_ethtool_peer')).toEqual([]);
  const include = new RegExp(
    daemonSetArgs()
      .find((a) => a.startsWith('--collector.ethtool.metrics-include='))!
      .split('=')[1],
  );
  expect(ENA_STATS.filter((s) => include.test(s))).toEqual(ENA_STATS);
});

test('a fired alert routes through the real Alertmanager configuration to the receiver the library configured', () => {
  const stack = new Stack(testApp(), 'Routes', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-a', 'subnet-b'],
  });
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'c',
    clusterSecurityGroupId: 'sg-1',
    vpc,
  });
  new NetworkObservability(stack, 'Network', {
    cluster,
    clusterAuthenticationMode: ClusterAuthenticationMode.API,
    enaMetricNaming: EnaMetricNaming.SHOWMAX,
  });
  const [ws] = Object.values(Template.fromStack(stack).findResources('AWS::APS::Workspace'));
  const definition = ws.Properties.AlertManagerDefinition['Fn::Join'][1]
    .map((p: unknown) => (typeof p === 'string' ? p : 'arn:aws:sns:eu-west-1:111111111111:alerts'))
    .join('');
  const inner = parse(definition).alertmanager_config as string;
  const dir = mkdtempSync(path.join(tmpdir(), 'netkit-amtool-'));
  const file = path.join(dir, 'alertmanager.yml');
  writeFileSync(file, inner);
  const route = (labels: string[]) => {
    const result = spawnSync('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels], {
      encoding: 'utf8',
    });
    if (result.error) {
      throw new Error(`amtool could not run (${result.error.message}); install Debian's prometheus-alertmanager`);
    }
    return { status: result.status, output: result.stdout.trim() };
  };
  try {
    expect(route(['alertname=CoreDNSErrorsHigh', 'severity=critical'])).toEqual({ status: 0, output: 'sns-critical' });
    expect(route(['alertname=VpcCniSlowStart', 'severity=warning', 'node=n1'])).toEqual({
      status: 0,
      output: 'sns-warning',
    });
    // Not vacuous: asking for the wrong receiver fails.
    expect(route(['--verify.receivers=sns-warning', 'alertname=CoreDNSErrorsHigh', 'severity=critical']).status).toBe(
      1,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
