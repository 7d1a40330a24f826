import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { eksSeedObjects, seedEks } from './harness/eks-seed';
import { LocalCluster } from './harness/local-cluster';
import { LocalPrometheus, PrometheusTarget, PrometheusTargets } from './harness/local-prometheus';
import { replayStep } from './harness/replay-steps';
import { replayPlan } from './harness/template-replay';
import { prometheusBinary } from './harness/tools';
import { addReferenceStacks } from '../../bin/reference-app';
import { NetworkObservability } from '../../lib';
import { defaultKarpenterVersion } from '../../lib/karpenter/karpenter-version';
import { SCRAPER_KUBERNETES_USER } from '../../lib/observability/scraper-access';
import { testApp } from '../util';

// The managed scraper's configuration, exactly as the baseline reference stack hands it to AWS::APS::Scraper, run by a
// real Prometheus (built from its Go module with Kubernetes discovery) against the harness's kube-apiserver. The API
// server holds what the stack deploys (replayed through the kubectl handler: the scraper's ClusterRole and binding,
// node_exporter, NodeLocal DNSCache) and what EKS installs; pods are created from those DaemonSets' and Deployments'
// own templates, with status and IPs set through the status subresource, the way kubelet reports them. Prometheus
// discovers them as aps-collector-user (a static token with no groups: RBAC alone lets it list pods), and its
// /api/v1/targets must hold exactly the targets, with exactly the labels, that the rules and dashboard select.
// Nothing listens on the targets' addresses, so they are down; discovery and relabelling are what is judged.
jest.setTimeout(10 * 60_000);

const STACK = 'NetkitBaseline';

/** Two nodes; hostNetwork pods take the node's address (loopback addresses: nothing is scraped). */
const NODES = [
  { name: 'ip-10-0-1-11.ec2.internal', ip: '127.0.0.11' },
  { name: 'ip-10-0-2-12.ec2.internal', ip: '127.0.0.12' },
];
/** Addresses of pods on the pod network (CoreDNS, the tenant's pod), one per pod in creation order. */
const POD_IPS = ['127.0.0.21', '127.0.0.22', '127.0.0.23'];

/** A tenant's namespace, where anyone allowed to create pods may copy kube-system's labels. */
const TENANT_NAMESPACE = 'team-a';

function synthesize() {
  const app = testApp();
  const stack = addReferenceStacks(app).find((s) => s.stackName === STACK)!;
  const template = Template.fromStack(stack).toJSON() as any;
  const resources = Object.values(template.Resources) as any[];
  const [scraper] = resources.filter((r) => r.Type === 'AWS::APS::Scraper');
  const [rules] = resources.filter((r) => r.Type === 'AWS::APS::RuleGroupsNamespace');
  const observability = stack.node.findAll().find((c): c is NetworkObservability => c instanceof NetworkObservability)!;
  return {
    // The blob is Fn::Base64 of the YAML text: what AWS decodes and the collector loads.
    scrapeConfig: parse(scraper.Properties.ScrapeConfiguration.ConfigurationBlob['Fn::Base64']),
    rules: parse(rules.Properties.Data),
    dashboard: JSON.parse(observability.grafanaDashboardJson),
    plan: replayPlan(template, STACK),
  };
}

const SYNTH = synthesize();

/**
 * The only change for a local run. The managed collector finds its cluster's API server itself and reaches it as
 * aps-collector-user; this Prometheus is told where the API server is, which token is aps-collector-user's, and not to
 * verify the harness's self-signed certificate. Every job, relabelling rule and interval stays as generated.
 */
function againstLocalApiServer(config: any, server: string, token: string): any {
  const local = structuredClone(config);
  for (const job of local.scrape_configs) {
    job.kubernetes_sd_configs = job.kubernetes_sd_configs.map((sd: any) => ({
      ...sd,
      api_server: server,
      authorization: { type: 'Bearer', credentials: token },
      tls_config: { insecure_skip_verify: true },
    }));
  }
  return local;
}

let cluster: LocalCluster;
let prometheus: LocalPrometheus;
let targets: PrometheusTargets;

