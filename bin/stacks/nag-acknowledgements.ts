import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** cdk-nag's finding ID for one AWS managed policy on a role. */
const managed = (policy: string) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`;
/** cdk-nag's finding ID for one wildcard resource in a policy. */
const wildcard = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`;
const ec2Resource = (type: string) => wildcard(`arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:${type}/*`);

/**
 * The AwsSolutions findings the reference stacks accept, each finding by its exact ID and with its reason, matched by
 * construct path: anything new still fails the check.
 */
const ACKNOWLEDGEMENTS: Array<{ readonly path: RegExp; readonly ids: string[]; readonly reason: string }> = [
  {
    path: /\/Cluster\/Role$/,
    ids: [managed('AmazonEKSClusterPolicy'), managed('AmazonEKSVPCResourceController')],
    reason:
      'The EKS cluster role needs the AWS managed AmazonEKSClusterPolicy, and AmazonEKSVPCResourceController for security groups for pods; AWS keeps both current with the service.',
  },
  {
    path: /\/NodeGroupRole$|\/KarpenterNodeRole$/,
    ids: [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
      'AmazonEC2ContainerRegistryReadOnly',
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonSSMManagedInstanceCore',
    ].map(managed),
    reason:
      'EKS nodes need the AWS managed worker-node, VPC CNI and ECR read policies (and SSM for Karpenter nodes); AWS updates them as EKS changes.',
  },
  {
    path: /AutoMode\/Cluster\/Role$/,
    ids: [
      'AmazonEKSComputePolicy',
      'AmazonEKSBlockStoragePolicy',
      'AmazonEKSLoadBalancingPolicy',
      'AmazonEKSNetworkingPolicy',
    ].map(managed),
    reason:
      'An EKS Auto Mode cluster role needs the AWS managed compute, block storage, load balancing and networking policies; aws-eks-v2 attaches them and AWS keeps them current with Auto Mode.',
  },
  {
    path: /\/Cluster\/ClusternodePoolRole$|\/General\/NodeRole$/,
    ids: [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEC2ContainerRegistryReadOnly',
      'AmazonEKSWorkerNodeMinimalPolicy',
      'AmazonEC2ContainerRegistryPullOnly',
    ].map(managed),
    reason:
      "Auto Mode node roles need the AWS managed worker-node and ECR pull policies (the built-in pools' role from aws-eks-v2, the custom NodeClass role with the minimal ones AWS documents for Auto Mode).",
  },
  {
    path: /\/VpcCni\/Role$/,
    ids: [managed('AmazonEKS_CNI_Policy')],
    reason:
      'AmazonEKS_CNI_Policy is the AWS maintained policy for the VPC CNI, scoped to what aws-node does and updated with the CNI.',
  },
  {
    path: /\/Cluster\/KubectlProvider$/,
    ids: [
      ...[
        'service-role/AWSLambdaBasicExecutionRole',
        'service-role/AWSLambdaVPCAccessExecutionRole',
        'AmazonEC2ContainerRegistryReadOnly',
      ].map(managed),
      'AwsSolutions-IAM4[Policy::{"Fn::If":["ClusterKubectlProviderHandlerHasEcrPublic69E09706",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      wildcard('<ClusterKubectlProviderHandler2E05C68A.Arn>:*'),
      'AwsSolutions-L1',
    ],
    reason:
      "aws-cdk-lib's kubectl provider owns these: its Lambda roles use the AWS Lambda execution policies, its framework may invoke any version of its own handler, and aws-cdk-lib picks the handler runtime.",
  },
  {
    path: /\/VpcCni\/Role\/Resource$/,
    ids: [wildcard('*'), wildcard('arn:<AWS::Partition>:ec2:*:*:network-interface/*')],
    reason:
      "The VPC CNI's IPv6-mode policy as its documentation lists it (AWS publishes no managed one): AssignIpv6Addresses and Describe calls on the node's own ENIs, which are created at launch and cannot be named in advance; CreateTags only on network interfaces.",
  },
  {
    path: /\/NodeGroupRole\/DefaultPolicy\/Resource$/,
    ids: [wildcard('arn:aws:ec2:*:*:network-interface/*')],
    reason:
      "aws-eks-v2 gives the node role of an IPv6 cluster the VPC CNI's IPv6 permissions, tagging scoped to network interfaces; the library's VpcCni role carries them too, through EKS Pod Identity.",
  },
  {
    path: /\/KarpenterControllerRole$/,
    ids: [
      wildcard('*'),
      wildcard('arn:<AWS::Partition>:ec2:<AWS::Region>::image/*'),
      wildcard('arn:<AWS::Partition>:ec2:<AWS::Region>::snapshot/*'),
      wildcard('arn:<AWS::Partition>:ssm:<AWS::Region>::parameter/aws/service/*'),
      wildcard('arn:<AWS::Partition>:iam::<AWS::AccountId>:instance-profile/*'),
      ...[
        'capacity-reservation',
        'fleet',
        'instance',
        'launch-template',
        'network-interface',
        'security-group',
        'spot-instances-request',
        'subnet',
        'volume',
      ].map(ec2Resource),
    ],
    reason:
      "Karpenter's controller launches from whatever AMIs, subnets and security groups its node classes select and names what it creates: write actions are scoped by the eks:eks-cluster-name tag; Describe and pricing reads cannot be scoped.",
  },
];

/** Acknowledge the accepted findings in a reference stack. */
export function acknowledgeNagFindings(stack: Stack): void {
  for (const construct of stack.node.findAll() as IConstruct[]) {
    for (const ack of ACKNOWLEDGEMENTS.filter((a) => a.path.test(construct.node.path))) {
      for (const id of ack.ids) Validations.of(construct).acknowledge({ id, reason: ack.reason });
    }
  }
}
