import { NetkitValidationError, requireInteger } from '../private/validation-error';
import { toYaml } from '../private/yaml';

/** One Prometheus recording or alerting rule. */
export interface PrometheusRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** One rule group. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: PrometheusRule[];
}

/** Which exporter's names the ENA allowance rules query. */
export enum EnaMetricNaming {
  /** node_exporter's ethtool collector: `node_ethtool_pps_allowance_exceeded{device}`. */
  NODE_EXPORTER = 'node_exporter',
  /** The Showmax ethtool exporter: `node_net_ethtool{device, type="pps_allowance_exceeded"}`. */
  SHOWMAX = 'showmax',
}

/** Thresholds, durations and windows of the network rules, all resolved. */
export interface NetworkRuleSettings {
  /** Scrape interval in seconds; every rate window must be at least four of them. */
  readonly scrapeIntervalSeconds: number;
  /** Window of the counter rules, in minutes. */
  readonly windowMinutes: number;
  /** How long a condition must hold before an alert fires, in minutes. */
  readonly forMinutes: number;
  /** Packets dropped over the window above which an ENA allowance alert fires. */
  readonly enaDropThreshold: number;
  /** Tracked connections left below which EC2ConntrackAllowanceLow fires. */
  readonly conntrackAvailableThreshold: number;
  /** Free pod IPs per node below which VpcCniIpAddressesLow fires (while ipamd fails to add more). */
  readonly ipAddressesLowThreshold: number;
  /** Share of CoreDNS responses that are SERVFAIL above which CoreDNSErrorsHigh fires (0.03 = 3 %). */
  readonly coreDnsErrorRatio: number;
  /** CoreDNS p99 latency in seconds above which CoreDNSLatencyHigh fires. */
  readonly coreDnsLatencySeconds: number;
  /** Exporter naming of the ENA counters. */
  readonly enaMetricNaming: EnaMetricNaming;
  /** ipamd start-up (process start to serving CNI requests) in seconds above which VpcCniSlowStart fires. */
  readonly cniStartupSeconds: number;
  /** Mean EC2 API call latency of ipamd in milliseconds above which VpcCniEc2ApiLatencyHigh fires. */
  readonly cniApiLatencyMs: number;
  /** EC2 API errors of ipamd per window (per API and error code) above which VpcCniEc2ApiErrors fires. */
  readonly cniApiErrorThreshold: number;
}

/** Documented defaults of {@link NetworkRuleSettings}. */
export const NETWORK_RULE_DEFAULTS: NetworkRuleSettings = {
  scrapeIntervalSeconds: 30,
  windowMinutes: 5,
  forMinutes: 5,
  enaDropThreshold: 0,
  conntrackAvailableThreshold: 10000,
  ipAddressesLowThreshold: 5,
  coreDnsErrorRatio: 0.03,
  coreDnsLatencySeconds: 1,
  enaMetricNaming: EnaMetricNaming.NODE_EXPORTER,
  // Nodes functionally ready within about 30 s once the start-up races are fixed (the node-readiness case study).
  cniStartupSeconds: 30,
  cniApiLatencyMs: 1000,
  cniApiErrorThreshold: 0,
};

/** A slow ipamd start is reported for this long after the process started, then resolves. */
export const CNI_SLOW_START_REPORT_SECONDS = 3600;
/**
 * The upper bound of CoreDNS's largest finite request-duration bucket (0.25 ms doubled 15 times): a quantile of the
 * histogram never exceeds it.
 * @see https://github.com/coredns/coredns/blob/master/plugin/metrics/vars/vars.go
 */
export const COREDNS_LARGEST_BUCKET_SECONDS = 8.192;

/** The ipamd EC2 calls that add pod addresses to a node; their errors mean the pool cannot grow. */
export const IP_ALLOCATION_APIS = ['AssignPrivateIpAddresses', 'CreateNetworkInterface', 'AttachNetworkInterface'];