/** Create a pod as its controller would, then report it running at `ip` on `node` as kubelet would. */
function runPod(namespace: string, name: string, template: any, node: (typeof NODES)[number], ip: string): void {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: template.metadata.labels },
    spec: { ...template.spec, nodeName: node.name },
  };
  cluster.kubectlOk(['create', '-f', '-'], JSON.stringify(pod));
  const status = {
    phase: 'Running',
    hostIP: node.ip,
    hostIPs: [{ ip: node.ip }],
    podIP: ip,
    podIPs: [{ ip }],
    conditions: [{ type: 'Ready', status: 'True' }],
  };
  cluster.kubectlOk([
    'patch',
    'pod',
    name,
    '-n',
    namespace,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
}

beforeAll(async () => {
  const binary = prometheusBinary();
  cluster = await LocalCluster.start([SCRAPER_KUBERNETES_USER]);
  seedEks(cluster, eksSeedObjects(defaultKarpenterVersion('1.35')));
  for (const resource of SYNTH.plan.resources) replayStep(cluster, 'Create', resource);

  for (const node of NODES) {
    cluster.kubectlOk(
      ['create', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: node.name } }),
    );
    const status = {
      addresses: [
        { type: 'InternalIP', address: node.ip },
        { type: 'Hostname', address: node.name },
      ],
    };
    cluster.kubectlOk([
      'patch',
      'node',
      node.name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status }),
    ]);
  }
  const podIps = [...POD_IPS];
  // Every DaemonSet in kube-system (EKS's aws-node and kube-proxy, the stack's node_exporter and NodeLocal DNSCache):
  // one pod per node, on the node's address (they are all hostNetwork).
  const daemonSets = JSON.parse(cluster.kubectlOk(['get', 'daemonsets', '-n', 'kube-system', '-o', 'json'])).items;
  for (const ds of daemonSets) {
    expect(ds.spec.template.spec.hostNetwork).toBe(true);
    NODES.forEach((node, i) => runPod('kube-system', `${ds.metadata.name}-${i}`, ds.spec.template, node, node.ip));
  }
  // CoreDNS's two replicas, one per node, on the pod network.
  const coredns = cluster.get('deployment', 'coredns', 'kube-system');
  NODES.forEach((node, i) => runPod('kube-system', `coredns-${i}`, coredns.spec.template, node, podIps.shift()!));
  // A tenant's pod that copies CoreDNS's labels and metrics port: not CoreDNS, must not feed the CoreDNS rules.
  cluster.kubectlOk(['create', 'namespace', TENANT_NAMESPACE]);
  cluster.kubectlOk([
    'create',
    'serviceaccount',
    coredns.spec.template.spec.serviceAccountName,
    '-n',
    TENANT_NAMESPACE,
  ]);
  runPod(TENANT_NAMESPACE, 'lookalike-dns', coredns.spec.template, NODES[0], podIps.shift()!);

  const config = againstLocalApiServer(SYNTH.scrapeConfig, cluster.server, cluster.userTokens[SCRAPER_KUBERNETES_USER]);
  const started = Date.now();
  prometheus = await LocalPrometheus.start(binary, config);
  // Discovery has settled when every pod in the cluster is known to Prometheus, as an active or a dropped target.
  const pods = JSON.parse(cluster.kubectlOk(['get', 'pods', '--all-namespaces', '-o', 'json'])).items.length;
  const deadline = Date.now() + 90_000;
  for (;;) {
    targets = await prometheus.targets();
    const seen = new Set(
      [...targets.activeTargets, ...targets.droppedTargets].map(
        (t) => `${t.discoveredLabels.__meta_kubernetes_namespace}/${t.discoveredLabels.__meta_kubernetes_pod_name}`,
      ),
    );
    if (seen.size >= pods) {
      console.log(`Prometheus started and discovered all ${pods} pods in ${Date.now() - started} ms`);
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(`Prometheus discovered ${seen.size} of ${pods} pods in 90 s:\n${prometheus.logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}, 10 * 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await cluster?.stop();
});

const active = (): Array<Record<string, string>> =>
  targets.activeTargets
    .map((t: PrometheusTarget): Record<string, string> => ({ scrapePool: t.scrapePool, ...t.labels }))
    .sort((a, b) => `${a.job} ${a.instance}`.localeCompare(`${b.job} ${b.instance}`));

test('the collector configuration is the one the stack synthesizes, with only the API server made local', () => {
  const local = againstLocalApiServer(SYNTH.scrapeConfig, 'https://127.0.0.1:1', 't');
  const added = ['api_server', 'authorization', 'tls_config'];
  const strip = (c: any) => ({
    ...c,
    scrape_configs: c.scrape_configs.map((job: any) => ({
      ...job,
      kubernetes_sd_configs: job.kubernetes_sd_configs.map((sd: any) =>
        Object.fromEntries(Object.entries(sd).filter(([k]) => !added.includes(k))),
      ),
    })),
  });
  expect(strip(local)).toEqual(SYNTH.scrapeConfig);
});

test('every pod of the exporters, CoreDNS, NodeLocal DNSCache and ipamd becomes exactly one target with its node', () => {
  // Worked out by hand: one target per pod and metrics port, at the pod's address (a hostNetwork pod's is its
  // node's): ipamd :61678 in aws-node (not the network policy agent's :8162 beside it), node_exporter :9110, NodeLocal
  // DNSCache :9253, CoreDNS :9153. Labels: the job, the address, and the node and pod the rules group by.
  const expected: Array<Record<string, string>> = [];
  const target = (job: string, instance: string, node: string, pod: string) =>
    expected.push({ scrapePool: job, job, instance, node, pod });
  NODES.forEach((node, i) => {
    target('aws-node', `${node.ip}:61678`, node.name, `aws-node-${i}`);
    target('node-exporter', `${node.ip}:9110`, node.name, `netkit-node-exporter-${i}`);
    target('node-local-dns', `${node.ip}:9253`, node.name, `node-local-dns-${i}`);
    target('coredns', `${POD_IPS[i]}:9153`, node.name, `coredns-${i}`);
  });
  expected.sort((a, b) => `${a.job} ${a.instance}`.localeCompare(`${b.job} ${b.instance}`));
  expect(active()).toEqual(expected);
});

test("kube-proxy, the aws-node pod's other ports and init containers are discovered and dropped", () => {
  const dropped = (pod: string) =>
    targets.droppedTargets
      .filter((t) => t.discoveredLabels.__meta_kubernetes_pod_name === pod)
      .map((t) => t.discoveredLabels.__meta_kubernetes_pod_container_name);
  // Discovered (so the drop is relabelling's doing, not discovery missing the pod), never active.
  expect(dropped('kube-proxy-0').length).toBeGreaterThan(0);
  expect(dropped('aws-node-0')).toEqual(expect.arrayContaining(['aws-eks-nodeagent', 'aws-vpc-cni-init']));
  expect(active().filter((t) => t.pod.startsWith('kube-proxy'))).toEqual([]);
});

test("a tenant's pod with CoreDNS's labels and port is not scraped into the CoreDNS rules", () => {
  const discovered = [...targets.activeTargets, ...targets.droppedTargets].filter(
    (t) => t.discoveredLabels.__meta_kubernetes_namespace === TENANT_NAMESPACE,
  );
  expect(discovered.length).toBeGreaterThan(0);
  expect(
    targets.activeTargets.filter((t) => t.discoveredLabels.__meta_kubernetes_namespace === TENANT_NAMESPACE),
  ).toEqual([]);
});

/**
 * What each rule and dashboard query needs from targets, read from the expressions themselves: the labels they
 * group or match on (`by (…)`, `on (…)`) that no exporter sets on its own series, and the jobs they name.
 * Exporter-set labels, by hand: `device` (node_exporter's ethtool collector, per interface), `api` and `error`
 * (ipamd's EC2 API metrics), `le` (histogram buckets). Which job serves a metric, by hand: node_ethtool_* from the
 * node exporter, awscni_* from ipamd in aws-node, coredns_* from CoreDNS and NodeLocal DNSCache (both CoreDNS).
 */
const EXPORTER_LABELS = new Set(['device', 'api', 'error', 'le']);
const JOBS_OF_METRIC: Array<[RegExp, string[]]> = [
  [/\bnode_ethtool_\w+/, ['node-exporter']],
  [/\bawscni_\w+/, ['aws-node']],
  [/\bcoredns_\w+/, ['coredns', 'node-local-dns']],
];

/** Every query: [what it is, its PromQL]. */
function queries(): Array<[string, string]> {
  const rules = SYNTH.rules.groups.flatMap((g: any) =>
    g.rules.map((r: any) => [r.record ? `recording rule ${r.record}` : `alert ${r.alert}`, r.expr]),
  );
  const panels = SYNTH.dashboard.panels.flatMap((p: any) =>
    p.targets.map((t: any) => [`dashboard panel "${p.title}"`, t.expr]),
  );
  return [...rules, ...panels];
}

test.each(queries())('the targets carry what %s selects', (_, query) => {
  const targetLabels = new Set(
    [...query.matchAll(/\b(?:by|on)\s*\(([^)]*)\)/g)]
      .flatMap(([, list]) => list.split(',').map((l) => l.trim()))
      .filter((l) => l && !EXPORTER_LABELS.has(l)),
  );
  const jobs = new Set([
    ...[...query.matchAll(/\bjob="([^"]+)"/g)].map(([, job]) => job),
    ...JOBS_OF_METRIC.filter(([metric]) => metric.test(query)).flatMap(([, js]) => js),
  ]);
  for (const job of jobs) {
    const ofJob = active().filter((t) => t.job === job);
    expect({ job, targets: ofJob.length > 0 }).toEqual({ job, targets: true });
    for (const label of targetLabels) {
      expect({ job, label, missing: ofJob.filter((t) => !t[label]).map((t) => t.instance) }).toEqual({
        job,
        label,
        missing: [],
      });
    }
  }
});
