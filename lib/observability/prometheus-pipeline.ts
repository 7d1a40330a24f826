import { Annotations, Aspects, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { renderAlertManagerDefinition } from './alertmanager-definition';
import type { NetworkObservabilityProps } from './network-observability';
import { nodeExporterObjects } from './node-exporter';
import { NODE_EXPORTER_NAMESPACE, renderScrapeConfiguration, scrapeConfiguration } from './scrape-configuration';
import { SCRAPER_KUBERNETES_USER, scraperRbacObjects, scraperRbacRules } from './scraper-access';
import { ClusterAuthenticationMode } from '../cluster/cluster-authentication-mode';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { clusterSubnetOf, requireClusterVpc, requireSubnetsOfCluster } from '../cluster/cluster-subnet';
import { NetkitValidationError, forConstruct, raise } from '../private/validation-error';
import { checkArn } from '../private/validators';
import {
  EnaMetricNaming,
  NETWORK_RULE_DEFAULTS,
  NetworkRuleSettings,
  RuleSettingNames,
  networkRuleGroups,
  renderRulesFile,
} from '../rules/network-rules';

/** The Prometheus pipeline's settings: the facade's props it reads, documented there. */
export type PrometheusPipelineSettings = Pick<
  NetworkObservabilityProps,
  | 'cluster'
  | 'workspaceArn'
  | 'workspaceKey'
  | 'workspaceLogging'
  | 'managedScraper'
  | 'clusterAuthenticationMode'
  | 'scraperSubnets'
  | 'scrapeInterval'
  | 'enaMetricNaming'
  | 'ruleWindow'
  | 'alertFor'
  | 'enaDropThreshold'
  | 'conntrackAvailableThreshold'
  | 'ipAddressesLowThreshold'
  | 'coreDnsErrorRatio'
  | 'coreDnsLatency'
  | 'cniStartupThreshold'
  | 'cniApiLatencyThreshold'
  | 'cniApiErrorThreshold'
>;

/** What the pipeline created. */
export interface PrometheusPipeline {
  readonly workspaceArn: string;
  readonly workspace?: aps.CfnWorkspace;
  readonly alertManagerDefinition: string;
  readonly ruleGroups: aps.CfnRuleGroupsNamespace;
  readonly scraper?: aps.CfnScraper;
  readonly scraperRbac?: eks.KubernetesManifest;
}

/** How the rule settings are named among the props, so errors name what the user set. */
const PROP_NAMES: RuleSettingNames = {
  scrapeIntervalSeconds: 'scrapeInterval',
  windowMinutes: 'ruleWindow',
  forMinutes: 'alertFor',
  coreDnsLatencySeconds: 'coreDnsLatency',
  cniStartupSeconds: 'cniStartupThreshold',
  cniApiLatencyMs: 'cniApiLatencyThreshold',
};

/** The rule settings from the props, defaults filled in. */
export function ruleSettings(settings: PrometheusPipelineSettings): NetworkRuleSettings {
  const d = NETWORK_RULE_DEFAULTS;
  return {
    scrapeIntervalSeconds: settings.scrapeInterval?.toSeconds() ?? d.scrapeIntervalSeconds,
    windowMinutes: wholeMinutes('ruleWindow', settings.ruleWindow) ?? d.windowMinutes,
    forMinutes: wholeMinutes('alertFor', settings.alertFor) ?? d.forMinutes,
    enaDropThreshold: settings.enaDropThreshold ?? d.enaDropThreshold,
    conntrackAvailableThreshold: settings.conntrackAvailableThreshold ?? d.conntrackAvailableThreshold,
    ipAddressesLowThreshold: settings.ipAddressesLowThreshold ?? d.ipAddressesLowThreshold,
    coreDnsErrorRatio: settings.coreDnsErrorRatio ?? d.coreDnsErrorRatio,
    coreDnsLatencySeconds: settings.coreDnsLatency
      ? settings.coreDnsLatency.toMilliseconds() / 1000
      : d.coreDnsLatencySeconds,
    enaMetricNaming: settings.enaMetricNaming ?? d.enaMetricNaming,
    cniStartupSeconds: settings.cniStartupThreshold
      ? settings.cniStartupThreshold.toMilliseconds() / 1000
      : d.cniStartupSeconds,
    cniApiLatencyMs: settings.cniApiLatencyThreshold?.toMilliseconds() ?? d.cniApiLatencyMs,
    cniApiErrorThreshold: settings.cniApiErrorThreshold ?? d.cniApiErrorThreshold,
  };
}

/**
 * The Prometheus pipeline: the AMP workspace (or the user's) with its alert manager definition routing to `topic`,
 * the rules, the managed scraper and its way into the cluster, and the node_exporter DaemonSet. Created in `scope`
 * under the library's historical IDs.
 */
export function createPrometheusPipeline(
  scope: Construct,
  settings: PrometheusPipelineSettings,
  topic: sns.ITopic,
): PrometheusPipeline {
  const stack = Stack.of(scope);
  const rules = ruleSettings(settings);
  const groups = networkRuleGroups(rules, PROP_NAMES);
  const naming = rules.enaMetricNaming;
  const alertManagerDefinition = renderAlertManagerDefinition({ topicArn: topic.topicArn, region: stack.region });

  let workspace: aps.CfnWorkspace | undefined;
  let workspaceArn: string;
  if (settings.workspaceArn) {
    checkWorkspaceRegion(scope, settings.workspaceArn, stack);
    workspaceArn = settings.workspaceArn;
    Annotations.of(scope).addInfo(
      'An existing workspace keeps its own alert manager definition: apply alertManagerDefinition to it to route alerts to the topic',
    );
  } else {
    const logGroup =
      settings.workspaceLogging === false
        ? undefined
        : new logs.LogGroup(scope, 'WorkspaceLogs', {
            logGroupName: `/aws/vendedlogs/prometheus/${stack.stackName}-${scope.node.addr.slice(0, 8)}`,
            retention: logs.RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          });
    const keyArn = settings.workspaceKey?.keyArn;
    if (keyArn !== undefined && !Token.isUnresolved(keyArn)) {
      // KMS keys are regional: AMP encrypts a workspace only with a key of its own Region.
      raise(
        scope,
        checkArn('workspaceKey', keyArn, {
          service: 'kms',
          resourceType: 'key',
          region: stack.region,
          partition: stack.partition,
          example: `arn:aws:kms:${Token.isUnresolved(stack.region) ? 'eu-west-1' : stack.region}:123456789012:key/…`,
        }),
      );
    }
    workspace = new aps.CfnWorkspace(scope, 'Workspace', {
      alias: `${stack.stackName}-network`,
      kmsKeyArn: settings.workspaceKey?.keyArn,
      alertManagerDefinition,
      loggingConfiguration: logGroup ? { logGroupArn: logGroup.logGroupArn } : undefined,
    });
    workspaceArn = workspace.attrArn;
  }

  const ruleGroups = new aps.CfnRuleGroupsNamespace(scope, 'Rules', {
    name: 'cdk-eks-netkit-network',
    workspace: workspaceArn,
    data: renderRulesFile(groups),
  });

  let scraper: aps.CfnScraper | undefined;
  let scraperRbac: eks.KubernetesManifest | undefined;
  if (settings.managedScraper ?? true) {
    const subnets =
      settings.scraperSubnets ??
      requireClusterVpc(
        settings.cluster,
        'the managed scraper runs in its private subnets (or set scraperSubnets)',
        scope,
      ).privateSubnets;
    if (settings.scraperSubnets) requireSubnetsOfCluster('scraperSubnets', subnets, settings.cluster, scope);
    checkScraperSubnets(subnets);
    scraper = new aps.CfnScraper(scope, 'Scraper', {
      alias: `${stack.stackName}-network`,
      source: {
        eksConfiguration: {
          clusterArn: settings.cluster.clusterArn,
          subnetIds: subnets.map((s) => s.subnetId),
          securityGroupIds: [settings.cluster.clusterSecurityGroupId],
        },
      },
      scrapeConfiguration: {
        configurationBlob: Fn.base64(renderScrapeConfiguration(rules.scrapeIntervalSeconds, naming)),
      },
      destination: { ampConfiguration: { workspaceArn } },
    });
    scraperRbac = grantScraperAccess(scope, settings, scraper, rules);
  }

  if (naming === EnaMetricNaming.NODE_EXPORTER) {
    if (!settings.cluster.kubectlProvider) {
      throw new NetkitValidationError(
        `NetworkObservability deploys node_exporter, but cluster ${settings.cluster.node.path} has no kubectl provider; create the cluster with kubectlProviderOptions, or set enaMetricNaming to SHOWMAX if you already run that exporter`,
      );
    }
    new eks.KubernetesManifest(scope, 'NodeExporter', {
      cluster: settings.cluster,
      manifest: nodeExporterObjects(NODE_EXPORTER_NAMESPACE),
    });
  }
  return { workspaceArn, workspace, alertManagerDefinition, ruleGroups, scraper, scraperRbac };
}

/**
 * The scraper's way into the cluster. Its ClusterRole is derived from the scrape configuration (read what the
 * discovery watches, nothing else). No access entry is created here: with API authentication AMP creates one for
 * the scraper's role itself, and a second entry for the same principal fails.
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-collector-how-to.html#AMP-collector-eks-setup
 */
function grantScraperAccess(
  scope: Construct,
  settings: PrometheusPipelineSettings,
  scraper: aps.CfnScraper,
  rules: NetworkRuleSettings,
): eks.KubernetesManifest | undefined {
  const cluster = settings.cluster;
  const config = scrapeConfiguration(rules.scrapeIntervalSeconds, rules.enaMetricNaming);
  const rbac = cluster.kubectlProvider
    ? new eks.KubernetesManifest(scope, 'ScraperRbac', {
        cluster,
        manifest: scraperRbacObjects(scraperRbacRules(config)),
      })
    : undefined;
  // The mode is read at synth, so a declaration made after this construct counts.
  let applied = false;
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope || applied) return;
      applied = true;
      forConstruct(scope, () => applyAuthenticationMode(scope, cluster, authenticationMode(settings), scraper, rbac));
    },
  });
  return rbac;
}

