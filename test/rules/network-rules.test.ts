import { stringify } from 'yaml';
import { runTool } from './prometheus-tools';
import {
  EnaMetricNaming,
  NETWORK_ALERT_NAMES,
  NETWORK_RULE_DEFAULTS,
  NetworkRuleSettings,
  networkRuleGroups,
  renderRulesFile,
} from '../../lib/rules/network-rules';

const rules = (settings: Partial<NetworkRuleSettings> = {}) =>
  renderRulesFile(networkRuleGroups({ ...NETWORK_RULE_DEFAULTS, ...settings }));

/** Run promtool's rule unit tests: input series every 30 s (the managed scraper's interval), rules every minute. */
function promtoolTest(
  rulesYaml: string,
  inputSeries: Array<{ series: string; values: string }>,
  alertRuleTest: unknown[],
) {
  const test = {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [{ interval: '30s', input_series: inputSeries, alert_rule_test: alertRuleTest }],
  };
  return runTool('promtool', () => ['test', 'rules', 'test.yml'], {
    'rules.yml': rulesYaml,
    'test.yml': stringify(test),
  });
}

test('promtool check rules accepts the rules file, with both exporter namings', () => {
  for (const enaMetricNaming of [EnaMetricNaming.NODE_EXPORTER, EnaMetricNaming.SHOWMAX]) {
    const run = runTool('promtool', () => ['check', 'rules', 'rules.yml'], { 'rules.yml': rules({ enaMetricNaming }) });
    expect(run).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS: 23 rules found/) });
  }
});

test('promtool check rules is not vacuous: it rejects a broken expression', () => {
  const run = runTool('promtool', () => ['check', 'rules', 'rules.yml'], {
    'rules.yml': rules().replace('sum by (node, device)', 'sum by (node, device'),
  });
  expect(run.status).toBe(1);
});

test('the public alert names are stable, and every alert has a severity, a summary and a description', () => {
  expect(NETWORK_ALERT_NAMES).toEqual([
    'EC2PpsAllowanceExceeded',
    'EC2BwInAllowanceExceeded',
    'EC2BwOutAllowanceExceeded',
    'EC2ConntrackAllowanceExceeded',
    'EC2LinkLocalAllowanceExceeded',
    'EC2ConntrackAllowanceLow',
    'VpcCniIpAddressesLow',
    'VpcCniNoAvailableIpAddresses',
    'VpcCniEc2ApiErrors',
    'VpcCniEc2ApiLatencyHigh',
    'VpcCniSlowStart',
    'CoreDNSErrorsHigh',
    'CoreDNSLatencyHigh',
  ]);
  const alerts = networkRuleGroups(NETWORK_RULE_DEFAULTS).flatMap((g) => g.rules.filter((r) => r.alert));
  expect(alerts.map((a) => a.alert)).toEqual(NETWORK_ALERT_NAMES);
  for (const alert of alerts) {
    expect(alert.labels?.severity).toMatch(/^(warning|critical)$/);
    expect(Object.keys(alert.annotations ?? {})).toEqual(['summary', 'description']);
    expect(alert.expr).not.toMatch(/device="eth0"|\[30s\]/);
  }
});

// Timeline: samples every 30 s; the condition starts at 5.5 min; for 5m makes the alert pending at 8 min and
// firing from about 11 min. A "single scrape" is one odd sample among steady ones.
const ENA = [
  [
    'EC2PpsAllowanceExceeded',
    'pps_allowance_exceeded',
    'packets per second above the instance allowance were dropped. Spread the traffic over more or larger instances, or use an instance type with a higher PPS allowance.',
  ],
  [
    'EC2BwInAllowanceExceeded',
    'bw_in_allowance_exceeded',
    'inbound packets above the instance bandwidth allowance were queued or dropped. Move to an instance type with more network bandwidth or spread the inbound traffic.',
  ],
  [
    'EC2BwOutAllowanceExceeded',
    'bw_out_allowance_exceeded',
    'outbound packets above the instance bandwidth allowance were queued or dropped. Move to an instance type with more network bandwidth or spread the outbound traffic.',
  ],
  [
    'EC2ConntrackAllowanceExceeded',
    'conntrack_allowance_exceeded',
    'new connections were dropped because the connection-tracking allowance was full. Use a larger instance type, shorten idle connection timeouts, or reduce tracked flows (security groups track every flow).',
  ],
  [
    'EC2LinkLocalAllowanceExceeded',
    'linklocal_allowance_exceeded',
    'packets to link-local services (Amazon DNS, IMDS, NTP) above 1024 PPS per ENI were dropped, silently for DNS. Deploy NodeLocal DNSCache and scale CoreDNS out, so DNS stops crossing the ENI to the VPC resolver.',
  ],
] as const;

