import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** What the controller's permissions are scoped to. */
export interface KarpenterControllerPolicyInput {
  readonly stack: Stack;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly interruptionQueueArn: string;
  /** The node roles Karpenter passes to instances. */
  readonly passRole: string[];
}

/** The policy, and its PassRole statement, to which node roles of node classes are added as they register. */
export interface KarpenterControllerPolicy {
  readonly document: iam.PolicyDocument;
  readonly passRole: iam.PolicyStatement;
}

/**
 * The controller's permissions, after the statements of Karpenter's getting-started CloudFormation template
 * (node lifecycle, IAM integration, EKS integration, interruption, resource discovery). Write actions are scoped by
 * the `eks:eks-cluster-name` tag Karpenter puts on everything it creates; the cluster name is a deploy-time value, so
 * it is a condition value, never a condition key.
 * @see https://karpenter.sh/docs/reference/cloudformation/
 */
export function karpenterControllerPolicy(input: KarpenterControllerPolicyInput): KarpenterControllerPolicy {
  const { stack } = input;
  const requestTag = { 'aws:RequestTag/eks:eks-cluster-name': input.clusterName };
  const resourceTag = { 'aws:ResourceTag/eks:eks-cluster-name': input.clusterName };
  const arn = (service: string, resource: string) =>
    `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`;
  const created = [
    'fleet/*',
    'instance/*',
    'volume/*',
    'network-interface/*',
    'launch-template/*',
    'spot-instances-request/*',
  ].map((r) => arn('ec2', r));
  const instanceProfiles = `arn:${stack.partition}:iam::${stack.account}:instance-profile/*`;
  const passRole = new iam.PolicyStatement({
    sid: 'PassNodeRoles',
    actions: ['iam:PassRole'],
    resources: input.passRole,
    conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
  });
  const document = new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'LaunchFromSharedResources',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [
          `arn:${stack.partition}:ec2:${stack.region}::image/*`,
          `arn:${stack.partition}:ec2:${stack.region}::snapshot/*`,
          arn('ec2', 'security-group/*'),
          arn('ec2', 'subnet/*'),
          arn('ec2', 'capacity-reservation/*'),
          arn('ec2', 'placement-group/*'),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'LaunchWithOwnLaunchTemplates',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [arn('ec2', 'launch-template/*')],
        conditions: { StringEquals: resourceTag },
      }),
      new iam.PolicyStatement({
        sid: 'CreateTaggedResources',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
        resources: created,
        conditions: { StringEquals: requestTag },
      }),
      new iam.PolicyStatement({
        sid: 'TagOnCreate',
        actions: ['ec2:CreateTags'],
        resources: created,
        conditions: {
          StringEquals: { ...requestTag, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
        },
      }),
      new iam.PolicyStatement({
        sid: 'TagOwnInstances',
        actions: ['ec2:CreateTags'],
        resources: [arn('ec2', 'instance/*')],
        conditions: {
          StringEquals: resourceTag,
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
        },
      }),
      new iam.PolicyStatement({
        sid: 'DeleteOwnResources',
        actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        resources: [arn('ec2', 'instance/*'), arn('ec2', 'launch-template/*')],
        conditions: { StringEquals: resourceTag },
      }),
      new iam.PolicyStatement({
        sid: 'ReadEc2',
        actions: [
          'ec2:DescribeCapacityReservations',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceStatus',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribePlacementGroups',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } },
      }),
      new iam.PolicyStatement({ sid: 'ReadPricing', actions: ['pricing:GetProducts'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'ReadAmiParameters',
        actions: ['ssm:GetParameter'],
        resources: [`arn:${stack.partition}:ssm:${stack.region}::parameter/aws/service/*`],
      }),
      passRole,
      new iam.PolicyStatement({
        sid: 'CreateInstanceProfiles',
        actions: ['iam:CreateInstanceProfile', 'iam:TagInstanceProfile'],
        resources: [instanceProfiles],
        conditions: {
          StringEquals: { ...requestTag, 'aws:RequestTag/topology.kubernetes.io/region': stack.region },
          StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ManageOwnInstanceProfiles',
        actions: [
          'iam:AddRoleToInstanceProfile',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:DeleteInstanceProfile',
          'iam:TagInstanceProfile',
        ],
        resources: [instanceProfiles],
        conditions: {
          StringEquals: { ...resourceTag, 'aws:ResourceTag/topology.kubernetes.io/region': stack.region },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ReadInstanceProfiles',
        actions: ['iam:GetInstanceProfile'],
        resources: [instanceProfiles],
      }),
      new iam.PolicyStatement({ sid: 'ListInstanceProfiles', actions: ['iam:ListInstanceProfiles'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'DiscoverApiServer',
        actions: ['eks:DescribeCluster'],
        resources: [input.clusterArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadInterruptionQueue',
        actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        resources: [input.interruptionQueueArn],
      }),
    ],
  });
  return { document, passRole };
}