/** What the authentication mode decides: whether the scraper can be let in at all, and the aws-auth step. */
function applyAuthenticationMode(
  scope: Construct,
  cluster: eks.ICluster,
  mode: ClusterAuthenticationMode,
  scraper: aps.CfnScraper,
  rbac: eks.KubernetesManifest | undefined,
): void {
  if (!rbac && mode === ClusterAuthenticationMode.CONFIG_MAP) {
    throw new NetkitValidationError(
      `clusterAuthenticationMode is CONFIG_MAP, so the scraper reads the cluster only through a ClusterRole bound to ${SCRAPER_KUBERNETES_USER}, but cluster ${cluster.node.path} has no kubectl provider to create it; create the cluster with kubectlProviderOptions (or import it with kubectlProvider), or set managedScraper to false`,
    );
  }
  if (!rbac) {
    Annotations.of(scope).addInfo(
      `No kubectl provider: the scraper's ClusterRole for ${SCRAPER_KUBERNETES_USER} is not created; the access entry AMP creates for the scraper (${mode} authentication) authorises it`,
    );
  }
  if (mode === ClusterAuthenticationMode.CONFIG_MAP) {
    // aws-auth takes the role ARN without its path: arn:aws:iam::<account>:role/<name>.
    const parts = Fn.split('/', scraper.attrRoleArn);
    new CfnOutput(scope, 'ScraperRoleForAwsAuth', {
      value: Fn.join('/', [Fn.select(0, parts), Fn.select(3, parts)]),
      description: `Map this role to the Kubernetes user ${SCRAPER_KUBERNETES_USER} in aws-auth, or the scraper collects nothing`,
    });
    Annotations.of(scope).addWarningV2(
      '@cdk-eks-netkit/observability:scraperAwsAuthMapping',
      `With CONFIG_MAP authentication the scraper collects nothing until its role is in aws-auth: after deploying, run eksctl create iamidentitymapping --cluster <name> --arn <output ScraperRoleForAwsAuth> --username ${SCRAPER_KUBERNETES_USER} (or switch the cluster to API_AND_CONFIG_MAP, and AMP maps it for new scrapers)`,
    );
  }
}

