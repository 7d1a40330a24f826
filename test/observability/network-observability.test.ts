import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { parse } from 'yaml';
import {
  ClusterAuthenticationMode,
  ClusterNetworkingContext,
  EnaMetricNaming,
  NetworkObservability,
  NetworkObservabilityProps,
} from '../../lib';
import { nodeExporterObjects } from '../../lib/observability/node-exporter';
import { importedTestCluster } from '../fixtures/cluster';
import { runTool } from '../rules/prometheus-tools';
import { schemaErrors } from '../schemas';
import { testApp } from '../util';

function setup(
  propsOrFactory: Partial<NetworkObservabilityProps> | ((stack: Stack) => Partial<NetworkObservabilityProps>) = {},
  app: App = testApp(),
  env = { account: '111111111111', region: 'eu-west-1' },
  clusterProps: Partial<eks.ClusterProps> = {},
) {
  const stack = new Stack(app, 'Test', { env });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1234',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-a', 'subnet-b'],
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
    ...clusterProps,
  });
  const props = typeof propsOrFactory === 'function' ? propsOrFactory(stack) : propsOrFactory;
  const observability = new NetworkObservability(stack, 'Network', { cluster, ...props });
  return { stack, vpc, cluster, observability, template: Template.fromStack(stack) };
}

