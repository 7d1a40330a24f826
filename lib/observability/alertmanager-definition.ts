import { toYaml } from '../private/yaml';

/** Where AMP's alert manager sends notifications. */
export interface AlertmanagerTarget {
  /** A standard SNS topic in the workspace's account. */
  readonly topicArn: string;
  /** The topic's region (`sigv4.region`, required by AMP). */
  readonly region: string;
}

/** Name of the template file the receivers use. */
export const TEMPLATE_NAME = 'netkit_template';

/** Subject: ASCII, short (AMP truncates at 100 characters); message: each alert's summary and description. */
const TEMPLATE = `{{ define "netkit.subject" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}
{{ define "netkit.message" }}{{ range .Alerts }}{{ .Labels.alertname }} ({{ .Labels.severity }}): {{ .Annotations.summary }}
{{ .Annotations.description }}
{{ end }}{{ end }}
`;

const SEVERITIES = ['warning', 'critical'] as const;

/** The inner Alertmanager configuration: routes by severity, one SNS receiver per severity. */
export function alertmanagerConfig(target: AlertmanagerTarget): Record<string, unknown> {
  return {
    templates: [TEMPLATE_NAME],
    route: {
      receiver: 'sns-warning',
      group_by: ['alertname', 'node'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [{ matchers: ['severity="critical"'], receiver: 'sns-critical', repeat_interval: '1h' }],
    },
    receivers: SEVERITIES.map((severity) => ({
      name: `sns-${severity}`,
      sns_configs: [
        {
          topic_arn: target.topicArn,
          sigv4: { region: target.region },
          subject: '{{ template "netkit.subject" . }}',
          message: '{{ template "netkit.message" . }}',
          // Subscribers can filter on severity.
          attributes: { severity },
        },
      ],
    })),
  };
}

/**
 * The AMP alert manager definition: `template_files` and `alertmanager_config` as a literal block string, the
 * shape AMP requires (a nested map instead of the block string is rejected).
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alertmanager-config.html
 */
export function renderAlertManagerDefinition(target: AlertmanagerTarget): string {
  return toYaml(
    {
      template_files: { [TEMPLATE_NAME]: TEMPLATE },
      alertmanager_config: toYaml(alertmanagerConfig(target), { lineWidth: 0 }),
    },
    { blockQuote: 'literal', lineWidth: 0 },
  );
}
