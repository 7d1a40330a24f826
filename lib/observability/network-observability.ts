import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, Duration, Stack, attachCustomSynthesis } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { allowWorkspaceToPublish, createAlertRouting } from './alert-routing';
import { CNI_IPV6_EC2_API, createAlarmDashboard, createNetworkAlarms } from './cloudwatch-alarms';
import { renderGrafanaDashboard } from './grafana-dashboard';
import { createPrometheusPipeline } from './prometheus-pipeline';
import { ClusterAuthenticationMode } from '../cluster/cluster-authentication-mode';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { validateProps } from '../private/prop-rules';
import { forConstruct, requireNotIgnored } from '../private/validation-error';
import { EnaMetricNaming, enaSeries } from '../rules/network-rules';

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
   * How the cluster authenticates IAM principals, which decides how the scraper gets into it: with API or
   * API_AND_CONFIG_MAP, AMP creates an access entry for the scraper's role when it creates the scraper; with
   * CONFIG_MAP you map the role (stack output `ScraperRoleForAwsAuth`) to the user `aps-collector-user` in aws-auth.
   * In every mode the library binds a ClusterRole, limited to what the scrape configuration discovers, to that user.
   * @default - the cluster context's `authenticationMode`: API for a cluster created with aws-eks-v2 (it creates every
   * cluster in API mode), else what was declared; required for an imported cluster that declared none
   * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-collector-how-to.html#AMP-collector-eks-setup
   */
  readonly clusterAuthenticationMode?: ClusterAuthenticationMode;

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
   * Free pod IPs per node below which VpcCniIpAddressesLow fires (while ipamd's EC2 calls to add more fail).
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
   * ipamd start-up time (process start to serving CNI requests) above which VpcCniSlowStart fires.
   * @default Duration.seconds(30) - a node is functionally ready in about 30 s once the start-up races are fixed
   */
  readonly cniStartupThreshold?: Duration;

  /**
   * Mean latency of ipamd's EC2 API calls (per API) above which VpcCniEc2ApiLatencyHigh fires.
   * @default Duration.seconds(1)
   */
  readonly cniApiLatencyThreshold?: Duration;

  /**
   * EC2 API errors of ipamd per rule window, per API and error code, above which VpcCniEc2ApiErrors fires.
   * @default 0
   */
  readonly cniApiErrorThreshold?: number;

  /**
   * Your own SNS topic for the alerts: AMP's alert manager publishes to it, and the CloudWatch alarms too unless
   * `alarmActions` is set. It must be a standard topic in the workspace's account; if it is KMS-encrypted, its key
   * must let aps.amazonaws.com (and cloudwatch.amazonaws.com) use it. A topic created in this app gets the publish
   * statement for the workspace; for an imported topic a warning says what to add.
   * @default - a new standard topic encrypted with a new KMS key
   * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alertmanager-receiver-AMPpermission.html
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * What every CloudWatch alarm does on ALARM and OK (for example a Lambda, an OpsItem, or another topic).
   * @default - publish to the alert topic
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

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
   * AttachNetworkInterface, and AssignIpv6Addresses on an IPv6 cluster) that raise an alarm: the early sign of EC2
   * API throttling during a scale-up.
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
 * Network observability for a cluster, a facade over three concerns: alert routing (your SNS topic, or an encrypted
 * one; pluggable alarm actions), the Prometheus pipeline (an AMP workspace or yours, the managed scraper and its
 * cluster access, a node_exporter DaemonSet limited to the ENA allowance counters, recording and alert rules, the
 * Alertmanager definition routing to the topic), and CloudWatch (alarms on EBS throttling of node volumes,
 * control-plane 429s and EC2 API call volume, and a dashboard). A Grafana dashboard JSON is written next to the
 * template.
 */
export class NetworkObservability extends Construct {
  /** The AMP workspace ARN. */
  public readonly workspaceArn: string;
  /** The workspace, when this construct created it. */
  public readonly workspace?: aps.CfnWorkspace;
  /** The AMP alert manager definition that routes alerts by severity to the topic. */
  public readonly alertManagerDefinition: string;
  /** The alert topic: yours (`alertTopic`), or the standard KMS-encrypted topic created here. */
  public readonly topic: sns.ITopic;
  /** The rules. */
  public readonly ruleGroups: aps.CfnRuleGroupsNamespace;
  /** The managed scraper, when created. */
  public readonly scraper?: aps.CfnScraper;
  /** The scraper's ClusterRole and binding to `aps-collector-user`, when created. */
  public readonly scraperRbac?: eks.KubernetesManifest;
  /** The CloudWatch alarms. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The CloudWatch dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The Grafana dashboard JSON (also written to the cloud assembly as `<stack>.<id>.grafana.json`). */
  public readonly grafanaDashboardJson: string;

  constructor(scope: Construct, id: string, props: NetworkObservabilityProps) {
    super(scope, id);
    validateProps(this, 'NetworkObservabilityProps', props);
    requireNotIgnored(
      [
        ['workspaceKey', props.workspaceKey],
        ['workspaceLogging', props.workspaceLogging],
      ],
      props.workspaceArn === undefined ? undefined : 'workspaceArn names an existing workspace, so none is created',
      this,
    );
    requireNotIgnored(
      [['scraperSubnets', props.scraperSubnets]],
      props.managedScraper === false ? 'managedScraper is false, so no scraper is created' : undefined,
      this,
    );
    if (Array.isArray(props.alarmActions) && props.alarmActions.length === 0) {
      // An empty list is legal (dashboards only), but alarms that notify nobody are easy to set up by mistake.
      Annotations.of(this).addWarningV2(
        'cdk-eks-netkit:alarmsWithoutActions',
        'alarmActions is empty, so the CloudWatch alarms notify nobody; leave alarmActions out to publish to the alert topic',
      );
    }
    const context = ClusterNetworkingContext.of(props.cluster);
    context._registerSingleton('NetworkObservability', this);
    context._claim('authenticationMode', this, () => props.clusterAuthenticationMode);
    const routing = forConstruct(this, () => createAlertRouting(this, props));
    this.topic = routing.topic;

    const pipeline = forConstruct(this, () => createPrometheusPipeline(this, props, this.topic));
    this.workspaceArn = pipeline.workspaceArn;
    this.workspace = pipeline.workspace;
    this.alertManagerDefinition = pipeline.alertManagerDefinition;
    this.ruleGroups = pipeline.ruleGroups;
    this.scraper = pipeline.scraper;
    this.scraperRbac = pipeline.scraperRbac;
    allowWorkspaceToPublish(this, this.topic, this.workspaceArn);

    // The IP family as known now decides the IPv6 alarm; a family declared later that would add it stops synth.
    const ipFamily = context.ipFamily;
    this.alarms = forConstruct(this, () =>
      createNetworkAlarms(this, props.cluster, props, routing.alarmActions, ipFamily),
    );
    this.node.addValidation({
      validate: () =>
        ipFamily !== eks.IpFamily.IP_V6 && context.ipFamily === eks.IpFamily.IP_V6
          ? [
              `NetworkObservability ${this.node.path} was created before cluster ${props.cluster.node.path} was ` +
                `declared IPv6, so it has no ${CNI_IPV6_EC2_API} alarm; declare ipFamily first ` +
                '(ClusterNetworkingContext.of(cluster).declare({ ipFamily: IpFamily.IP_V6 }))',
            ]
          : [],
    });
    this.dashboard = createAlarmDashboard(this, this.alarms);

    const naming = props.enaMetricNaming ?? EnaMetricNaming.NODE_EXPORTER;
    this.grafanaDashboardJson = renderGrafanaDashboard(
      'EKS network allowances (cdk-eks-netkit)',
      enaSeries(naming, 'conntrack_allowance_available'),
    );
    const stack = Stack.of(this);
    attachCustomSynthesis(this, {
      onSynthesize: (session) => {
        writeFileSync(path.join(session.outdir, `${stack.artifactId}.${id}.grafana.json`), this.grafanaDashboardJson);
      },
    });
  }
}
