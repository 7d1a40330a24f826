import { stringify } from 'yaml';
import { NetkitValidationError, requireInteger } from '../private/validation-error';

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
  /** Free pod IPs per node below which VpcCniIpAddressesLow fires. */
  readonly ipAddressesLowThreshold: number;
  /** Share of CoreDNS responses that are SERVFAIL above which CoreDNSErrorsHigh fires (0.03 = 3 %). */
  readonly coreDnsErrorRatio: number;
  /** CoreDNS p99 latency in seconds above which CoreDNSLatencyHigh fires. */
  readonly coreDnsLatencySeconds: number;
  /** Exporter naming of the ENA counters. */
  readonly enaMetricNaming: EnaMetricNaming;
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
};

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

/** Check the settings; every error names the setting, the value and the fix. */
export function validateRuleSettings(settings: NetworkRuleSettings): void {
  requireInteger(
    'scrapeIntervalSeconds',
    settings.scrapeIntervalSeconds,
    30,
    3600,
    'the AMP managed collector scrapes no faster than every 30 s',
  );
  requireInteger('ruleWindowMinutes', settings.windowMinutes, 1, 1440);
  requireInteger('alertForMinutes', settings.forMinutes, 0, 1440);
  const minWindowSeconds = 4 * settings.scrapeIntervalSeconds;
  if (settings.windowMinutes * 60 < minWindowSeconds) {
    throw new NetkitValidationError(
      `ruleWindowMinutes (${settings.windowMinutes}) is shorter than 4 × the scrape interval (${minWindowSeconds} s): rate() and increase() ` +
        `then see fewer than two samples after one missed scrape; use at least ${Math.ceil(minWindowSeconds / 60)} minutes`,
    );
  }
  if (!(settings.coreDnsErrorRatio > 0 && settings.coreDnsErrorRatio < 1)) {
    throw new NetkitValidationError(
      `coreDnsErrorRatio (${settings.coreDnsErrorRatio}) must be between 0 and 1, e.g. 0.03 for 3 %`,
    );
  }
  if (!(settings.coreDnsLatencySeconds > 0)) {
    throw new NetkitValidationError(`coreDnsLatencySeconds (${settings.coreDnsLatencySeconds}) must be above 0`);
  }
  for (const [name, value] of [
    ['enaDropThreshold', settings.enaDropThreshold],
    ['conntrackAvailableThreshold', settings.conntrackAvailableThreshold],
    ['ipAddressesLowThreshold', settings.ipAddressesLowThreshold],
  ] as const) {
    requireInteger(name, value, 0);
  }
}

function enaSeries(naming: EnaMetricNaming, stat: string): string {
  return naming === EnaMetricNaming.SHOWMAX ? `node_net_ethtool{type="${stat}"}` : `node_ethtool_${stat}`;
}

/**
 * The network rule groups: ENA allowance recording rules and alerts per node and device (every ENI, not only
 * eth0), conntrack headroom, VPC CNI IP headroom, and CoreDNS errors and latency on non-deprecated metrics.
 */
export function networkRuleGroups(settings: NetworkRuleSettings): PrometheusRuleGroup[] {
  validateRuleSettings(settings);
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
  const conntrackAvailable =
    settings.enaMetricNaming === EnaMetricNaming.SHOWMAX
      ? 'node_net_ethtool{type="conntrack_allowance_available"}'
      : 'node_ethtool_conntrack_allowance_available';
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
          record: 'node:awscni_ip_available:sum',
          expr: 'sum by (node) (awscni_ip_max) - sum by (node) (awscni_assigned_ip_addresses)',
        },
        {
          alert: 'VpcCniIpAddressesLow',
          expr: `node:awscni_ip_available:sum < ${settings.ipAddressesLowThreshold}`,
          for: forDuration,
          labels: { severity: 'warning' },
          annotations: {
            summary: 'VpcCniIpAddressesLow on {{ $labels.node }}',
            description:
              'Only {{ $value }} pod IPs are left on this node; new pods will wait in ContainerCreating. Check max-pods against the ENI limit (cdk-eks-netkit max-pods), the subnet free IPs, and WARM_IP_TARGET / MINIMUM_IP_TARGET.',
          },
        },
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

/** Every alert name the rule groups define: part of the public API, users route on them. */
export const NETWORK_ALERT_NAMES = [
  ...ENA_COUNTERS.map((c) => c.alert),
  'EC2ConntrackAllowanceLow',
  'VpcCniIpAddressesLow',
  'CoreDNSErrorsHigh',
  'CoreDNSLatencyHigh',
];

/** A Prometheus rules file. */
export function renderRulesFile(groups: readonly PrometheusRuleGroup[]): string {
  return stringify({ groups }, { lineWidth: 0 });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