/** A CloudFormation string value with every deploy-time part replaced by a fixed stand-in. */
function withStandIns(value: any, standIn: (part: any) => string): string {
  if (typeof value === 'string') return value;
  return value['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : standIn(p))).join('');
}

describe('what the template holds', () => {
  const { template } = setup({ alertEmails: ['oncall@example.com'] });

  test('the rules from the template pass promtool check rules', () => {
    const [ns] = Object.values(template.findResources('AWS::APS::RuleGroupsNamespace'));
    expect(ns.Properties.Name).toBe('cdk-eks-netkit-network');
    expect(ns.Properties.Workspace).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Workspace/), 'Arn'] });
    const run = runTool('promtool', () => ['check', 'rules', 'rules.yml'], { 'rules.yml': ns.Properties.Data });
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 23 rules found') });
  });

  test('the inner alertmanager_config passes amtool check-config, with its template file beside it', () => {
    const [ws] = Object.values(template.findResources('AWS::APS::Workspace'));
    const definition = withStandIns(ws.Properties.AlertManagerDefinition, (p) =>
      JSON.stringify(p).includes('AlertTopic') ? 'arn:aws:sns:eu-west-1:111111111111:alerts' : 'eu-west-1',
    );
    const outer = parse(definition);
    expect(Object.keys(outer)).toEqual(['template_files', 'alertmanager_config']);
    expect(typeof outer.alertmanager_config).toBe('string');
    const run = runTool('amtool', () => ['check-config', 'alertmanager.yml'], {
      'alertmanager.yml': outer.alertmanager_config,
      ...outer.template_files,
    });
    expect(run).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS[\s\S]*1 templates/) });
    const inner = parse(outer.alertmanager_config);
    expect(inner.route.routes).toEqual([
      { matchers: ['severity="critical"'], receiver: 'sns-critical', repeat_interval: '1h' },
    ]);
    for (const receiver of inner.receivers) {
      expect(receiver.sns_configs[0]).toMatchObject({
        topic_arn: 'arn:aws:sns:eu-west-1:111111111111:alerts',
        sigv4: { region: 'eu-west-1' },
      });
      expect(receiver.sns_configs[0]).not.toHaveProperty('api_url');
    }
  });

  test('amtool is not vacuous: a route to an unknown receiver fails', () => {
    const config = 'route:\n  receiver: nobody\nreceivers:\n  - name: somebody\n';
    expect(runTool('amtool', () => ['check-config', 'a.yml'], { 'a.yml': config }).status).toBe(1);
  });

  test('the scraper gets a base64 scrape configuration (30 s) that promtool accepts, two subnets and the cluster security group', () => {
    const [scraper] = Object.values(template.findResources('AWS::APS::Scraper'));
    const yaml = Buffer.from(scraper.Properties.ScrapeConfiguration.ConfigurationBlob['Fn::Base64'], 'utf8').toString();
    const config = parse(yaml);
    expect(config.global.scrape_interval).toBe('30s');
    expect(config.scrape_configs.map((j: any) => j.job_name)).toEqual([
      'node-exporter',
      'coredns',
      'node-local-dns',
      'aws-node',
    ]);
    expect(JSON.stringify(config)).toMatch(/"regex":"9153".*"regex":"9253".*"regex":"61678"/);
    expect(config.scrape_configs.every((j: any) => j.kubernetes_sd_configs[0].role === 'pod')).toBe(true);
    // Debian's promtool is built without Kubernetes discovery: swap it for a static target, so promtool checks
    // everything else (global, relabel rules and their regexes).
    const staticTargets = yaml.replace(
      /kubernetes_sd_configs:\n\s+- role: pod/g,
      'static_configs:\n      - targets: ["10.0.0.1:9100"]',
    );
    expect(staticTargets).not.toContain('kubernetes_sd_configs');
    expect(
      runTool('promtool', () => ['check', 'config', 'prometheus.yml'], { 'prometheus.yml': staticTargets }),
    ).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
    expect(scraper.Properties.Source.EksConfiguration.SubnetIds).toEqual(['subnet-a', 'subnet-b']);
    expect(scraper.Properties.Destination.AmpConfiguration.WorkspaceArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/Workspace/), 'Arn'],
    });
  });

  test('the topic is a standard topic encrypted with a key AMP may use, and only this workspace in this account may publish', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), FifoTopic: Match.absent() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'aps.amazonaws.com' },
            Action: ['sns:Publish', 'sns:GetTopicAttributes'],
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
              StringEquals: { 'aws:SourceAccount': '111111111111' },
            },
          }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'aps.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('the workspace logs rule and alert evaluation to CloudWatch Logs', () => {
    template.hasResourceProperties('AWS::APS::Workspace', {
      LoggingConfiguration: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkspaceLogs'), 'Arn'] } },
    });
  });

  test('CloudWatch alarms: EBS throttling by Metrics Insights on the cluster tag, control-plane 429s, EC2 API calls, all to the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(6);
    const expressions = alarms.map((a) => JSON.stringify(a.Properties.Metrics ?? ''));
    expect(
      expressions.filter((e) =>
        e.includes(
          'SELECT MAX(VolumeIOPSExceededCheck) FROM SCHEMA(\\"AWS/EBS\\", InstanceId, VolumeId) WHERE tag.\\"cdk-eks-netkit:cluster\\"',
        ),
      ),
    ).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/EKS',
      MetricName: 'apiserver_request_total_429',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Usage',
      MetricName: 'CallCount',
      Dimensions: Match.arrayWith([{ Name: 'Resource', Value: 'AssignPrivateIpAddresses' }]),
    });
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlertTopic/) }]);
    }
  });

  test('a CloudWatch dashboard of the alarms', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

test('node_exporter runs the ethtool collector only, limited to the ENA allowance counters on every ENA interface, and validates', () => {
  const objects = nodeExporterObjects('kube-system');
  expect(schemaErrors(objects)).toEqual([]);
  const daemonSet = objects[1] as any;
  const [container] = daemonSet.spec.template.spec.containers;
  const brokenPod = {
    ...daemonSet.spec.template.spec,
    containers: [{ ...container, ports: [{ containerPort: '9100' }] }],
  };
  const broken = {
    ...daemonSet,
    spec: { ...daemonSet.spec, template: { ...daemonSet.spec.template, spec: brokenPod } },
  };
  expect(schemaErrors([broken])).toEqual([expect.stringMatching(/containerPort must be integer$/)]);
  const args: string[] = (objects[1] as any).spec.template.spec.containers[0].args;
  expect(args).toEqual(expect.arrayContaining(['--collector.disable-defaults', '--collector.ethtool']));
  const include = new RegExp(args.find((a) => a.startsWith('--collector.ethtool.metrics-include='))!.split('=')[1]);
  for (const stat of [
    'bw_in_allowance_exceeded',
    'bw_out_allowance_exceeded',
    'pps_allowance_exceeded',
    'conntrack_allowance_exceeded',
    'conntrack_allowance_available',
    'linklocal_allowance_exceeded',
  ]) {
    expect(include.test(stat)).toBe(true);
  }
  expect(include.test('rx_packets')).toBe(false);
  const devices = new RegExp(args.find((a) => a.startsWith('--collector.ethtool.device-include='))!.split('=')[1]);
  expect(['eth0', 'eth1', 'ens5', 'ens6'].every((d) => devices.test(d))).toBe(true);
  expect(['eni1a2b3c', 'veth0', 'lo'].some((d) => devices.test(d))).toBe(false);
  expect((objects[1] as any).spec.template.spec.containers[0].image).toMatch(
    /^quay\.io\/prometheus\/node-exporter:v\d+\.\d+\.\d+$/,
  );
});

test('with the Showmax exporter the rules use its names and no node_exporter is deployed', () => {
  const { template } = setup({ enaMetricNaming: EnaMetricNaming.SHOWMAX });
  const [ns] = Object.values(template.findResources('AWS::APS::RuleGroupsNamespace'));
  expect(ns.Properties.Data).toContain('node_net_ethtool{type="pps_allowance_exceeded"}');
  const kinds = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((r) =>
    JSON.parse(r.Properties.Manifest).map((o: any) => o.kind),
  );
  expect(kinds).toEqual(['ClusterRole', 'ClusterRoleBinding']);
});

test("the scraper keeps only kube-system's pods for EKS's add-ons and node_exporter; the Showmax exporter wherever it runs", () => {
  // Labels are no proof of identity: a pod with kube-dns's labels and port in a tenant's namespace must not feed the
  // CoreDNS rules (test/cluster/scrape-discovery.test.ts shows it against a real Prometheus and API server).
  const namespaces = (naming: EnaMetricNaming) => {
    const [scraper] = Object.values(setup({ enaMetricNaming: naming }).template.findResources('AWS::APS::Scraper'));
    const config = parse(scraper.Properties.ScrapeConfiguration.ConfigurationBlob['Fn::Base64']);
    return Object.fromEntries(
      config.scrape_configs.map((job: any) => [
        job.job_name,
        job.relabel_configs
          .filter((r: any) => r.source_labels?.includes('__meta_kubernetes_namespace'))
          .map((r: any) => `${r.action} ${r.regex}`),
      ]),
    );
  };
  expect(namespaces(EnaMetricNaming.NODE_EXPORTER)).toEqual({
    'node-exporter': ['keep kube-system'],
    coredns: ['keep kube-system'],
    'node-local-dns': ['keep kube-system'],
    'aws-node': ['keep kube-system'],
  });
  expect(namespaces(EnaMetricNaming.SHOWMAX)['ethtool-exporter']).toEqual([]);
});

test('the Grafana dashboard JSON is written next to the template', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'netkit-grafana-'));
  const app = new App({ outdir });
  const { observability } = setup({}, app);
  app.synth();
  const file = path.join(outdir, 'Test.Network.grafana.json');
  expect(existsSync(file)).toBe(true);
  const dashboard = JSON.parse(readFileSync(file, 'utf8'));
  expect(dashboard.panels.map((p: any) => p.targets[0].expr)).toEqual(
    expect.arrayContaining([
      'node_device:ena_linklocal_allowance_exceeded:increase',
      'node:awscni_ip_available:sum',
      'cluster:coredns_servfail:ratio',
    ]),
  );
  expect(readFileSync(file, 'utf8')).toBe(observability.grafanaDashboardJson);
  // Every panel that plots a recording rule plots one the rules define.
  const records = new Set(
    parse(
      Object.values(
        Template.fromStack(observability.node.scope as Stack).findResources('AWS::APS::RuleGroupsNamespace'),
      )[0].Properties.Data,
    )
      .groups.flatMap((g: any) => g.rules.map((r: any) => r.record))
      .filter(Boolean),
  );
  const plotted = dashboard.panels.map((p: any) => p.targets[0].expr).filter((e: string) => /^\w+:\w+:\w+$/.test(e));
  expect(plotted.length).toBeGreaterThanOrEqual(9);
  expect(plotted.filter((e: string) => !records.has(e))).toEqual([]);
  rmSync(outdir, { recursive: true, force: true });
});

