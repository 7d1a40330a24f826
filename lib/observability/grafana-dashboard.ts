/** One timeseries panel: a title and the PromQL it plots. */
interface PanelSpec {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
}

const PANELS: PanelSpec[] = [
  {
    title: 'PPS allowance exceeded (packets per window)',
    expr: 'node_device:ena_pps_allowance_exceeded:increase',
    legend: '{{node}} {{device}}',
    unit: 'short',
  },
  {
    title: 'Inbound bandwidth allowance exceeded',
    expr: 'node_device:ena_bw_in_allowance_exceeded:increase',
    legend: '{{node}} {{device}}',
    unit: 'short',
  },
  {
    title: 'Outbound bandwidth allowance exceeded',
    expr: 'node_device:ena_bw_out_allowance_exceeded:increase',
    legend: '{{node}} {{device}}',
    unit: 'short',
  },
  {
    title: 'Conntrack allowance exceeded',
    expr: 'node_device:ena_conntrack_allowance_exceeded:increase',
    legend: '{{node}} {{device}}',
    unit: 'short',
  },
  {
    title: 'Link-local allowance exceeded (DNS, IMDS, NTP)',
    expr: 'node_device:ena_linklocal_allowance_exceeded:increase',
    legend: '{{node}} {{device}}',
    unit: 'short',
  },
  { title: 'VPC CNI free pod IPs per node', expr: 'node:awscni_ip_available:sum', legend: '{{node}}', unit: 'short' },
  {
    title: 'VPC CNI EC2 API mean latency',
    expr: 'node_api:awscni_aws_api_latency_ms:mean',
    legend: '{{node}} {{api}}',
    unit: 'ms',
  },
  { title: 'ipamd start-up per node', expr: 'node:awscni_ipamd_startup_seconds:last', legend: '{{node}}', unit: 's' },
  { title: 'CoreDNS SERVFAIL share', expr: 'cluster:coredns_servfail:ratio', legend: 'SERVFAIL', unit: 'percentunit' },
  { title: 'CoreDNS p99 latency', expr: 'cluster:coredns_request_duration_seconds:p99', legend: 'p99', unit: 's' },
];

/**
 * A Grafana dashboard (JSON model) of the recording rules: ENA allowances per node and device, ipamd IP headroom,
 * EC2 API latency and start-up, CoreDNS errors and latency. Import it into Amazon Managed Grafana and pick the AMP data source.
 */
export function renderGrafanaDashboard(title: string, conntrackAvailableMetric: string): string {
  const datasource = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
  const specs: PanelSpec[] = [
    ...PANELS.slice(0, 4),
    {
      title: 'Conntrack allowance available',
      expr: `min by (node, device) (${conntrackAvailableMetric})`,
      legend: '{{node}} {{device}}',
      unit: 'short',
    },
    ...PANELS.slice(4),
  ];
  const panels = specs.map((p, i) => ({
    id: i + 1,
    type: 'timeseries',
    title: p.title,
    datasource,
    gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
    targets: [{ refId: 'A', datasource, expr: p.expr, legendFormat: p.legend }],
  }));
  return JSON.stringify(
    {
      __inputs: [
        {
          name: 'DS_PROMETHEUS',
          label: 'Amazon Managed Service for Prometheus',
          type: 'datasource',
          pluginId: 'prometheus',
        },
      ],
      title,
      uid: 'cdk-eks-netkit-network',
      tags: ['eks', 'network', 'cdk-eks-netkit'],
      schemaVersion: 39,
      time: { from: 'now-6h', to: 'now' },
      refresh: '1m',
      panels,
    },
    undefined,
    2,
  );
}
