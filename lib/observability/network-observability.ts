import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  Annotations,
  Arn,
  ArnFormat,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  attachCustomSynthesis,
} from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { renderAlertManagerDefinition } from './alertmanager-definition';
import { renderGrafanaDashboard } from './grafana-dashboard';
import { nodeExporterObjects } from './node-exporter';
import { renderScrapeConfiguration } from './scrape-configuration';
import { NODE_VOLUME_TAGS } from '../node-spec/volume-tags';
import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';
import { EnaMetricNaming, NETWORK_RULE_DEFAULTS, networkRuleGroups, renderRulesFile } from '../rules/network-rules';

/** EC2 APIs the VPC CNI calls as pods and nodes scale; CloudWatch publishes their call counts in AWS/Usage. */
const CNI_EC2_APIS = ['AssignPrivateIpAddresses', 'CreateNetworkInterface', 'AttachNetworkInterface'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Options for {@link NetworkObservability}.
 */
export interface NetworkObservabilityOptions {
  /**
   * Use this existing AMP workspace instead of creating one. It must be in the stack's region.
   * @default - a new workspace
   */
  readonly workspaceArn?: string;

  /**
   * Customer-managed KMS key for a new workspace.
   * @default - AWS-owned key
   */
  readonly workspaceKey?: kms.IKey;

  /**
   * Send the workspace's rule-evaluation and alert-manager logs to CloudWatch Logs (a new workspace only).
   * @default true
   */
  readonly workspaceLogging?: boolean;

  /**
   * Create the AMP managed scraper (agentless collector).
   * @default true
   */
  readonly managedScraper?: boolean;

  /**
   * Subnets of the scraper's ENIs: at least two, in at least two Availability Zones.
   * @default - the cluster VPC's private subnets
   */
  readonly scraperSubnets?: ec2.ISubnet[];

  /**
   * Scrape interval; at least 30 s (the managed collector's floor).
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;

  /**
   * The ENA counters' exporter: the library's node_exporter (deployed), or the Showmax ethtool exporter you
   * already run (not deployed; rules use its `node_net_ethtool{type=…}` names).
   * @default EnaMetricNaming.NODE_EXPORTER
   */
  readonly enaMetricNaming?: EnaMetricNaming;

  /**
   * Window of the counter rules; at least 4 × the scrape interval.
   * @default Duration.minutes(5)
   */
  readonly ruleWindow?: Duration;

  /**
   * How long a condition must hold before an alert fires.
   * @default Duration.minutes(5)
   */
  readonly alertFor?: Duration;

  /**
   * Dropped packets per window above which an ENA allowance alert fires.
   * @default 0
   */
  readonly enaDropThreshold?: number;

  /**
   * Tracked connections left below which EC2ConntrackAllowanceLow fires.
   * @default 10000
   */
  readonly conntrackAvailableThreshold?: number;

  /**
   * Free pod IPs per node below which VpcCniIpAddressesLow fires.
   * @default 5
   */
  readonly ipAddressesLowThreshold?: number;

  /**
   * SERVFAIL share above which CoreDNSErrorsHigh fires.
   * @default 0.03
   */
  readonly coreDnsErrorRatio?: number;

  /**
   * CoreDNS p99 latency above which CoreDNSLatencyHigh fires.
   * @default Duration.seconds(1)
   */
  readonly coreDnsLatency?: Duration;

  /**
   * E-mail addresses subscribed to the alert topic.
   * @default - none
   */
  readonly alertEmails?: string[];

  /**
   * HTTPS endpoints subscribed to the alert topic.
   * @default - none
   */
  readonly alertHttpsUrls?: string[];

  /**
   * API-server requests rejected with 429 (API Priority and Fairness) per 5 minutes that raise an alarm.
   * @default 10
   */
  readonly controlPlaneThrottleThreshold?: number;

  /**
   * Calls per minute of each EC2 API the VPC CNI uses (AssignPrivateIpAddresses, CreateNetworkInterface,
   * AttachNetworkInterface) that raise an alarm: the early sign of EC2 API throttling during a scale-up.
   * @default 300
   */
  readonly ec2ApiCallsPerMinuteThreshold?: number;
}

/**
 * Props for {@link NetworkObservability}.
 */
export interface NetworkObservabilityProps extends NetworkObservabilityOptions {
  /** The aws-eks-v2 cluster. */
  readonly cluster: eks.ICluster;
}

/**
 * Network observability for a cluster: an AMP workspace (or yours), the managed scraper, a node_exporter DaemonSet
 * limited to the ENA allowance counters, recording and alert rules, Alertmanager to an encrypted SNS topic,
 * CloudWatch alarms (EBS throttling of node volumes, control-plane 429s, EC2 API call volume) on the same topic,
 * a CloudWatch dashboard, and a Grafana dashboard JSON written next to the template.
 */
export class NetworkObservability extends Construct {
  /** The AMP workspace ARN. */
  public readonly workspaceArn: string;
  /** The workspace, when this construct created it. */
  public readonly workspace?: aps.CfnWorkspace;
  /** The AMP alert manager definition that routes alerts by severity to the topic. */
  public readonly alertManagerDefinition: string;
  /** The alert topic (standard, KMS-encrypted). */
  public readonly topic: sns.Topic;
  /** The rules. */
  public readonly ruleGroups: aps.CfnRuleGroupsNamespace;
  /** The managed scraper, when created. */
  public readonly scraper?: aps.CfnScraper;
  /** The CloudWatch alarms. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The CloudWatch dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The Grafana dashboard JSON (also written to the cloud assembly as `<stack>.<id>.grafana.json`). */
  public readonly grafanaDashboardJson: string;

  constructor(scope: Construct, id: string, props: NetworkObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const naming = props.enaMetricNaming ?? EnaMetricNaming.NODE_EXPORTER;
    const scrapeIntervalSeconds = props.scrapeInterval?.toSeconds() ?? NETWORK_RULE_DEFAULTS.scrapeIntervalSeconds;
    const rules = networkRuleGroups({
      scrapeIntervalSeconds,
      windowMinutes: wholeMinutes('ruleWindow', props.ruleWindow) ?? NETWORK_RULE_DEFAULTS.windowMinutes,
      forMinutes: wholeMinutes('alertFor', props.alertFor) ?? NETWORK_RULE_DEFAULTS.forMinutes,
      enaDropThreshold: props.enaDropThreshold ?? NETWORK_RULE_DEFAULTS.enaDropThreshold,
      conntrackAvailableThreshold:
        props.conntrackAvailableThreshold ?? NETWORK_RULE_DEFAULTS.conntrackAvailableThreshold,
      ipAddressesLowThreshold: props.ipAddressesLowThreshold ?? NETWORK_RULE_DEFAULTS.ipAddressesLowThreshold,
      coreDnsErrorRatio: props.coreDnsErrorRatio ?? NETWORK_RULE_DEFAULTS.coreDnsErrorRatio,
      coreDnsLatencySeconds: props.coreDnsLatency
        ? props.coreDnsLatency.toMilliseconds() / 1000
        : NETWORK_RULE_DEFAULTS.coreDnsLatencySeconds,
      enaMetricNaming: naming,
    });
    for (const email of props.alertEmails ?? []) {
      if (!isUnresolved(email) && !EMAIL.test(email)) {
        throw new NetkitValidationError(`alertEmails entry '${email}' is not an e-mail address (name@example.com)`);
      }
    }
    for (const url of props.alertHttpsUrls ?? []) {
      if (!isUnresolved(url) && !url.startsWith('https://')) {
        throw new NetkitValidationError(`alertHttpsUrls entry '${url}' must be an https:// URL`);
      }
    }
    requireInteger('controlPlaneThrottleThreshold', props.controlPlaneThrottleThreshold, 1);
    requireInteger('ec2ApiCallsPerMinuteThreshold', props.ec2ApiCallsPerMinuteThreshold, 1);

    // The topic: standard, encrypted with a key AMP and CloudWatch may use, publishable by this workspace only.
    const key = new kms.Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'cdk-eks-netkit network alerts topic',
    });
    for (const service of ['aps.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
    }
    this.topic = new sns.Topic(this, 'AlertTopic', {
      masterKey: key,
      enforceSSL: true,
      displayName: 'EKS network alerts',
    });
    (props.alertEmails ?? []).forEach((email) =>
      this.topic.addSubscription(new subscriptions.EmailSubscription(email)),
    );
    (props.alertHttpsUrls ?? []).forEach((url) => this.topic.addSubscription(new subscriptions.UrlSubscription(url)));

    this.alertManagerDefinition = renderAlertManagerDefinition({ topicArn: this.topic.topicArn, region: stack.region });
    if (props.workspaceArn) {
      checkWorkspaceRegion(props.workspaceArn, stack);
      this.workspaceArn = props.workspaceArn;
      Annotations.of(this).addInfo(
        'An existing workspace keeps its own alert manager definition: apply alertManagerDefinition to it to route alerts to the topic',
      );
    } else {
      const logGroup =
        props.workspaceLogging === false
          ? undefined
          : new logs.LogGroup(this, 'WorkspaceLogs', {
              logGroupName: `/aws/vendedlogs/prometheus/${stack.stackName}-${this.node.addr.slice(0, 8)}`,
              retention: logs.RetentionDays.ONE_MONTH,
              removalPolicy: RemovalPolicy.DESTROY,
            });
      this.workspace = new aps.CfnWorkspace(this, 'Workspace', {
        alias: `${stack.stackName}-network`,
        kmsKeyArn: props.workspaceKey?.keyArn,
        alertManagerDefinition: this.alertManagerDefinition,
        loggingConfiguration: logGroup ? { logGroupArn: logGroup.logGroupArn } : undefined,
      });
      this.workspaceArn = this.workspace.attrArn;
    }
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
        actions: ['sns:Publish', 'sns:GetTopicAttributes'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': this.workspaceArn },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );

    this.ruleGroups = new aps.CfnRuleGroupsNamespace(this, 'Rules', {
      name: 'cdk-eks-netkit-network',
      workspace: this.workspaceArn,
      data: renderRulesFile(rules),
    });

    if (props.managedScraper ?? true) {
      const subnets = props.scraperSubnets ?? props.cluster.vpc.privateSubnets;
      checkScraperSubnets(subnets);
      this.scraper = new aps.CfnScraper(this, 'Scraper', {
        alias: `${stack.stackName}-network`,
        source: {
          eksConfiguration: {
            clusterArn: props.cluster.clusterArn,
            subnetIds: subnets.map((s) => s.subnetId),
            securityGroupIds: [props.cluster.clusterSecurityGroupId],
          },
        },
        scrapeConfiguration: { configurationBlob: Fn.base64(renderScrapeConfiguration(scrapeIntervalSeconds, naming)) },
        destination: { ampConfiguration: { workspaceArn: this.workspaceArn } },
      });
    }

    if (naming === EnaMetricNaming.NODE_EXPORTER) {
      if (!props.cluster.kubectlProvider) {
        throw new NetkitValidationError(
          `NetworkObservability deploys node_exporter, but cluster ${props.cluster.node.path} has no kubectl provider; create the cluster with kubectlProviderOptions, or set enaMetricNaming to SHOWMAX if you already run that exporter`,
        );
      }
      new eks.KubernetesManifest(this, 'NodeExporter', {
        cluster: props.cluster,
        manifest: nodeExporterObjects('kube-system'),
      });
    }

    this.createAlarms(props);
    this.dashboard = this.createDashboard();
    const conntrackAvailable =
      naming === EnaMetricNaming.SHOWMAX
        ? 'node_net_ethtool{type="conntrack_allowance_available"}'
        : 'node_ethtool_conntrack_allowance_available';
    this.grafanaDashboardJson = renderGrafanaDashboard('EKS network allowances (cdk-eks-netkit)', conntrackAvailable);
    attachCustomSynthesis(this, {
      onSynthesize: (session) => {
        writeFileSync(path.join(session.outdir, `${stack.artifactId}.${id}.grafana.json`), this.grafanaDashboardJson);
      },
    });
  }

  private createAlarms(props: NetworkObservabilityProps): void {
    const action = new cwActions.SnsAction(this.topic);
    const add = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };
    // Metrics Insights queries select the node volumes by the cluster tag the library's launch templates put on
    // them, so volumes of nodes launched later are covered without new alarms.
    for (const check of ['VolumeIOPSExceededCheck', 'VolumeThroughputExceededCheck']) {
      add(
        new cloudwatch.Alarm(this, `Ebs${check}`, {
          alarmDescription: `EBS ${check} on node volumes of the cluster: container state or the root volume is throttled. Raise the data volume's IOPS/throughput or move state off the root volume.`,
          metric: new cloudwatch.MathExpression({
            expression: Fn.join('', [
              `SELECT MAX(${check}) FROM SCHEMA("AWS/EBS", InstanceId, VolumeId) WHERE tag."${NODE_VOLUME_TAGS.cluster}" = '`,
              props.cluster.clusterName,
              "' GROUP BY VolumeId",
            ]),
            period: Duration.minutes(1),
            usingMetrics: {},
          }),
          threshold: 1,
          evaluationPeriods: 10,
          datapointsToAlarm: 5,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    add(
      new cloudwatch.Alarm(this, 'ControlPlaneThrottling', {
        alarmDescription:
          'The EKS API server rejected requests with 429 (API Priority and Fairness). Find the noisy client (controllers, aws-node, DaemonSets starting together) and spread its load.',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/EKS',
          metricName: 'apiserver_request_total_429',
          dimensionsMap: { ClusterName: props.cluster.clusterName },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: props.controlPlaneThrottleThreshold ?? 10,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const api of CNI_EC2_APIS) {
      add(
        new cloudwatch.Alarm(this, `Ec2Api${api}`, {
          alarmDescription: `EC2 ${api} calls per minute are high: a scale-up is near the EC2 API rate limits the VPC CNI depends on. Raise WARM_IP_TARGET / MINIMUM_IP_TARGET, scale in steps, or request a higher rate quota.`,
          metric: new cloudwatch.Metric({
            namespace: 'AWS/Usage',
            metricName: 'CallCount',
            dimensionsMap: { Service: 'EC2', Type: 'API', Resource: api, Class: 'None' },
            statistic: 'Sum',
            period: Duration.minutes(1),
          }),
          threshold: props.ec2ApiCallsPerMinuteThreshold ?? 300,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

  private createDashboard(): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Network alarms', alarms: this.alarms, width: 24 }));
    dashboard.addWidgets(
      ...this.alarms.map((alarm) => new cloudwatch.AlarmWidget({ title: alarm.node.id, alarm, width: 8, height: 6 })),
    );
    return dashboard;
  }
}

/** Durations the rules use are whole minutes. */
function wholeMinutes(prop: string, duration: Duration | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const seconds = duration.toSeconds();
  if (seconds % 60 !== 0) {
    throw new NetkitValidationError(`${prop} (${duration.toHumanString()}) must be whole minutes`);
  }
  return seconds / 60;
}

function checkWorkspaceRegion(workspaceArn: string, stack: Stack): void {
  if (Token.isUnresolved(workspaceArn)) return;
  const region = Arn.split(workspaceArn, ArnFormat.SLASH_RESOURCE_NAME).region;
  if (region && !Token.isUnresolved(stack.region) && region !== stack.region) {
    throw new NetkitValidationError(
      `workspaceArn is in ${region} but the stack deploys to ${stack.region}; the scraper, the cluster and the workspace must share a region`,
    );
  }
}

function checkScraperSubnets(subnets: ec2.ISubnet[]): void {
  if (subnets.length < 2) {
    throw new NetkitValidationError(
      `scraperSubnets has ${subnets.length} subnet(s); the AMP managed scraper needs at least two, in two Availability Zones`,
    );
  }
  const azs = subnets.map((s) => s.availabilityZone);
  if (!azs.some((az) => Token.isUnresolved(az)) && new Set(azs).size < 2) {
    throw new NetkitValidationError(
      `scraperSubnets are all in ${azs[0]}; the AMP managed scraper needs subnets in at least two Availability Zones`,
    );
  }
}