test('changing rules or thresholds changes the rule data only: the workspace is the same resource', () => {
  const a = setup().template;
  const b = setup({ ipAddressesLowThreshold: 20, alertFor: Duration.minutes(10) }).template;
  expect(b.findResources('AWS::APS::Workspace')).toEqual(a.findResources('AWS::APS::Workspace'));
  expect(Object.keys(b.findResources('AWS::APS::RuleGroupsNamespace'))).toEqual(
    Object.keys(a.findResources('AWS::APS::RuleGroupsNamespace')),
  );
  expect(JSON.stringify(b.findResources('AWS::APS::RuleGroupsNamespace'))).not.toEqual(
    JSON.stringify(a.findResources('AWS::APS::RuleGroupsNamespace')),
  );
});

describe('on an IPv6 cluster', () => {
  const usageResource = (alarm: any) =>
    alarm.Properties.Dimensions?.find((d: any) => d.Name === 'Resource')?.Value as string | undefined;

  test('an AssignIpv6Addresses alarm joins the EC2 API alarms, at the same threshold, with the IPv6 fix', () => {
    const { template } = setup({ ec2ApiCallsPerMinuteThreshold: 120 }, testApp(), undefined, {
      ipFamily: eks.IpFamily.IP_V6,
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    // The six of every cluster (2 EBS, 1 control plane, 3 IPv4 EC2 APIs) and the IPv6 one.
    expect(alarms).toHaveLength(7);
    expect(alarms.map(usageResource).filter(Boolean).sort()).toEqual([
      'AssignIpv6Addresses',
      'AssignPrivateIpAddresses',
      'AttachNetworkInterface',
      'CreateNetworkInterface',
    ]);
    const ipv6 = alarms.find((a) => usageResource(a) === 'AssignIpv6Addresses')!;
    expect(ipv6.Properties).toMatchObject({
      Namespace: 'AWS/Usage',
      MetricName: 'CallCount',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 120,
      EvaluationPeriods: 3,
      AlarmActions: [{ Ref: expect.stringMatching(/AlertTopic/) }],
    });
    expect(ipv6.Properties.AlarmDescription).toMatch(/one call for its \/80 and there are no warm targets/);
    expect(ipv6.Properties.AlarmDescription).not.toMatch(/WARM_IP_TARGET/);
  });

  test('an IPv4 cluster has no AssignIpv6Addresses alarm', () => {
    const alarms = Object.values(setup().template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map(usageResource)).not.toContain('AssignIpv6Addresses');
  });

  test('a cluster declared IPv6 after NetworkObservability exists stops synth and says to declare first', () => {
    const { stack, cluster } = importedTestCluster();
    new NetworkObservability(stack, 'Network', { cluster, clusterAuthenticationMode: ClusterAuthenticationMode.API });
    ClusterNetworkingContext.of(cluster).declare({ ipFamily: eks.IpFamily.IP_V6 });
    expect(() => Template.fromStack(stack)).toThrow(
      /NetworkObservability Test\/Network was created before cluster Test\/Cluster was declared IPv6, so it has no AssignIpv6Addresses alarm; declare ipFamily first/,
    );
    const declared = importedTestCluster();
    ClusterNetworkingContext.of(declared.cluster).declare({ ipFamily: eks.IpFamily.IP_V6 });
    new NetworkObservability(declared.stack, 'Network', {
      cluster: declared.cluster,
      clusterAuthenticationMode: ClusterAuthenticationMode.API,
    });
    const alarms = Object.values(Template.fromStack(declared.stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map(usageResource)).toContain('AssignIpv6Addresses');
  });
});

describe('alert routing: your topic, your alarm actions', () => {
  test('a topic of yours means no new topic and no key; alarms and Alertmanager use it; the workspace may publish', () => {
    const { template } = setup((stack) => ({ alertTopic: new sns.Topic(stack, 'Pager') }));
    // The only topic is the user's own; the library made none and no key.
    expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toEqual([expect.stringMatching(/^Pager/)]);
    template.resourceCountIs('AWS::KMS::Key', 0);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Pager/) }]);
    }
    const [ws] = Object.values(template.findResources('AWS::APS::Workspace'));
    expect(JSON.stringify(ws.Properties.AlertManagerDefinition)).toMatch(/"Ref":"Pager/);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'aps.amazonaws.com' },
            Action: ['sns:Publish', 'sns:GetTopicAttributes'],
          }),
        ]),
      }),
    });
  });

  test('your topic encrypted with your key: the key lets AMP and CloudWatch use it', () => {
    const { template } = setup((stack) => ({
      alertTopic: new sns.Topic(stack, 'Pager', { masterKey: new kms.Key(stack, 'PagerKey') }),
    }));
    template.resourceCountIs('AWS::KMS::Key', 1);
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const services = key.Properties.KeyPolicy.Statement.filter((st: any) =>
      JSON.stringify(st.Action).includes('kms:GenerateDataKey*'),
    ).map((st: any) => st.Principal.Service);
    expect(services.sort()).toEqual(['aps.amazonaws.com', 'cloudwatch.amazonaws.com']);
  });

  test('an imported topic: no policy can be added here, so a warning says what to add', () => {
    const other = new Stack(testApp(), 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(other, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-a', 'subnet-b'],
    });
    const cluster = eks.Cluster.fromClusterAttributes(other, 'Cluster', {
      clusterName: 'c',
      clusterSecurityGroupId: 'sg-1',
      vpc,
    });
    new NetworkObservability(other, 'Network', {
      cluster,
      clusterAuthenticationMode: ClusterAuthenticationMode.API,
      enaMetricNaming: EnaMetricNaming.SHOWMAX,
      alertTopic: sns.Topic.fromTopicArn(other, 'Pager', 'arn:aws:sns:eu-west-1:111111111111:pager'),
    });
    Template.fromStack(other).resourceCountIs('AWS::SNS::Topic', 0);
    expect(
      Annotations.fromStack(other).findWarning(
        '*',
        Match.stringLikeRegexp('alertTopic is imported.*aps.amazonaws.com'),
      ),
    ).toHaveLength(1);
  });

  test('alarm actions are pluggable: yours replace the topic on every alarm', () => {
    const action: cloudwatch.IAlarmAction = {
      bind: () => ({ alarmActionArn: 'arn:aws:ssm:eu-west-1:111111111111:opsitem:3' }),
    };
    const { template } = setup({ alarmActions: [action] });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:ssm:eu-west-1:111111111111:opsitem:3']);
      expect(alarm.Properties.OKActions).toEqual(['arn:aws:ssm:eu-west-1:111111111111:opsitem:3']);
    }
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('a FIFO topic or one from another account is refused, naming alertTopic', () => {
    expect(() =>
      setup((stack) => ({ alertTopic: new sns.Topic(stack, 'Fifo', { fifo: true, topicName: 'alerts' }) })),
    ).toThrow(/alertTopic Test\/Fifo is a FIFO topic.*standard/);
    const app2 = testApp();
    const foreign = new Stack(app2, 'Foreign', { env: { account: '222222222222', region: 'eu-west-1' } });
    expect(() => setup({ alertTopic: new sns.Topic(foreign, 'T') }, app2)).toThrow(
      /alertTopic is in account 222222222222 but the workspace is in 111111111111/,
    );
  });
});