/** The cluster's authentication mode: the user's word, or aws-eks-v2's (it creates every cluster in API mode). */
function authenticationMode(settings: PrometheusPipelineSettings): ClusterAuthenticationMode {
  const mode = settings.clusterAuthenticationMode ?? ClusterNetworkingContext.of(settings.cluster).authenticationMode;
  if (mode) return mode;
  throw new NetkitValidationError(
    `clusterAuthenticationMode is not set, and cluster ${settings.cluster.node.path} is imported, so how it authenticates the scraper is unknown; set clusterAuthenticationMode to API, API_AND_CONFIG_MAP or CONFIG_MAP (aws eks describe-cluster --name <name> --query cluster.accessConfig.authenticationMode), or set managedScraper to false`,
  );
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

function checkWorkspaceRegion(scope: Construct, workspaceArn: string, stack: Stack): void {
  raise(
    scope,
    checkArn('workspaceArn', workspaceArn, {
      service: 'aps',
      resourceType: 'workspace',
      region: stack.region,
      partition: stack.partition,
      account: stack.account,
      example: `arn:aws:aps:${Token.isUnresolved(stack.region) ? 'eu-west-1' : stack.region}:123456789012:workspace/ws-…`,
    }),
  );
}

function checkScraperSubnets(subnets: ec2.ISubnet[]): void {
  if (subnets.length < 2) {
    throw new NetkitValidationError(
      `scraperSubnets has ${subnets.length} subnet(s); the AMP managed scraper needs at least two, in two Availability Zones`,
    );
  }
  const azs = subnets.map((s) => clusterSubnetOf(s).availabilityZone);
  if (!azs.includes(undefined) && new Set(azs).size < 2) {
    throw new NetkitValidationError(
      `scraperSubnets are all in ${azs[0]}; the AMP managed scraper needs subnets in at least two Availability Zones`,
    );
  }
}