/** The ENA counters, the public alert name of each, and what to do about it. */
const ENA_COUNTERS = [
  {
    stat: 'pps_allowance_exceeded',
    alert: 'EC2PpsAllowanceExceeded',
    what: 'packets per second above the instance allowance were dropped',
    fix: 'spread the traffic over more or larger instances, or use an instance type with a higher PPS allowance',
  },
  {
    stat: 'bw_in_allowance_exceeded',
    alert: 'EC2BwInAllowanceExceeded',
    what: 'inbound packets above the instance bandwidth allowance were queued or dropped',
    fix: 'move to an instance type with more network bandwidth or spread the inbound traffic',
  },
  {
    stat: 'bw_out_allowance_exceeded',
    alert: 'EC2BwOutAllowanceExceeded',
    what: 'outbound packets above the instance bandwidth allowance were queued or dropped',
    fix: 'move to an instance type with more network bandwidth or spread the outbound traffic',
  },
  {
    stat: 'conntrack_allowance_exceeded',
    alert: 'EC2ConntrackAllowanceExceeded',
    what: 'new connections were dropped because the connection-tracking allowance was full',
    fix: 'use a larger instance type, shorten idle connection timeouts, or reduce tracked flows (security groups track every flow)',
  },
  {
    stat: 'linklocal_allowance_exceeded',
    alert: 'EC2LinkLocalAllowanceExceeded',
    what: 'packets to link-local services (Amazon DNS, IMDS, NTP) above 1024 PPS per ENI were dropped, silently for DNS',
    fix: 'deploy NodeLocal DNSCache and scale CoreDNS out, so DNS stops crossing the ENI to the VPC resolver',
  },
] as const;

/**
 * The name each setting has where the user set it: a construct maps `windowMinutes` to its prop `ruleWindow`, so
 * errors name what the user wrote.
 */
export type RuleSettingNames = Partial<Record<keyof NetworkRuleSettings, string>>;

/** Names of the settings when they are set directly. */
const SETTING_NAMES: Record<keyof NetworkRuleSettings, string> = {
  scrapeIntervalSeconds: 'scrapeIntervalSeconds',
  windowMinutes: 'ruleWindowMinutes',
  forMinutes: 'alertForMinutes',
  enaDropThreshold: 'enaDropThreshold',
  conntrackAvailableThreshold: 'conntrackAvailableThreshold',
  ipAddressesLowThreshold: 'ipAddressesLowThreshold',
  coreDnsErrorRatio: 'coreDnsErrorRatio',
  coreDnsLatencySeconds: 'coreDnsLatencySeconds',
  enaMetricNaming: 'enaMetricNaming',
  cniStartupSeconds: 'cniStartupSeconds',
  cniApiLatencyMs: 'cniApiLatencyMs',
  cniApiErrorThreshold: 'cniApiErrorThreshold',
};

/** Check the settings; every error names the setting (as the caller names it), the value and the fix. */
export function validateRuleSettings(settings: NetworkRuleSettings, names: RuleSettingNames = {}): void {
  const name = (key: keyof NetworkRuleSettings) => names[key] ?? SETTING_NAMES[key];
  requireInteger(
    name('scrapeIntervalSeconds'),
    settings.scrapeIntervalSeconds,
    30,
    3600,
    'the AMP managed collector scrapes no faster than every 30 s',
  );
  requireInteger(name('windowMinutes'), settings.windowMinutes, 1, 1440);
  requireInteger(name('forMinutes'), settings.forMinutes, 0, 1440);
  const minWindowSeconds = 4 * settings.scrapeIntervalSeconds;
  if (settings.windowMinutes * 60 < minWindowSeconds) {
    throw new NetkitValidationError(
      `${name('windowMinutes')} (${settings.windowMinutes} min) is shorter than 4 × the scrape interval (${minWindowSeconds} s): rate() and increase() ` +
        `then see fewer than two samples after one missed scrape; use at least ${Math.ceil(minWindowSeconds / 60)} minutes`,
    );
  }
  if (!(settings.coreDnsErrorRatio > 0 && settings.coreDnsErrorRatio < 1)) {
    throw new NetkitValidationError(
      `${name('coreDnsErrorRatio')} (${settings.coreDnsErrorRatio}) must be between 0 and 1, e.g. 0.03 for 3 %`,
    );
  }
  for (const key of ['coreDnsLatencySeconds', 'cniStartupSeconds', 'cniApiLatencyMs'] as const) {
    if (!(settings[key] > 0)) throw new NetkitValidationError(`${name(key)} (${settings[key]}) must be above 0`);
  }
  for (const key of [
    'enaDropThreshold',
    'conntrackAvailableThreshold',
    'ipAddressesLowThreshold',
    'cniApiErrorThreshold',
  ] as const) {
    requireInteger(name(key), settings[key], 0);
  }
}