describe('bad input gets a clear error', () => {
  test.each<[string, () => Partial<NetworkObservabilityProps>, RegExp]>([
    [
      'a scrape interval under 30 s',
      () => ({ scrapeInterval: Duration.seconds(15) }),
      /scrapeInterval \('15 seconds'\) is shorter than 30 s \(the AMP managed collector scrapes every 30 s to 1 hour\)/,
    ],
    [
      'a rule window shorter than 4 × the scrape interval',
      () => ({ scrapeInterval: Duration.minutes(1), ruleWindow: Duration.minutes(3) }),
      /ruleWindow \(3 min\) is shorter than 4 × the scrape interval \(240 s\)/,
    ],
    [
      'an invalid e-mail address',
      () => ({ alertEmails: ['oncall-at-example.com'] }),
      /alertEmails entry 'oncall-at-example\.com' is not an e-mail address/,
    ],
    [
      'a workspace ARN from another region',
      () => ({ workspaceArn: 'arn:aws:aps:us-east-1:111111111111:workspace/ws-1234' }),
      /workspaceArn .*is in us-east-1 but the stack deploys to eu-west-1/,
    ],
    [
      'a CoreDNS latency of zero',
      () => ({ coreDnsLatency: Duration.seconds(0) }),
      /coreDnsLatency \(0\) must be above 0/,
    ],
    [
      'an ipamd start-up threshold of zero',
      () => ({ cniStartupThreshold: Duration.seconds(0) }),
      /cniStartupThreshold \(0\) must be above 0/,
    ],
    [
      'a negative EC2 API error threshold',
      () => ({ cniApiErrorThreshold: -1 }),
      /cniApiErrorThreshold \(-1\) must be a whole number ≥ 0/,
    ],
    [
      'an alert delay in seconds',
      () => ({ alertFor: Duration.seconds(90) }),
      /alertFor \('1 minute 30 seconds'\) must be whole minutes/,
    ],
    // Every Duration is whole in the unit it is rendered in; aws-cdk-lib's conversion would throw without the prop.
    [
      'a scrape interval of fractional seconds',
      () => ({ scrapeInterval: Duration.millis(30500) }),
      /Test\/Network: scrapeInterval \('30 seconds 500 millis'\) must be whole seconds, the unit the library renders it in; e\.g\. Duration\.seconds\(30\) or Duration\.seconds\(31\)/,
    ],
    [
      'a rule window of fractional seconds',
      () => ({ ruleWindow: Duration.millis(300500) }),
      /Test\/Network: ruleWindow \('5 minutes 500 millis'\) must be whole minutes, .*; e\.g\. Duration\.minutes\(5\) or Duration\.minutes\(6\)/,
    ],
    [
      'a CoreDNS latency of half a millisecond',
      () => ({ coreDnsLatency: Duration.millis(0.5) }),
      /Test\/Network: coreDnsLatency \('0\.5 millis'\) must be whole milliseconds, the unit the library renders it in; e\.g\. Duration\.millis\(1\)/,
    ],
    [
      'an ipamd start-up threshold of fractional milliseconds',
      () => ({ cniStartupThreshold: Duration.millis(30000.5) }),
      /Test\/Network: cniStartupThreshold \(.*\) must be whole milliseconds/,
    ],
    [
      'an EC2 API latency threshold of fractional milliseconds',
      () => ({ cniApiLatencyThreshold: Duration.millis(1.5) }),
      /Test\/Network: cniApiLatencyThreshold \('1\.5 millis'\) must be whole milliseconds/,
    ],
    [
      'an http subscription',
      () => ({ alertHttpsUrls: ['http://hooks.example.com'] }),
      /alertHttpsUrls entry 'http:\/\/hooks\.example\.com' must be an https:\/\/ URL/,
    ],
  ])('%s', (_, props, message) => {
    expect(() => setup(props())).toThrow(message);
  });

  test('one subnet, or subnets in one AZ, for the scraper', () => {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const subnet = (id: string, az: string) =>
      ec2.Subnet.fromSubnetAttributes(stack, id, { subnetId: id, availabilityZone: az });
    expect(() => setup({ scraperSubnets: [subnet('a', 'eu-west-1a')] })).toThrow(
      /scraperSubnets has 1 subnet\(s\); the AMP managed scraper needs at least two/,
    );
    expect(() => setup({ scraperSubnets: [subnet('b', 'eu-west-1a'), subnet('c', 'eu-west-1a')] })).toThrow(
      /scraperSubnets are all in eu-west-1a/,
    );
  });
});
