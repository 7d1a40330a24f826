import { Duration, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { NODE_VOLUME_TAGS } from '../node-spec/volume-tags';
import { requireInteger } from '../private/validation-error';

/** EC2 APIs the VPC CNI calls as pods and nodes scale; CloudWatch publishes their call counts in AWS/Usage. */
export const CNI_EC2_APIS = ['AssignPrivateIpAddresses', 'CreateNetworkInterface', 'AttachNetworkInterface'];
/**
 * The EC2 API the VPC CNI calls once per new node in IPv6 mode: the node's /80 prefix on its primary ENI
 * (ipamd `assignIPv6Prefix`). Warm targets do not exist there, so a scale-up's rate is its node launch rate.
 */
export const CNI_IPV6_EC2_API = 'AssignIpv6Addresses';

/** Thresholds of the CloudWatch alarms, as the user set them. */
export interface CloudWatchAlarmSettings {
  readonly controlPlaneThrottleThreshold?: number;
  readonly ec2ApiCallsPerMinuteThreshold?: number;
}

/**
 * The CloudWatch alarms: EBS throttling of the cluster's node volumes, control-plane 429s and EC2 API call volume,
 * each taking the given actions on ALARM and OK. Created in `scope` under the library's historical IDs.
 */
export function createNetworkAlarms(
  scope: Construct,
  cluster: eks.ICluster,
  settings: CloudWatchAlarmSettings,
  actions: cloudwatch.IAlarmAction[],
  ipFamily?: eks.IpFamily,
): cloudwatch.Alarm[] {
  requireInteger('controlPlaneThrottleThreshold', settings.controlPlaneThrottleThreshold, 1);
  requireInteger('ec2ApiCallsPerMinuteThreshold', settings.ec2ApiCallsPerMinuteThreshold, 1);
  const alarms: cloudwatch.Alarm[] = [];
  const add = (alarm: cloudwatch.Alarm) => {
    alarm.addAlarmAction(...actions);
    alarm.addOkAction(...actions);
    alarms.push(alarm);
  };
  // Metrics Insights queries select the node volumes by the cluster tag the library's launch templates put on
  // them, so volumes of nodes launched later are covered without new alarms.
  for (const check of ['VolumeIOPSExceededCheck', 'VolumeThroughputExceededCheck']) {
    add(
      new cloudwatch.Alarm(scope, `Ebs${check}`, {
        alarmDescription: `EBS ${check} on node volumes of the cluster: container state or the root volume is throttled. Raise the data volume's IOPS/throughput or move state off the root volume.`,
        metric: new cloudwatch.MathExpression({
          expression: Fn.join('', [
            `SELECT MAX(${check}) FROM SCHEMA("AWS/EBS", InstanceId, VolumeId) WHERE tag."${NODE_VOLUME_TAGS.cluster}" = '`,
            cluster.clusterName,
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
    new cloudwatch.Alarm(scope, 'ControlPlaneThrottling', {
      alarmDescription:
        'The EKS API server rejected requests with 429 (API Priority and Fairness). Find the noisy client (controllers, aws-node, DaemonSets starting together) and spread its load.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/EKS',
        metricName: 'apiserver_request_total_429',
        dimensionsMap: { ClusterName: cluster.clusterName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: settings.controlPlaneThrottleThreshold ?? 10,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  );
  const ec2ApiAlarm = (api: string, fix: string) =>
    new cloudwatch.Alarm(scope, `Ec2Api${api}`, {
      alarmDescription: `EC2 ${api} calls per minute are high: a scale-up is near the EC2 API rate limits the VPC CNI depends on. ${fix}`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Usage',
        metricName: 'CallCount',
        dimensionsMap: { Service: 'EC2', Type: 'API', Resource: api, Class: 'None' },
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
      threshold: settings.ec2ApiCallsPerMinuteThreshold ?? 300,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  for (const api of CNI_EC2_APIS) {
    add(ec2ApiAlarm(api, 'Raise WARM_IP_TARGET / MINIMUM_IP_TARGET, scale in steps, or request a higher rate quota.'));
  }
  if (ipFamily === eks.IpFamily.IP_V6) {
    add(
      ec2ApiAlarm(
        CNI_IPV6_EC2_API,
        'On IPv6 each new node makes one call for its /80 and there are no warm targets: launch nodes in smaller steps, or request a higher rate quota.',
      ),
    );
  }
  return alarms;
}

/** A CloudWatch dashboard of the alarms: their states, then one graph each. */
export function createAlarmDashboard(scope: Construct, alarms: cloudwatch.Alarm[]): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', { defaultInterval: Duration.hours(6) });
  dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Network alarms', alarms, width: 24 }));
  dashboard.addWidgets(
    ...alarms.map((alarm) => new cloudwatch.AlarmWidget({ title: alarm.node.id, alarm, width: 8, height: 6 })),
  );
  return dashboard;
}