/** The series of one ENA ethtool stat under an exporter's naming. */
export function enaSeries(naming: EnaMetricNaming, stat: string): string {
  return naming === EnaMetricNaming.SHOWMAX ? `node_net_ethtool{type="${stat}"}` : `node_ethtool_${stat}`;
}

/**
 * The network rule groups: ENA allowance recording rules and alerts per node and device (every ENI, not only
 * eth0), conntrack headroom, VPC CNI IP headroom, and CoreDNS errors and latency on non-deprecated metrics.
 */
export function networkRuleGroups(settings: NetworkRuleSettings, names: RuleSettingNames = {}): PrometheusRuleGroup[] {
  validateRuleSettings(settings, names);
  const window = `${settings.windowMinutes}m`;
  const forDuration = `${settings.forMinutes}m`;
  const enaRules: PrometheusRule[] = ENA_COUNTERS.flatMap((c) => {
    const record = `node_device:ena_${c.stat}:increase`;
    return [
      { record, expr: `sum by (node, device) (increase(${enaSeries(settings.enaMetricNaming, c.stat)}[${window}]))` },
      {
        alert: c.alert,
        expr: `${record} > ${settings.enaDropThreshold}`,
        for: forDuration,
        labels: { severity: 'warning' },
        annotations: {
          summary: `${c.alert} on {{ $labels.node }} {{ $labels.device }}`,
          description: `{{ $value }} packets in ${window}: ${c.what}. ${capitalise(c.fix)}.`,
        },
      },
    ];
  });
  const conntrackAvailable = enaSeries(settings.enaMetricNaming, 'conntrack_allowance_available');
  return [
    {
      name: 'cdk-eks-netkit-ena-allowances',
      interval: '1m',
      rules: [
        ...enaRules,
        {
          alert: 'EC2ConntrackAllowanceLow',
          // A gauge of connections left: compared as it is, never rate()d.
          expr: `min by (node, device) (${conntrackAvailable}) < ${settings.conntrackAvailableThreshold}`,
          for: forDuration,
          labels: { severity: 'warning' },
          annotations: {
            summary: 'EC2ConntrackAllowanceLow on {{ $labels.node }} {{ $labels.device }}',
            description:
              'Only {{ $value }} tracked connections are left before new connections are dropped. Use a larger instance type or reduce long-lived idle connections.',
          },
        },
      ],
    },
    {
      name: 'cdk-eks-netkit-vpc-cni',
      interval: '1m',
      rules: [
        {
          // Free addresses in the node's pool, in both modes (a /28 counts its 16): ipamd's datastore total minus
          // those assigned to pods. Not awscni_ip_max, the ENI capacity (896 on m5.xlarge with prefixes), which no
          // node at 110 max pods ever nears.
          record: 'node:awscni_ip_available:sum',
          expr: 'sum by (node) (awscni_total_ip_addresses) - sum by (node) (awscni_assigned_ip_addresses)',
        },
        {
          alert: 'VpcCniIpAddressesLow',
          // Low and ipamd failing to add more: a full node also has few spare addresses, but makes no EC2 calls.
          expr:
            `node:awscni_ip_available:sum < ${settings.ipAddressesLowThreshold} and on (node) ` +
            `sum by (node) (increase(awscni_aws_api_error_count{api=~"${IP_ALLOCATION_APIS.join('|')}"}[${window}])) > 0`,
          for: forDuration,
          labels: { severity: 'warning' },
          annotations: {
            summary: 'VpcCniIpAddressesLow on {{ $labels.node }}',
            description: `Only {{ $value }} free pod IPs are left on this node and ipamd's EC2 calls to add more fail (${IP_ALLOCATION_APIS.join(', ')} errors in ${window}); new pods will soon wait in ContainerCreating. See VpcCniEc2ApiErrors for the API and error code: InsufficientFreeAddressesInSubnet (subnet full), InsufficientCidrBlocks (no free /28 for prefixes), RequestLimitExceeded (throttled).`,
          },
        },
        ...cniHealthRules(settings, window, forDuration),
      ],
    },
    {
      name: 'cdk-eks-netkit-coredns',
      interval: '1m',
      rules: [
        {
          record: 'cluster:coredns_servfail:ratio',
          expr: `sum(rate(coredns_dns_responses_total{rcode="SERVFAIL"}[${window}])) / sum(rate(coredns_dns_responses_total[${window}]))`,
        },
        {
          alert: 'CoreDNSErrorsHigh',
          expr: `cluster:coredns_servfail:ratio > ${settings.coreDnsErrorRatio}`,
          for: forDuration,
          labels: { severity: 'critical' },
          annotations: {
            summary: 'CoreDNSErrorsHigh: {{ $value | humanizePercentage }} of DNS responses are SERVFAIL',
            description:
              'CoreDNS fails lookups. Check its upstream (the VPC resolver, its link-local 1024 PPS limit: EC2LinkLocalAllowanceExceeded) and its logs; scale CoreDNS out or deploy NodeLocal DNSCache.',
          },
        },
        {
          record: 'cluster:coredns_request_duration_seconds:p99',
          expr: `histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket[${window}])))`,
        },
        {
          alert: 'CoreDNSLatencyHigh',
          expr: `cluster:coredns_request_duration_seconds:p99 > ${settings.coreDnsLatencySeconds}`,
          for: forDuration,
          labels: { severity: 'warning' },
          annotations: {
            summary: 'CoreDNSLatencyHigh: p99 DNS latency is {{ $value | humanizeDuration }}',
            description:
              'CoreDNS answers slowly. Scale CoreDNS out (replicas or autoscaling), spread it across zones, or deploy NodeLocal DNSCache.',
          },
        },
      ],
    },
  ];
}

