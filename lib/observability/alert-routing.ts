import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { NetkitValidationError } from '../private/validation-error';
import { checkArn, checkEmail, checkUrl } from '../private/validators';

/** Where alerts go, as the user asked. */
export interface AlertRoutingSettings {
  readonly alertTopic?: sns.ITopic;
  readonly alarmActions?: cloudwatch.IAlarmAction[];
  readonly alertEmails?: string[];
  readonly alertHttpsUrls?: string[];
}

/** The resolved routing: the topic AMP publishes to, and the actions every CloudWatch alarm takes. */
export interface AlertRouting {
  readonly topic: sns.ITopic;
  readonly alarmActions: cloudwatch.IAlarmAction[];
}

/**
 * Alert routing: the user's topic, or a new standard topic encrypted with a key AMP and CloudWatch may use; e-mail
 * and HTTPS subscriptions; and the alarm actions (the user's, or publish to the topic). Creates its resources in
 * `scope` under the IDs the library has always used (`TopicKey`, `AlertTopic`).
 */
export function createAlertRouting(scope: Construct, settings: AlertRoutingSettings): AlertRouting {
  checkSubscriptions(scope, settings);
  const topic = settings.alertTopic ?? encryptedTopic(scope);
  if (settings.alertTopic) {
    checkUserTopic(scope, settings.alertTopic);
    const key = settings.alertTopic.masterKey;
    if (key && !allowServicesToUseKey(scope, key)) {
      Annotations.of(scope).addWarningV2(
        '@cdk-eks-netkit/observability:alertTopicKey',
        `alertTopic is encrypted with key ${key.node.path}, whose policy cannot be extended here: allow aps.amazonaws.com and cloudwatch.amazonaws.com kms:GenerateDataKey* and kms:Decrypt on it, or alerts and alarm notifications are not delivered`,
      );
    }
  }
  (settings.alertEmails ?? []).forEach((email) => topic.addSubscription(new subscriptions.EmailSubscription(email)));
  (settings.alertHttpsUrls ?? []).forEach((url) => topic.addSubscription(new subscriptions.UrlSubscription(url)));
  return { topic, alarmActions: settings.alarmActions ?? [new cwActions.SnsAction(topic)] };
}

/**
 * Let this workspace (and no other) publish to the topic. A topic imported by ARN has no policy this stack can
 * extend: then the user is told the statement to add.
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alertmanager-receiver-AMPpermission.html
 */
export function allowWorkspaceToPublish(scope: Construct, topic: sns.ITopic, workspaceArn: string): void {
  const stack = Stack.of(scope);
  const { statementAdded } = topic.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
      actions: ['sns:Publish', 'sns:GetTopicAttributes'],
      resources: [topic.topicArn],
      conditions: {
        ArnEquals: { 'aws:SourceArn': workspaceArn },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }),
  );
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2(
      '@cdk-eks-netkit/observability:alertTopicPolicy',
      'alertTopic is imported, so its policy cannot be extended here: allow the service principal aps.amazonaws.com sns:Publish and sns:GetTopicAttributes on it (conditions aws:SourceArn = the workspace ARN, aws:SourceAccount = this account), and, if it is KMS-encrypted, kms:GenerateDataKey* and kms:Decrypt on its key; AMP cannot deliver alerts otherwise',
    );
  }
}

function encryptedTopic(scope: Construct): sns.Topic {
  const key = new kms.Key(scope, 'TopicKey', {
    enableKeyRotation: true,
    description: 'cdk-eks-netkit network alerts topic',
  });
  allowServicesToUseKey(scope, key);
  return new sns.Topic(scope, 'AlertTopic', { masterKey: key, enforceSSL: true, displayName: 'EKS network alerts' });
}

/** AMP and CloudWatch publish to an encrypted topic only if the key lets them; false when the key is imported. */
function allowServicesToUseKey(scope: Construct, key: kms.IKey): boolean {
  const stack = Stack.of(scope);
  return ['aps.amazonaws.com', 'cloudwatch.amazonaws.com'].every(
    (service) =>
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      ).statementAdded,
  );
}

/** AMP publishes only to a standard topic in the workspace's account. */
function checkUserTopic(scope: Construct, topic: sns.ITopic): void {
  if (topic.fifo) {
    throw new NetkitValidationError(
      `alertTopic ${topic.node.path} is a FIFO topic; AMP's alert manager publishes only to standard topics: pass a standard topic`,
      scope,
    );
  }
  const stack = Stack.of(scope);
  const account = stack.account;
  const topicAccount = topic.env.account;
  if (!Token.isUnresolved(account) && !Token.isUnresolved(topicAccount) && account !== topicAccount) {
    throw new NetkitValidationError(
      `alertTopic is in account ${topicAccount} but the workspace is in ${account}; AMP's alert manager publishes only to a topic in its own account: pass a topic from ${account}`,
      scope,
    );
  }
  // AMP's alert manager and CloudWatch alarms publish to a topic in their own Region.
  const problem = checkArn('alertTopic', topic.topicArn, {
    service: 'sns',
    region: stack.region,
    partition: stack.partition,
    example: `arn:${Token.isUnresolved(stack.partition) ? 'aws' : stack.partition}:sns:${Token.isUnresolved(stack.region) ? 'eu-west-1' : stack.region}:123456789012:alerts`,
  });
  if (problem) {
    throw new NetkitValidationError(
      `alertTopic (${topic.topicArn}) ${problem.rule}; AMP's alert manager publishes only to an SNS topic in the workspace's Region${problem.fix ? `: ${problem.fix}` : ''}`,
      scope,
    );
  }
}

function checkSubscriptions(scope: Construct, settings: AlertRoutingSettings): void {
  for (const email of settings.alertEmails ?? []) {
    const problem = checkEmail('alertEmails', email);
    if (problem) {
      throw new NetkitValidationError(`alertEmails entry '${email}' ${problem.rule} (name@example.com)`, scope);
    }
  }
  for (const url of settings.alertHttpsUrls ?? []) {
    const problem = checkUrl('alertHttpsUrls', url);
    if (problem) {
      throw new NetkitValidationError(
        `alertHttpsUrls entry '${url}' must be an https:// URL with a host name (${problem.rule}); e.g. https://hooks.example.com/alerts`,
        scope,
      );
    }
  }
}
