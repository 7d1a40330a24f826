import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parse as parseYaml, stringify } from 'yaml';
import { BaselineClusterStack } from '../../bin/stacks/baseline-cluster-stack';
import { SCRAPER_KUBERNETES_USER } from '../../lib/observability/scraper-access';
import { requireTool } from '../required-tools';
import { KARPENTER_VERSIONS } from '../upstream/upstream-manifests';
import { testApp } from '../util';
import { eksSeedObjects, seedEks } from './harness/eks-seed';
import { LocalCluster } from './harness/local-cluster';
import { replayStep } from './harness/replay-steps';
import { KUBERNETES_RESOURCE, replayPlan } from './harness/template-replay';

// The managed scraper's configuration, as the baseline stack hands it to AWS::APS::Scraper, run by Debian's Prometheus
// against the harness's API server with the scraper's own Kubernetes identity (aps-collector-user, authorized only by
// the library's ClusterRole). Pods are created from the library's and EKS's pod templates and given a node and an IP
// through the status subresource, as the kubelet would; Prometheus must turn exactly those into targets carrying the
// labels the recording rules and alerts group by.
jest.setTimeout(20 * 60_000);

const stack: Stack = new BaselineClusterStack(testApp(), 'NetkitBaseline');
const template = Template.fromStack(stack).toJSON() as any;
const plan = replayPlan(template, stack.stackName).resources.filter((r) => r.type === KUBERNETES_RESOURCE);

/** The scrape configuration the scraper receives (the template's base64 blob, decoded). */
function scraperConfiguration(): any {
  const scraper = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::APS::Scraper');
  return parseYaml(scraper.Properties.ScrapeConfiguration.ConfigurationBlob['Fn::Base64']);
}

/** Every `job="…"` and `by (…)` label the recording rules and alerts select. */
function ruleSelections(): { jobs: string[]; groupBy: string[] } {
  const rules = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::APS::RuleGroupsNamespace')
    .Properties.Data as string;
  const jobs = [...rules.matchAll(/job="([^"]+)"/g)].map((m) => m[1]);
  const groupBy = [...rules.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim()));
  return { jobs: [...new Set(jobs)], groupBy: [...new Set(groupBy)] };
}

const NODE = 'ip-10-0-12-34.ec2.internal';

let cluster: LocalCluster;
let prometheus: ChildProcess | undefined;
let prometheusPort = 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function getJson(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (err) {
            reject(err);
          }
        });
      })
      .on('error', reject);
  });
}

/** A pod as the DaemonSet or Deployment controller would create it on NODE, then Running with an IP. */
function runPod(kind: string, name: string, ip: string, overrideLabels?: Record<string, string>): void {
  const owner = cluster.get(kind, name, 'kube-system');
  const podName = `${name}-${ip.split('.').pop()}`;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace: 'kube-system',
      labels: overrideLabels ?? owner.spec.template.metadata.labels,
    },
    spec: { ...owner.spec.template.spec, nodeName: NODE },
  };
  cluster.kubectlOk(['create', '-f', '-'], JSON.stringify(pod));
  const status = {
    status: {
      phase: 'Running',
      hostIP: '10.0.12.34',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
  cluster.kubectlOk([
    'patch',
    'pod',
    podName,
    '-n',
    'kube-system',
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify(status),
  ]);
}

beforeAll(async () => {
  requireTool('prometheus', 'prometheus', 'the scrape configuration runs in a real Prometheus');
  cluster = await LocalCluster.start([SCRAPER_KUBERNETES_USER]);
  seedEks(cluster, eksSeedObjects(KARPENTER_VERSIONS[0]));
  plan.forEach((resource) => replayStep(cluster, 'Create', resource));

  // The scraper's pods: EKS's aws-node and CoreDNS, the library's node_exporter and NodeLocal DNSCache; and two
  // that must not become targets (no library label; the right label on a pod without the metrics port).
  runPod('daemonset', 'aws-node', '10.0.12.34');
  runPod('deployment', 'coredns', '10.0.12.101');
  runPod('daemonset', 'netkit-node-exporter', '10.0.12.35');
  runPod('daemonset', 'node-local-dns', '10.0.12.36');
  runPod('daemonset', 'netkit-node-exporter', '10.0.12.200', { app: 'something-else' });
  runPod('deployment', 'coredns', '10.0.12.201', { 'k8s-app': 'aws-node' });

  // As the managed collector gets it, plus where the API server is and who the scraper is (the collector gets
  // both from EKS).
  const config = scraperConfiguration();
  for (const job of config.scrape_configs) {
    job.kubernetes_sd_configs = job.kubernetes_sd_configs.map((sd: any) => ({
      ...sd,
      api_server: cluster.server,
      tls_config: { insecure_skip_verify: true },
      authorization: { credentials: cluster.userTokens[SCRAPER_KUBERNETES_USER] },
    }));
  }
  const dir = path.join(cluster.dir, 'prometheus');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), stringify(config));
  prometheusPort = await freePort();
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    { stdio: 'ignore' },
  );
}, 30 * 60_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  await cluster?.stop();
});

/** Prometheus's active targets once discovery has found the four expected ones (or what it has after 60 s). */
async function activeTargets(): Promise<any[]> {
  const deadline = Date.now() + 60_000;
  let targets: any[] = [];
  while (Date.now() < deadline) {
    try {
      targets = (await getJson(`http://127.0.0.1:${prometheusPort}/api/v1/targets?state=active`)).data.activeTargets;
      if (targets.length >= 4) return targets;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return targets;
}

test('the scraper user may discover pods and nothing else it does not need', () => {
  const can = (verb: string, resource: string) =>
    cluster
      .kubectl(['auth', 'can-i', verb, resource, '--as', SCRAPER_KUBERNETES_USER, '--all-namespaces'])
      .stdout.trim();
  expect(['get', 'list', 'watch'].map((verb) => can(verb, 'pods'))).toEqual(['yes', 'yes', 'yes']);
  expect(can('get', 'secrets')).toBe('no');
  expect(can('list', 'configmaps')).toBe('no');
});

test('Prometheus discovers exactly the four pods, labelled as the rules select them', async () => {
  const targets = await activeTargets();
  const seen = targets
    .map((t) => ({ job: t.labels.job, instance: t.labels.instance, node: t.labels.node, pod: t.labels.pod }))
    .sort((a, b) => a.job.localeCompare(b.job));
  expect(seen).toEqual([
    { job: 'aws-node', instance: '10.0.12.34:61678', node: NODE, pod: 'aws-node-34' },
    { job: 'coredns', instance: '10.0.12.101:9153', node: NODE, pod: 'coredns-101' },
    { job: 'node-exporter', instance: '10.0.12.35:9110', node: NODE, pod: 'netkit-node-exporter-35' },
    { job: 'node-local-dns', instance: '10.0.12.36:9253', node: NODE, pod: 'node-local-dns-36' },
  ]);
  const { jobs, groupBy } = ruleSelections();
  // Every job the rules name has a target, and every label they group by that a target must carry is there.
  expect(jobs.filter((job) => !seen.some((t) => t.job === job))).toEqual([]);
  expect(groupBy).toContain('node');
});