/**
 * VPC CNI health from ipamd's own metrics (amazon-vpc-cni-k8s utils/prometheusmetrics): failed pod IP assignments
 * (`awscni_no_available_ip_addresses`, a counter), EC2 API errors (`awscni_aws_api_error_count{api,error}`, a
 * counter), EC2 API latency (`awscni_aws_api_latency_ms{api,error,status}`, a summary without quantiles: mean from
 * _sum/_count) and start-up time (`awscni_ipamd_startup_duration_seconds{success,…}`, a histogram with buckets only
 * up to 10 s, observed once per process: its _sum/_count is that start-up).
 */
function cniHealthRules(settings: NetworkRuleSettings, window: string, forDuration: string): PrometheusRule[] {
  return [
    {
      alert: 'VpcCniNoAvailableIpAddresses',
      // Every increase is a pod that got no IP: no for:, one failed assignment is already a stuck pod.
      expr: `sum by (node) (increase(awscni_no_available_ip_addresses[${window}])) > 0`,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'VpcCniNoAvailableIpAddresses on {{ $labels.node }}',
        description: `ipamd failed {{ $value | humanize }} pod IP assignments in ${window} for want of a free IP; those pods stay in ContainerCreating. Check the subnet's free IPs, max-pods against the ENI limit, and WARM_IP_TARGET / MINIMUM_IP_TARGET.`,
      },
    },
    {
      alert: 'VpcCniEc2ApiErrors',
      expr: `sum by (node, api, error) (increase(awscni_aws_api_error_count[${window}])) > ${settings.cniApiErrorThreshold}`,
      for: forDuration,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'VpcCniEc2ApiErrors: {{ $labels.api }} {{ $labels.error }} on {{ $labels.node }}',
        description: `ipamd got {{ $value | humanize }} {{ $labels.error }} errors from EC2 {{ $labels.api }} in ${window}. Throttling (RequestLimitExceeded) during a scale-up delays pod IPs: raise WARM_IP_TARGET / MINIMUM_IP_TARGET, scale in steps, or request a higher EC2 API rate quota.`,
      },
    },
    {
      record: 'node_api:awscni_aws_api_latency_ms:mean',
      expr: `sum by (node, api) (rate(awscni_aws_api_latency_ms_sum[${window}])) / sum by (node, api) (rate(awscni_aws_api_latency_ms_count[${window}]))`,
    },
    {
      alert: 'VpcCniEc2ApiLatencyHigh',
      expr: `node_api:awscni_aws_api_latency_ms:mean > ${settings.cniApiLatencyMs}`,
      for: forDuration,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'VpcCniEc2ApiLatencyHigh: {{ $labels.api }} on {{ $labels.node }}',
        description: `EC2 {{ $labels.api }} calls of ipamd take {{ $value | humanize }} ms on average (above ${settings.cniApiLatencyMs} ms): ENI and IP allocation slows down and new pods wait. Check the EC2 API error alerts and the account's EC2 API call volume.`,
      },
    },
    {
      record: 'node:awscni_ipamd_startup_seconds:last',
      expr: 'max by (node) (awscni_ipamd_startup_duration_seconds_sum{success="true"} / awscni_ipamd_startup_duration_seconds_count{success="true"})',
    },
    {
      alert: 'VpcCniSlowStart',
      // Reported while the slow ipamd is young, then resolved: a start-up is one event, not a lasting state.
      expr: `node:awscni_ipamd_startup_seconds:last > ${settings.cniStartupSeconds} and on (node) (time() - max by (node) (process_start_time_seconds{job="aws-node"}) < ${CNI_SLOW_START_REPORT_SECONDS})`,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'VpcCniSlowStart on {{ $labels.node }}: ipamd took {{ $value | humanizeDuration }} to start',
        description: `ipamd on this node needed {{ $value | humanizeDuration }} from process start to serving CNI requests, above the ${settings.cniStartupSeconds} s a node needs to be ready for pods quickly. Usual causes: aws-node waiting for the API server before kube-proxy programs the Service (set CLUSTER_ENDPOINT, the aws-node init gate), or slow EC2 ENI calls.`,
      },
    },
  ];
}

/** Every alert name the rule groups define: part of the public API, users route on them. */
export const NETWORK_ALERT_NAMES = [
  ...ENA_COUNTERS.map((c) => c.alert),
  'EC2ConntrackAllowanceLow',
  'VpcCniIpAddressesLow',
  'VpcCniNoAvailableIpAddresses',
  'VpcCniEc2ApiErrors',
  'VpcCniEc2ApiLatencyHigh',
  'VpcCniSlowStart',
  'CoreDNSErrorsHigh',
  'CoreDNSLatencyHigh',
];

/** A Prometheus rules file. */
export function renderRulesFile(groups: readonly PrometheusRuleGroup[]): string {
  return toYaml({ groups }, { lineWidth: 0 });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
