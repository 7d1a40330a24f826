import { Annotations, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { referenceCluster } from './reference-cluster';
import {
  KarpenterCapacityType,
  KarpenterNodeClass,
  NetworkBaseline,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
} from '../../lib';

/** The Karpenter chart version the stack installs (CRDs included). */
export const KARPENTER_VERSION = '1.13.0';
const KARPENTER_NAMESPACE = 'kube-system';

/**
 * Karpenter with security groups for pods: the controller (Helm, EKS Pod Identity) with `reservedENIs` set to what
 * the mode takes, an EC2NodeClass and NodePool with the library's tuning, and a small managed node group for the
 * controller itself.
 */
export class KarpenterStack extends Stack {
  public readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.3.0.0/16'),
      maxAzs: 3,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    this.cluster = referenceCluster(this, vpc);
    const podNetworking = PodNetworking.secondaryIps({ securityGroupsForPods: true });
    const baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      vpcCniOptions: { podNetworking, podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD },
    });
    baseline.addNodegroup('System', { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 3 });
    // A literal discovery tag: the cluster name is a deploy-time value, and the subnets are created before the cluster.
    const discovery = { 'karpenter.sh/discovery': this.stackName };
    for (const subnet of vpc.privateSubnets) Tags.of(subnet).add('karpenter.sh/discovery', this.stackName);

    const nodeRole = new iam.Role(this, 'KarpenterNodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
        'AmazonEC2ContainerRegistryPullOnly',
        'AmazonSSMManagedInstanceCore',
      ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    new eks.AccessEntry(this, 'KarpenterNodeAccess', {
      cluster: this.cluster,
      principal: nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    const controllerRole = new iam.Role(this, 'KarpenterControllerRole', {
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags(),
      inlinePolicies: { Karpenter: karpenterControllerPolicy(this, this.cluster, nodeRole) },
    });
    const association = new eks.CfnPodIdentityAssociation(this, 'KarpenterPodIdentity', {
      clusterName: this.cluster.clusterName,
      namespace: KARPENTER_NAMESPACE,
      serviceAccount: 'karpenter',
      roleArn: controllerRole.roleArn,
    });
    association.node.addDependency(this.cluster.eksPodIdentityAgent!);

    const chart = this.cluster.addHelmChart('Karpenter', {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter/karpenter',
      version: KARPENTER_VERSION,
      namespace: KARPENTER_NAMESPACE,
      values: {
        settings: {
          clusterName: this.cluster.clusterName,
          reservedENIs: String(KarpenterNodeClass.reservedEnisFor(podNetworking)),
        },
        serviceAccount: { name: 'karpenter' },
        controller: { resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
      },
    });
    chart.node.addDependency(association);

    const nodeClass = baseline.addKarpenterNodeClass('Karpenter', {
      nodeRole,
      subnetSelectorTags: discovery,
      securityGroupSelectorTags: { 'aws:eks:cluster-name': this.cluster.clusterName },
      nodePool: { capacityTypes: [KarpenterCapacityType.ON_DEMAND, KarpenterCapacityType.SPOT], cpuLimit: 1000 },
    });
    nodeClass.node.addDependency(chart);
    Annotations.of(nodeClass).acknowledgeWarning(
      'cdk-eks-netkit:karpenterReservedEnis',
      'the Karpenter chart above sets settings.reservedENIs from KarpenterNodeClass.reservedEnisFor',
    );
  }
}

/** The controller's permissions, scoped to this cluster's tags where Karpenter's own policy scopes them. */
function karpenterControllerPolicy(stack: Stack, cluster: eks.Cluster, nodeRole: iam.Role): iam.PolicyDocument {
  // Karpenter tags what it creates with eks:eks-cluster-name; conditions on it keep the controller to this cluster.
  const requestTag = { 'aws:RequestTag/eks:eks-cluster-name': cluster.clusterName };
  const resourceTag = { 'aws:ResourceTag/eks:eks-cluster-name': cluster.clusterName };
  const arn = (service: string, resource: string, region = stack.region) =>
    `arn:${stack.partition}:${service}:${region}:${stack.account}:${resource}`;
  // What Karpenter creates when it launches a node.
  const created = [
    'fleet/*',
    'instance/*',
    'volume/*',
    'network-interface/*',
    'launch-template/*',
    'spot-instances-request/*',
  ].map((r) => arn('ec2', r));
  return new iam.PolicyDocument({
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
        conditions: { StringEquals: resourceTag },
      }),
      new iam.PolicyStatement({
        sid: 'DeleteOwnResources',
        actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        resources: [arn('ec2', 'instance/*'), arn('ec2', 'launch-template/*')],
        conditions: { StringEquals: resourceTag },
      }),
      new iam.PolicyStatement({
        sid: 'ReadEc2AndPricing',
        actions: [
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
          'ec2:DescribeCapacityReservations',
          'pricing:GetProducts',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'ReadAmiParameters',
        actions: ['ssm:GetParameter'],
        resources: [`arn:${stack.partition}:ssm:${stack.region}::parameter/aws/service/*`],
      }),
      new iam.PolicyStatement({ sid: 'PassNodeRole', actions: ['iam:PassRole'], resources: [nodeRole.roleArn] }),
      new iam.PolicyStatement({
        sid: 'ManageInstanceProfiles',
        actions: [
          'iam:CreateInstanceProfile',
          'iam:TagInstanceProfile',
          'iam:AddRoleToInstanceProfile',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:DeleteInstanceProfile',
          'iam:GetInstanceProfile',
          'iam:ListInstanceProfiles',
        ],
        resources: [`arn:${stack.partition}:iam::${stack.account}:instance-profile/*`],
      }),
      new iam.PolicyStatement({
        sid: 'DiscoverApiServer',
        actions: ['eks:DescribeCluster'],
        resources: [cluster.clusterArn],
      }),
    ],
  });
}