describe.each(ENA)('%s', (alertname, stat, description) => {
  const labels = 'node="n1",device="ens6",instance="10.0.1.7:9100"';
  const firing = [
    {
      exp_labels: { severity: 'warning', node: 'n1', device: 'ens6' },
      exp_annotations: { summary: `${alertname} on n1 ens6`, description: `100 packets in 5m: ${description}` },
    },
  ];

  test.each([EnaMetricNaming.NODE_EXPORTER, EnaMetricNaming.SHOWMAX])(
    'fires when the counter rises, after for: (%s names, any device)',
    (naming) => {
      const series =
        naming === EnaMetricNaming.SHOWMAX
          ? `node_net_ethtool{${labels},type="${stat}"}`
          : `node_ethtool_${stat}{${labels}}`;
      const run = promtoolTest(
        rules({ enaMetricNaming: naming }),
        [{ series, values: '0x10 0+10x40' }],
        [
          { eval_time: '8m', alertname, exp_alerts: [] },
          { eval_time: '14m', alertname, exp_alerts: firing },
        ],
      );
      expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    },
  );

  test('stays silent on a flat counter and on a single scrape', () => {
    const run = promtoolTest(
      rules(),
      [
        { series: `node_ethtool_${stat}{node="flat",device="ens5",instance="a"}`, values: '5000x50' },
        { series: `node_ethtool_${stat}{node="once",device="ens5",instance="b"}`, values: '_x20 7 _x29' },
      ],
      [
        { eval_time: '20m', alertname, exp_alerts: [] },
        { eval_time: '11m', alertname, exp_alerts: [] },
      ],
    );
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});

test('a rule test can fail: firing expected too early is reported', () => {
  const run = promtoolTest(
    rules(),
    [{ series: 'node_ethtool_pps_allowance_exceeded{node="n1",device="ens5"}', values: '0x10 0+10x40' }],
    [
      {
        eval_time: '8m',
        alertname: 'EC2PpsAllowanceExceeded',
        exp_alerts: [{ exp_labels: { severity: 'warning', node: 'n1', device: 'ens5' } }],
      },
    ],
  );
  expect(run.status).toBe(1);
});

test('EC2ConntrackAllowanceLow fires on the gauge falling below the floor, after for:, and ignores a single low sample', () => {
  const series = (node: string, values: string) => ({
    series: `node_ethtool_conntrack_allowance_available{node="${node}",device="ens5",instance="x"}`,
    values,
  });
  const run = promtoolTest(
    rules(),
    [series('low', '50000x10 5000x30'), series('blip', '50000x10 5000 50000x30'), series('high', '50000x40')],
    [
      { eval_time: '8m', alertname: 'EC2ConntrackAllowanceLow', exp_alerts: [] },
      {
        eval_time: '14m',
        alertname: 'EC2ConntrackAllowanceLow',
        exp_alerts: [
          {
            exp_labels: { severity: 'warning', node: 'low', device: 'ens5' },
            exp_annotations: {
              summary: 'EC2ConntrackAllowanceLow on low ens5',
              description:
                'Only 5000 tracked connections are left before new connections are dropped. Use a larger instance type or reduce long-lived idle connections.',
            },
          },
        ],
      },
    ],
  );
  expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
});

describe('VpcCniIpAddressesLow: free pool addresses (total − assigned) low while ipamd fails to add more', () => {
  // ipamd's gauges as utils/prometheusmetrics defines them: awscni_total_ip_addresses counts every address in the
  // datastore (a /28 prefix counts 16), awscni_assigned_ip_addresses those pods hold; awscni_ip_max is the ENI
  // capacity. awscni_aws_api_error_count{api,error} counts EC2 errors. Every 30 s; 40 samples = 20 minutes.
  const node = (
    name: string,
    max: number,
    total: string,
    assigned: string,
    errors: string,
    api = 'AssignPrivateIpAddresses',
  ) => [
    { series: `awscni_ip_max{node="${name}",instance="i"}`, values: `${max}x40` },
    { series: `awscni_total_ip_addresses{node="${name}",instance="i"}`, values: total },
    { series: `awscni_assigned_ip_addresses{node="${name}",instance="i"}`, values: assigned },
    {
      series: `awscni_aws_api_error_count{node="${name}",instance="i",api="${api}",error="InsufficientFreeAddressesInSubnet"}`,
      values: errors,
    },
  ];
  const firing = (name: string, free: number) => ({
    exp_labels: { severity: 'warning', node: name },
    exp_annotations: {
      summary: `VpcCniIpAddressesLow on ${name}`,
      description: `Only ${free} free pod IPs are left on this node and ipamd's EC2 calls to add more fail (AssignPrivateIpAddresses, CreateNetworkInterface, AttachNetworkInterface errors in 5m); new pods will soon wait in ContainerCreating. See VpcCniEc2ApiErrors for the API and error code: InsufficientFreeAddressesInSubnet (subnet full), InsufficientCidrBlocks (no free /28 for prefixes), RequestLimitExceeded (throttled).`,
    },
  });

  test('prefix delegation (m5.xlarge, ENI capacity 896): fires when 3 prefixes (48) fill to 46 and the subnet refuses more', () => {
    // From minute 5 pods hold 46 of 48 (2 free) and every assign fails; the old max − assigned rule saw 896 − 46 = 850.
    const run = promtoolTest(
      rules(),
      [
        ...node('exhausted', 896, '48x40', '20x10 46x30', '0x10 0+1x30'),
        // A full node at max pods 110: 112 in 7 prefixes, 108 pods, 4 free, but ipamd stops asking: silent.
        ...node('full', 896, '112x40', '108x40', '0x40'),
        // Errors but plenty free (a throttled top-up that later succeeds): silent.
        ...node('busy', 896, '64x40', '20x40', '0x10 0+1x30'),
      ],
      [
        { eval_time: '8m', alertname: 'VpcCniIpAddressesLow', exp_alerts: [] },
        { eval_time: '14m', alertname: 'VpcCniIpAddressesLow', exp_alerts: [firing('exhausted', 2)] },
      ],
    );
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  test('secondary IPs (m5.large): fires when 27 of 27 are held and CreateNetworkInterface fails; a full node stays silent', () => {
    const run = promtoolTest(
      rules(),
      [
        ...node('exhausted', 27, '18x40', '10x10 17x30', '0x10 0+1x30', 'CreateNetworkInterface'),
        ...node('full', 27, '27x40', '27x40', '0x40'),
        // One odd scrape of errors and a low pool that recovers: no for: window of both.
        ...node('blip', 27, '18x40', '10x10 17 10x29', '0x10 1x30'),
      ],
      [{ eval_time: '14m', alertname: 'VpcCniIpAddressesLow', exp_alerts: [firing('exhausted', 1)] }],
    );
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  test('the old expression could not fire with prefix delegation: ip_max − assigned stays far above the threshold', () => {
    // Evaluated by promtool as it was written: awscni_ip_max − assigned = 896 − 46 = 850 on the exhausted node.
    const old = stringify({
      groups: [
        {
          name: 'old',
          rules: [
            {
              alert: 'Old',
              expr: 'sum by (node) (awscni_ip_max) - sum by (node) (awscni_assigned_ip_addresses) < 5',
              for: '5m',
            },
          ],
        },
      ],
    });
    const run = promtoolTest(old, node('exhausted', 896, '48x40', '20x10 46x30', '0x10 0+1x30'), [
      { eval_time: '14m', alertname: 'Old', exp_alerts: [] },
    ]);
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});

test('CoreDNSErrorsHigh fires when SERVFAIL passes 3 % of responses, after for:, not on a flat counter', () => {
  const run = promtoolTest(
    rules(),
    [
      { series: 'coredns_dns_responses_total{rcode="NOERROR",instance="c1"}', values: '0+100x40' },
      { series: 'coredns_dns_responses_total{rcode="SERVFAIL",instance="c1"}', values: '0x10 0+10x30' },
    ],
    [
      { eval_time: '4m', alertname: 'CoreDNSErrorsHigh', exp_alerts: [] },
      { eval_time: '8m', alertname: 'CoreDNSErrorsHigh', exp_alerts: [] },
      {
        eval_time: '14m',
        alertname: 'CoreDNSErrorsHigh',
        exp_alerts: [
          {
            exp_labels: { severity: 'critical' },
            exp_annotations: {
              summary: 'CoreDNSErrorsHigh: 9.091% of DNS responses are SERVFAIL',
              description:
                'CoreDNS fails lookups. Check its upstream (the VPC resolver, its link-local 1024 PPS limit: EC2LinkLocalAllowanceExceeded) and its logs; scale CoreDNS out or deploy NodeLocal DNSCache.',
            },
          },
        ],
      },
    ],
  );
  expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
});

test('CoreDNSLatencyHigh fires on a slow p99 after for:, not on fast responses or a single scrape', () => {
  const buckets = (le: string, values: string, job = 'slow') => ({
    series: `coredns_dns_request_duration_seconds_bucket{le="${le}",job="${job}"}`,
    values,
  });
  const slow = [
    buckets('0.1', '0+1x40'),
    buckets('1', '0+2x40'),
    buckets('2.5', '0+100x40'),
    buckets('+Inf', '0+100x40'),
  ];
  const run = promtoolTest(rules(), slow, [
    { eval_time: '3m', alertname: 'CoreDNSLatencyHigh', exp_alerts: [] },
    {
      eval_time: '14m',
      alertname: 'CoreDNSLatencyHigh',
      exp_alerts: [
        {
          exp_labels: { severity: 'warning' },
          exp_annotations: {
            summary: 'CoreDNSLatencyHigh: p99 DNS latency is 2.485s',
            description:
              'CoreDNS answers slowly. Scale CoreDNS out (replicas or autoscaling), spread it across zones, or deploy NodeLocal DNSCache.',
          },
        },
      ],
    },
  ]);
  expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  const fast = [
    buckets('0.1', '0+100x40', 'fast'),
    buckets('1', '0+100x40', 'fast'),
    buckets('+Inf', '0+100x40', 'fast'),
  ];
  const once = [buckets('0.1', '_x20 0 _x19', 'once'), buckets('+Inf', '_x20 100 _x19', 'once')];
  for (const series of [fast, once]) {
    expect(
      promtoolTest(rules(), series, [{ eval_time: '14m', alertname: 'CoreDNSLatencyHigh', exp_alerts: [] }]),
    ).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  }
});

test.each<[Partial<NetworkRuleSettings>, RegExp]>([
  [
    { scrapeIntervalSeconds: 15 },
    /scrapeIntervalSeconds \(15\) must be a whole number from 30 to 3600; the AMP managed collector scrapes no faster than every 30 s/,
  ],
  [
    { windowMinutes: 1 },
    /ruleWindowMinutes \(1 min\) is shorter than 4 × the scrape interval \(120 s\).*use at least 2 minutes/,
  ],
  [
    { scrapeIntervalSeconds: 60, windowMinutes: 3 },
    /ruleWindowMinutes \(3 min\) is shorter than 4 × the scrape interval \(240 s\).*at least 4 minutes/,
  ],
  [{ coreDnsErrorRatio: 3 }, /coreDnsErrorRatio \(3\) must be between 0 and 1/],
  [{ ipAddressesLowThreshold: -1 }, /ipAddressesLowThreshold \(-1\)/],
])('bad settings %j are errors', (settings, message) => {
  expect(() => networkRuleGroups({ ...NETWORK_RULE_DEFAULTS, ...settings })).toThrow(message);
});

describe('VPC CNI health from ipamd metrics (names and types as amazon-vpc-cni-k8s utils/prometheusmetrics defines them)', () => {
  const ok = { status: 0, output: expect.stringContaining('SUCCESS') };

  test('VpcCniNoAvailableIpAddresses fires on any failed IP assignment, not on a flat counter or a restart', () => {
    // Counter rising by 1 per 30 s from 5.5 min: over (9 min, 14 min] 9 steps are seen in 4.5 min, extrapolated to
    // the 5 min window: 9 × 5 / 4.5 = 10.
    const run = promtoolTest(
      rules(),
      [
        { series: 'awscni_no_available_ip_addresses{node="full",instance="a"}', values: '0x10 0+1x30' },
        { series: 'awscni_no_available_ip_addresses{node="flat",instance="b"}', values: '4x40' },
        { series: 'awscni_no_available_ip_addresses{node="restarted",instance="c"}', values: '4x10 0x30' },
      ],
      [
        { eval_time: '5m', alertname: 'VpcCniNoAvailableIpAddresses', exp_alerts: [] },
        {
          eval_time: '14m',
          alertname: 'VpcCniNoAvailableIpAddresses',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', node: 'full' },
              exp_annotations: {
                summary: 'VpcCniNoAvailableIpAddresses on full',
                description:
                  "ipamd failed 10 pod IP assignments in 5m for want of a free IP; those pods stay in ContainerCreating. Check the subnet's free IPs, max-pods against the ENI limit, and WARM_IP_TARGET / MINIMUM_IP_TARGET.",
              },
            },
          ],
        },
      ],
    );
    expect(run).toEqual(ok);
  });

  test('VpcCniEc2ApiErrors fires per API and error code after for:, not on a flat counter', () => {
    const labels = 'api="AssignPrivateIpAddresses",error="RequestLimitExceeded",instance="i"';
    const run = promtoolTest(
      rules(),
      [
        { series: `awscni_aws_api_error_count{node="n1",${labels}}`, values: '0x10 0+1x30' },
        { series: `awscni_aws_api_error_count{node="n2",${labels}}`, values: '7x40' },
      ],
      [
        { eval_time: '8m', alertname: 'VpcCniEc2ApiErrors', exp_alerts: [] },
        {
          eval_time: '14m',
          alertname: 'VpcCniEc2ApiErrors',
          exp_alerts: [
            {
              exp_labels: {
                severity: 'warning',
                node: 'n1',
                api: 'AssignPrivateIpAddresses',
                error: 'RequestLimitExceeded',
              },
              exp_annotations: {
                summary: 'VpcCniEc2ApiErrors: AssignPrivateIpAddresses RequestLimitExceeded on n1',
                description:
                  'ipamd got 10 RequestLimitExceeded errors from EC2 AssignPrivateIpAddresses in 5m. Throttling (RequestLimitExceeded) during a scale-up delays pod IPs: raise WARM_IP_TARGET / MINIMUM_IP_TARGET, scale in steps, or request a higher EC2 API rate quota.',
              },
            },
          ],
        },
      ],
    );
    expect(run).toEqual(ok);
  });

  test('VpcCniEc2ApiLatencyHigh fires on the summary mean (_sum / _count) above 1 s after for:, not on fast calls', () => {
    // One call per scrape; from 5.5 min each call of the slow node takes 2000 ms, so its mean is 2000 ms.
    const series = (node: string, sum: string) => [
      {
        series: `awscni_aws_api_latency_ms_count{node="${node}",api="CreateNetworkInterface",error="",status=""}`,
        values: '0+1x40',
      },
      {
        series: `awscni_aws_api_latency_ms_sum{node="${node}",api="CreateNetworkInterface",error="",status=""}`,
        values: sum,
      },
    ];
    const run = promtoolTest(
      rules(),
      [...series('slow', '0+100x10 3000+2000x29'), ...series('fast', '0+100x40')],
      [
        { eval_time: '5m', alertname: 'VpcCniEc2ApiLatencyHigh', exp_alerts: [] },
        {
          eval_time: '14m',
          alertname: 'VpcCniEc2ApiLatencyHigh',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', node: 'slow', api: 'CreateNetworkInterface' },
              exp_annotations: {
                summary: 'VpcCniEc2ApiLatencyHigh: CreateNetworkInterface on slow',
                description:
                  "EC2 CreateNetworkInterface calls of ipamd take 2k ms on average (above 1000 ms): ENI and IP allocation slows down and new pods wait. Check the EC2 API error alerts and the account's EC2 API call volume.",
              },
            },
          ],
        },
      ],
    );
    expect(run).toEqual(ok);
  });

  test('VpcCniSlowStart fires for an ipamd that took longer than 30 s to start, within an hour of its start only', () => {
    // The histogram is observed once per process, so _sum / _count is that process's start-up.
    const node = (name: string, seconds: number, startedAt: number) => [
      {
        series: `awscni_ipamd_startup_duration_seconds_sum{node="${name}",success="true",with_api_server="true"}`,
        values: `${seconds}x20`,
      },
      {
        series: `awscni_ipamd_startup_duration_seconds_count{node="${name}",success="true",with_api_server="true"}`,
        values: '1x20',
      },
      { series: `process_start_time_seconds{job="aws-node",node="${name}"}`, values: `${startedAt}x20` },
    ];
    const run = promtoolTest(
      rules(),
      [...node('slow', 45, 0), ...node('quick', 12, 0), ...node('slow-long-ago', 45, -7200)],
      [
        {
          eval_time: '5m',
          alertname: 'VpcCniSlowStart',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', node: 'slow' },
              exp_annotations: {
                summary: 'VpcCniSlowStart on slow: ipamd took 45s to start',
                description:
                  'ipamd on this node needed 45s from process start to serving CNI requests, above the 30 s a node needs to be ready for pods quickly. Usual causes: aws-node waiting for the API server before kube-proxy programs the Service (set CLUSTER_ENDPOINT, the aws-node init gate), or slow EC2 ENI calls.',
              },
            },
          ],
        },
      ],
    );
    expect(run).toEqual(ok);
  });
});
